package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// valid returns a production-safe standalone configuration.
func valid() Config {
	return Config{
		Listen:        "127.0.0.1:8090",
		DataDir:       "data",
		JWTSecret:     `{"type":"HS256","key":"0123456789abcdef0123456789abcdef"}`,
		TokenLifetime: 15 * time.Minute,
		ActionSecret:  strings.Repeat("a", MinSecretBytes),
		EdgeSecret:    strings.Repeat("e", MinSecretBytes),
		Argon2Memory:  65536,
		Argon2Time:    3,
		Argon2Threads: 4,
		LogFormat:     "text",
		FailureWindow: 15 * time.Minute,
		MemoryBudget:  1 << 30,
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(*Config)
		wantErr  string // substring; "" means valid
		insecure bool   // the same edit is accepted with InsecureDev
	}{
		{name: "valid", edit: func(*Config) {}},
		{name: "hop only", edit: func(c *Config) { c.JWTSecret, c.ActionSecret = "", "" }},
		{name: "bad listen", edit: func(c *Config) { c.Listen = "8090" }, wantErr: "--listen"},
		{name: "client ip header", edit: func(c *Config) { c.ClientIPHeader = "X-Real-IP" }},
		{name: "client ip header not a name",
			edit:    func(c *Config) { c.ClientIPHeader = "X-Real-IP: 1.2.3.4" },
			wantErr: "--client-ip-header"},
		{name: "nothing to serve", edit: func(c *Config) { c.JWTSecret, c.EdgeSecret = "", "" },
			wantErr: "nothing to serve"},
		{name: "no data dir", edit: func(c *Config) { c.DataDir = "" }, wantErr: "--data-dir"},
		{name: "hasura without secret",
			edit:    func(c *Config) { c.HasuraEndpoint = "http://127.0.0.1:8080/v1/graphql" },
			wantErr: "--hasura-admin-secret"},
		{name: "hasura timeout past Hasura's",
			edit: func(c *Config) {
				c.HasuraEndpoint, c.HasuraAdminSecret = "http://127.0.0.1:8080/v1/graphql", "s"
				c.HasuraTimeout = time.Minute
			},
			wantErr: "--hasura-timeout"},
		{name: "hasura endpoint not http",
			edit: func(c *Config) {
				c.HasuraEndpoint, c.HasuraAdminSecret = "ftp://127.0.0.1/", "s"
			},
			wantErr: "--hasura-endpoint"},
		{name: "hasura endpoint with credentials",
			edit: func(c *Config) {
				c.HasuraEndpoint, c.HasuraAdminSecret = "http://u:p@127.0.0.1/v1/graphql", "s"
			},
			wantErr: "credentials"},
		{name: "no action secret", edit: func(c *Config) { c.ActionSecret = "" },
			wantErr: "no --action-secret", insecure: true},
		{name: "short action secret", edit: func(c *Config) { c.ActionSecret = "short" },
			wantErr: "--action-secret is shorter", insecure: true},
		{name: "short edge secret", edit: func(c *Config) { c.EdgeSecret = "short" },
			wantErr: "--edge-secret is shorter", insecure: true},
		{name: "example secret",
			edit: func(c *Config) {
				c.ActionSecret = "change-me-change-me-change-me-change-me"
			},
			wantErr: "example value", insecure: true},
		{name: "documentation's jwt key",
			edit: func(c *Config) {
				c.JWTSecret = `{"type":"HS256",` +
					`"key":"replace-me-with-32-or-more-random-characters"}`
			},
			wantErr: "example value", insecure: true},
		{name: "argon2 below OWASP", edit: func(c *Config) { c.Argon2Memory = 4096 },
			wantErr: "OWASP floor", insecure: true},
		{name: "argon2 zero", edit: func(c *Config) { c.Argon2Threads = 0 },
			wantErr: "must be positive"},
		{name: "lifetime", edit: func(c *Config) { c.TokenLifetime = 0 },
			wantErr: "--token-lifetime"},
		{name: "lifetime of a day", edit: func(c *Config) { c.TokenLifetime = 24 * time.Hour }},
		{name: "lifetime past a day",
			edit:    func(c *Config) { c.TokenLifetime = 24*time.Hour + time.Second },
			wantErr: "--token-lifetime must be at most 24h:"},
		{name: "lifetime of a year",
			edit:    func(c *Config) { c.TokenLifetime = 365 * 24 * time.Hour },
			wantErr: "--token-lifetime must be at most 24h:"},
		{name: "negative limit", edit: func(c *Config) { c.MaxLoginFailures = -1 },
			wantErr: "throttling limits"},
		{name: "no window", edit: func(c *Config) { c.FailureWindow = 0 },
			wantErr: "--login-failure-window"},
		{name: "negative slots", edit: func(c *Config) { c.Argon2Slots = -1 },
			wantErr: "--argon2-slots"},
		{name: "queue timeout past Hasura's",
			edit:    func(c *Config) { c.QueueTimeout = time.Minute },
			wantErr: "--queue-timeout"},
		{name: "budget below one hash", edit: func(c *Config) { c.MemoryBudget = 100 << 20 },
			wantErr: "cannot hold one hash"},
		{name: "log format", edit: func(c *Config) { c.LogFormat = "xml" },
			wantErr: "--log-format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid()
			tt.edit(&c)
			err := c.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Validate() = %v, want error containing %q", err, tt.wantErr)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("errors.Is(err, ErrInvalid) = false for %v", err)
			}

			c.InsecureDev = true
			err = c.Validate()
			if tt.insecure && err != nil {
				t.Errorf("with InsecureDev: Validate() = %v, want nil", err)
			}
			if !tt.insecure && err == nil {
				t.Errorf("with InsecureDev: Validate() = nil, want %q", tt.wantErr)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	c := valid()
	c.Listen, c.LogFormat = "nope", "xml"
	err := c.Validate()
	for _, want := range []string{"--listen", "--log-format"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want it to mention %s", err, want)
		}
	}
}
