package app_test

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/latchauth/latch/edge/internal/app"
)

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*app.Config)
		want   string // in the error; "" for a valid config
	}{
		{"valid", func(*app.Config) {}, ""},
		{"https origin", func(c *app.Config) { c.OriginURL = "https://origin.example.com" }, ""},
		{"no origin", func(c *app.Config) { c.OriginURL = "" }, "ORIGIN_URL is required"},
		{"relative origin", func(c *app.Config) { c.OriginURL = "/hop" }, "ORIGIN_URL must"},
		{"ftp origin", func(c *app.Config) { c.OriginURL = "ftp://h" }, "ORIGIN_URL must"},
		{"origin with user", func(c *app.Config) { c.OriginURL = "https://u:p@h" },
			"credentials"},
		{"origin with path", func(c *app.Config) { c.OriginURL = "https://h/hop" }, "path"},
		{"origin with query", func(c *app.Config) { c.OriginURL = "https://h/?a=1" }, "query"},
		{"http to localhost", func(c *app.Config) { c.OriginURL = "http://localhost:8090" },
			""},
		{"http to ::1", func(c *app.Config) { c.OriginURL = "http://[::1]:8090" }, ""},
		{"http to a remote host", func(c *app.Config) {
			c.OriginURL = "http://origin.example.com"
		}, "ORIGIN_URL must use https unless its host is loopback"},
		{"http to a private address", func(c *app.Config) {
			c.OriginURL = "http://10.0.0.5:8090"
		}, "ORIGIN_URL must use https unless its host is loopback"},
		{"no jwt secret", func(c *app.Config) { c.JWTSecret = "" },
			"LATCH_JWT_SECRET is required"},
		{"jwt secret not JSON", func(c *app.Config) { c.JWTSecret = "plain" },
			"LATCH_JWT_SECRET"},
		{"short jwt key", func(c *app.Config) {
			c.JWTSecret = `{"type":"HS256","key":"short-key-value"}`
		}, "LATCH_JWT_SECRET"},
		{"short edge secret", func(c *app.Config) { c.EdgeSecret = "short" },
			"LATCH_EDGE_SECRET must be at least 32 bytes"},
		{"no action secret", func(c *app.Config) { c.ActionSecret = "" },
			"LATCH_ACTION_SECRET must be at least 32 bytes"},
		{"documentation's jwt key", func(c *app.Config) {
			c.JWTSecret = `{"type":"HS256","key":"replace-me-with-32-or-more-random-characters"}`
		}, "LATCH_JWT_SECRET: key is the example value from the documentation"},
		{"example edge secret", func(c *app.Config) {
			c.EdgeSecret = "change-me-change-me-change-me-change-me"
		}, "LATCH_EDGE_SECRET is the example value from the documentation"},
		{"example action secret", func(c *app.Config) {
			c.ActionSecret = strings.Repeat("x", 32) + "CHANGEME"
		}, "LATCH_ACTION_SECRET is the example value from the documentation"},
		{"fractional lifetime", func(c *app.Config) { c.TokenLifetime = 1500 * time.Millisecond },
			"LATCH_TOKEN_LIFETIME"},
		{"negative lifetime", func(c *app.Config) { c.TokenLifetime = -time.Minute },
			"LATCH_TOKEN_LIFETIME"},
		{"lifetime of a day", func(c *app.Config) { c.TokenLifetime = 24 * time.Hour }, ""},
		{"lifetime past a day", func(c *app.Config) {
			c.TokenLifetime = 24*time.Hour + time.Second
		}, "LATCH_TOKEN_LIFETIME must be at most 24h:"},
		{"lifetime of a year", func(c *app.Config) { c.TokenLifetime = 365 * 24 * time.Hour },
			"LATCH_TOKEN_LIFETIME must be at most 24h:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := validConfig("http://127.0.0.1:8090")
			tc.change(&cfg)
			err := cfg.Validate()

			if tc.want == "" {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
				return
			}
			if !errors.Is(err, app.ErrInvalidConfig) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate() = %v, want ErrInvalidConfig mentioning %q", err, tc.want)
			}
			noLeaks(t, err.Error(), "short-key-value", "u:p", "random-characters",
				"change-me", "xxxx")
		})
	}
}

