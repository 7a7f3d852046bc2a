//go:build !(js && wasm)

package main

import (
	"errors"
	"testing"

	"github.com/latchauth/latch/edge/internal/app"
)

// The native twin refuses to start on a bad configuration, as the Worker refuses to
// serve one.
func TestRunRefusesInvalidConfig(t *testing.T) {
	for _, name := range []string{app.EnvOriginURL, app.EnvJWTSecret, app.EnvEdgeSecret,
		app.EnvActionSecret, app.EnvTokenLifetime} {
		t.Setenv(name, "")
	}
	t.Setenv(app.EnvOriginURL, "http://127.0.0.1:8090")

	err := run([]string{"-listen", "127.0.0.1:0"})
	if !errors.Is(err, app.ErrInvalidConfig) {
		t.Errorf("run() = %v, want ErrInvalidConfig", err)
	}
}

func TestRunRefusesUnknownFlags(t *testing.T) {
	if err := run([]string{"-no-such-flag"}); err == nil {
		t.Error("run() accepted an unknown flag")
	}
}
