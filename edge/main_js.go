//go:build js && wasm

// Command edge is Latch's Cloudflare Worker. It reads its vars and secrets from the
// Worker environment on the first request and serves the handler of package app.
package main

import (
	"log/slog"
	"net/http"
	"os"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/fetch"

	"github.com/latchauth/latch/edge/internal/app"
	"github.com/latchauth/latch/edge/internal/hopclient"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	workers.Serve(app.Deferred(func() (http.Handler, error) {
		cfg, err := app.ConfigFrom(cloudflare.Getenv)
		if err != nil {
			return nil, err
		}
		return app.New(cfg, fetchDoer(fetch.NewClient()), log)
	}, log))
}

// fetchDoer sends hop requests with the Workers fetch API. Redirects are not followed:
// the hop has none, and workerd refuses the "error" mode. net/http's Client must not be
// used here: under workerd it panics, and it would add about 1 MiB to the worker.
func fetchDoer(c *fetch.Client) hopclient.Doer {
	init := &fetch.RequestInit{Redirect: fetch.RedirectModeManual}
	return func(r *http.Request) (*http.Response, error) {
		return c.Do(&fetch.Request{Request: r}, init)
	}
}
