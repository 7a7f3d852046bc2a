package cli

import (
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/latchauth/latch/origin/internal/config"
)

// readConfig parses args as `latch serve` would and returns what configFrom makes of
// them, without validating or serving.
func readConfig(t *testing.T, args ...string) (config.Config, error) {
	t.Helper()
	var cfg config.Config
	var cfgErr error
	app := &cli.App{
		Writer:    io.Discard,
		ErrWriter: io.Discard,
		Commands: []*cli.Command{{
			Name:  "serve",
			Flags: serveFlags(),
			Action: func(c *cli.Context) error {
				cfg, cfgErr = configFrom(c)
				return nil
			},
		}},
	}
	if err := app.Run(append([]string{"latch", "serve"}, args...)); err != nil {
		t.Fatalf("parsing %q: %v", args, err)
	}
	return cfg, cfgErr
}

func clearLatchEnv(t *testing.T) {
	t.Helper()
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "LATCH_") {
			t.Setenv(name, "")
			os.Unsetenv(name)
		}
	}
}

func TestConfigFromEnvironment(t *testing.T) {
	clearLatchEnv(t)
	env := map[string]string{
		"LATCH_LISTEN":               "127.0.0.1:9191",
		"LATCH_DATA_DIR":             "/var/lib/latch-test",
		"LATCH_HASURA_ENDPOINT":      "http://127.0.0.1:8080/v1/graphql",
		"LATCH_HASURA_ADMIN_SECRET":  "admin-secret-from-env",
		"LATCH_HASURA_TIMEOUT":       "4s",
		"LATCH_JWT_SECRET":           `{"type":"HS256","key":"jwt-key-from-env"}`,
		"LATCH_TOKEN_LIFETIME":       "5m",
		"LATCH_ACTION_SECRET":        "action-secret-from-env",
		"LATCH_EDGE_SECRET":          "edge-secret-from-env",
		"LATCH_ARGON2_MEMORY":        "19456",
		"LATCH_ARGON2_TIME":          "2",
		"LATCH_ARGON2_THREADS":       "1",
		"LATCH_SHUTDOWN_TIMEOUT":     "3s",
		"LATCH_MAX_LOGIN_FAILURES":   "7",
		"LATCH_MAX_CLIENT_FAILURES":  "70",
		"LATCH_LOGIN_FAILURE_WINDOW": "10m",
		"LATCH_MAX_CLIENT_SIGNUPS":   "5",
		"LATCH_MEMORY_BUDGET":        "512",
		"LATCH_ARGON2_SLOTS":         "3",
		"LATCH_QUEUE_TIMEOUT":        "2s",
		"LATCH_LOG_FORMAT":           "json",
		"LATCH_LOG_LEVEL":            "debug",
		"LATCH_INSECURE_DEV":         "true",
	}
	for k, v := range env {
		t.Setenv(k, v)
	}

	got, err := readConfig(t)
	if err != nil {
		t.Fatalf("configFrom: %v", err)
	}
	want := config.Config{
		Listen:            "127.0.0.1:9191",
		DataDir:           "/var/lib/latch-test",
		HasuraEndpoint:    "http://127.0.0.1:8080/v1/graphql",
		HasuraAdminSecret: "admin-secret-from-env",
		HasuraTimeout:     4 * time.Second,
		JWTSecret:         `{"type":"HS256","key":"jwt-key-from-env"}`,
		TokenLifetime:     5 * time.Minute,
		ActionSecret:      "action-secret-from-env",
		EdgeSecret:        "edge-secret-from-env",
		Argon2Memory:      19456,
		Argon2Time:        2,
		Argon2Threads:     1,
		MaxLoginFailures:  7,
		MaxClientFailures: 70,
		FailureWindow:     10 * time.Minute,
		MaxClientSignups:  5,
		MemoryBudget:      512 << 20,
		Argon2Slots:       3,
		QueueTimeout:      2 * time.Second,
		ShutdownTimeout:   3 * time.Second,
		LogFormat:         "json",
		LogLevel:          "debug",
		InsecureDev:       true,
	}
	if got != want {
		t.Errorf("configFrom:\n got %+v\nwant %+v", got, want)
	}
}

// A flag on the command line wins over its environment variable.
func TestConfigFlagOverridesEnvironment(t *testing.T) {
	clearLatchEnv(t)
	t.Setenv("LATCH_LISTEN", "127.0.0.1:9191")
	t.Setenv("LATCH_ARGON2_TIME", "7")

	got, err := readConfig(t, "--listen", "127.0.0.1:9292")
	if err != nil {
		t.Fatalf("configFrom: %v", err)
	}
	if got.Listen != "127.0.0.1:9292" || got.Argon2Time != 7 {
		t.Errorf("listen %q, argon2 time %d; want the flag's listen and the env's time",
			got.Listen, got.Argon2Time)
	}
}

func TestConfigDefaults(t *testing.T) {
	clearLatchEnv(t)
	got, err := readConfig(t)
	if err != nil {
		t.Fatalf("configFrom: %v", err)
	}
	if got.Listen != "127.0.0.1:8090" || got.Argon2Memory != 65536 || got.Argon2Time != 3 ||
		got.Argon2Threads != 4 || got.LogFormat != "text" || got.InsecureDev {
		t.Errorf("defaults: %+v", got)
	}
	if got.JWTSecret != "" || got.ActionSecret != "" || got.EdgeSecret != "" ||
		got.HasuraAdminSecret != "" {
		t.Errorf("a secret has a default: %+v", got)
	}
}

func TestConfigRefusesOutOfRangeArgon2(t *testing.T) {
	clearLatchEnv(t)
	tests := [][]string{
		{"--argon2-threads", "256"},
		{"--argon2-memory", "4294967296"},
		{"--argon2-time", "4294967296"},
	}
	for _, args := range tests {
		if _, err := readConfig(t, args...); err == nil {
			t.Errorf("configFrom accepted %q", args)
		}
	}
}
