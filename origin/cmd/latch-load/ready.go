package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// freeportCommand prints a TCP port that was free on 127.0.0.1 a moment ago.
func freeportCommand(args []string, w io.Writer) error {
	if err := newFlags("freeport").Parse(args); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	fmt.Fprintln(w, ln.Addr().(*net.TCPAddr).Port)
	return nil
}

// waitCommand polls URL/healthz until it answers 200, for at most -timeout.
func waitCommand(args []string, w io.Writer) error {
	fs := newFlags("wait")
	target := fs.String("url", "", "origin base URL (loopback only)")
	timeout := fs.Duration("timeout", 20*time.Second, "give up after this long")
	if err := fs.Parse(args); err != nil {
		return err
	}
	base, err := parseTarget(*target)
	if err != nil {
		return err
	}

	hc := newHTTPClient(1, 2*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	start := time.Now()
	for {
		if healthy(ctx, hc, base+"/healthz") {
			fmt.Fprintf(w, "ready in %s\n", time.Since(start).Round(time.Millisecond))
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s/healthz not ready after %s", base, *timeout)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func healthy(ctx context.Context, hc *http.Client, url string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	resp, err := hc.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
