//go:build !(js && wasm)

// Command edge, built natively, serves the Worker's handler over net/http: the same
// package app, with an http.Client towards the origin. It is for tests and local
// debugging; production runs the js/wasm build.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/latchauth/latch/edge/internal/app"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		msg := err.Error()
		if !strings.HasPrefix(msg, "edge:") { // config errors carry it already
			msg = "edge: " + msg
		}
		fmt.Fprintln(os.Stderr, msg)
		os.Exit(1)
	}
}

// run parses flags, validates the configuration from the environment and serves
// until SIGINT or SIGTERM.
func run(args []string) error {
	fs := flag.NewFlagSet("edge", flag.ContinueOnError)
	listen := fs.String("listen", envOr("LATCH_EDGE_LISTEN", "127.0.0.1:8787"),
		"host:port to listen on (env LATCH_EDGE_LISTEN)")
	if err := fs.Parse(args); err != nil {
		return err
	}

	cfg, err := app.ConfigFrom(os.Getenv)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	client := &http.Client{
		Timeout: app.DefaultHopTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // as the Worker's manual redirect mode
		},
	}
	h, err := app.New(cfg, client.Do, log)
	if err != nil {
		return err
	}
	return serve(*listen, h, log)
}

func serve(addr string, h http.Handler, log *slog.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()

	log.Info("edge listening", "addr", ln.Addr().String())
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