func TestConfigValidateReportsEveryProblem(t *testing.T) {
	err := app.Config{}.Validate()
	for _, name := range []string{"ORIGIN_URL", "LATCH_JWT_SECRET", "LATCH_EDGE_SECRET",
		"LATCH_ACTION_SECRET"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("Validate() = %v, want it to name %s", err, name)
		}
	}
}

func TestConfigFrom(t *testing.T) {
	vars := map[string]string{
		"ORIGIN_URL":           "http://127.0.0.1:8090",
		"LATCH_JWT_SECRET":     jwtSecret,
		"LATCH_EDGE_SECRET":    edgeSecret,
		"LATCH_ACTION_SECRET":  actionSecret,
		"LATCH_TOKEN_LIFETIME": "30m",
	}
	cfg, err := app.ConfigFrom(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TokenLifetime != 30*time.Minute || cfg.Validate() != nil {
		t.Errorf("ConfigFrom = %v, Validate = %v", cfg, cfg.Validate())
	}
	if s := cfg.String(); strings.Contains(s, jwtKey) || strings.Contains(s, edgeSecret) ||
		strings.Contains(s, actionSecret) {
		t.Errorf("String() = %s leaks a secret", s)
	}

	vars["LATCH_TOKEN_LIFETIME"] = ""
	cfg, err = app.ConfigFrom(func(k string) string { return vars[k] })
	if err != nil || !strings.Contains(cfg.String(), "lifetime=15m0s") {
		t.Errorf("unset lifetime: ConfigFrom = %v, %v; want the 15m default", cfg, err)
	}
}

// A lifetime that is set must be a positive duration: "0s" is a mistake, not a request
// for the default.
func TestConfigFromRefusesLifetime(t *testing.T) {
	for _, v := range []string{"0s", "0", "-5m", "fifteen minutes", " 15m"} {
		t.Run(v, func(t *testing.T) {
			getenv := func(k string) string {
				if k == app.EnvTokenLifetime {
					return v
				}
				return ""
			}
			_, err := app.ConfigFrom(getenv)
			if !errors.Is(err, app.ErrInvalidConfig) || !strings.Contains(err.Error(),
				"LATCH_TOKEN_LIFETIME must be a positive duration such as 15m") {
				t.Errorf("ConfigFrom(%q) = %v, want a positive-duration error", v, err)
			}
		})
	}
}

func TestNewRefusesInvalidConfig(t *testing.T) {
	cfg := validConfig("http://127.0.0.1:8090")
	cfg.EdgeSecret = ""
	if _, err := app.New(cfg, http.DefaultClient.Do, nil); !errors.Is(err,
		app.ErrInvalidConfig) {
		t.Errorf("New() error = %v, want ErrInvalidConfig", err)
	}
}

func TestDeferredAnswersConfigErrorsWithoutSecrets(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	builds := 0
	cfg := validConfig("http://127.0.0.1:8090")
	cfg.JWTSecret = `{"type":"HS256","key":"short-key-value"}`

	for name, build := range map[string]func() (http.Handler, error){
		"invalid": func() (http.Handler, error) {
			builds++
			return app.New(cfg, http.DefaultClient.Do, log)
		},
		"panics": func() (http.Handler, error) { panic("no env") },
	} {
		t.Run(name, func(t *testing.T) {
			h := app.Deferred(build, log)
			for range 2 {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/login", nil))
				body, _ := io.ReadAll(w.Body)
				if w.Code != http.StatusInternalServerError || code(t, string(body)) != "internal" {
					t.Errorf("got %d %s, want a Hasura-shaped 500", w.Code, body)
				}
				noLeaks(t, string(body), "short-key-value", "LATCH_", "127.0.0.1")
			}
		})
	}
	if builds != 1 {
		t.Errorf("built %d times, want once", builds)
	}
	noLeaks(t, logs.String(), "short-key-value")
}

func TestDeferredBuildsOnFirstRequest(t *testing.T) {
	builds := 0
	h := app.Deferred(func() (http.Handler, error) {
		builds++
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusNoContent)
		}), nil
	}, nil)
	if builds != 0 {
		t.Fatal("built before any request")
	}
	for range 3 {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		if w.Code != http.StatusNoContent {
			t.Errorf("status %d", w.Code)
		}
	}
	if builds != 1 {
		t.Errorf("built %d times, want once", builds)
	}
}
