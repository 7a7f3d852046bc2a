// Package config holds the origin's settings and refuses unsafe ones at start-up.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"time"

	"github.com/latchauth/latch/core/action"
	"github.com/latchauth/latch/core/devsecret"
)

// Config is everything `latch serve` needs. Secrets are kept as given and must never be
// logged; String redacts them.
type Config struct {
	Listen  string // host:port to listen on
	DataDir string // embedded store directory, used when HasuraEndpoint is empty

	HasuraEndpoint    string // Hasura GraphQL endpoint URL; empty selects the embedded store
	HasuraAdminSecret string
	HasuraTimeout     time.Duration // bound on one Hasura call; 0: the store's default

	JWTSecret     string        // Hasura-shaped signing JSON; enables the standalone actions
	TokenLifetime time.Duration // access token lifetime
	ActionSecret  string        // X-Action-Secret value Hasura sends
	EdgeSecret    string        // hop HMAC secret shared with the edge; enables /hop/

	Argon2Memory  uint32 // KiB
	Argon2Time    uint32
	Argon2Threads uint8

	// Login throttling: failures per account and per client address within the window;
	// 0 turns a limit off. Signups are limited per client address per hour.
	MaxLoginFailures  int
	MaxClientFailures int
	FailureWindow     time.Duration
	MaxClientSignups  int
	// ClientIPHeader names the trusted request header the action handler reads the
	// client address from; "" reads none, which turns the per-client limits off for
	// the standalone actions (the hop carries the edge's own reading).
	ClientIPHeader string

	// Admission control for Argon2: MemoryBudget (bytes) bounds the hashes in flight
	// and sets the Go memory limit; Argon2Slots overrides the derived count when > 0.
	MemoryBudget uint64
	Argon2Slots  int
	QueueTimeout time.Duration // 0: the server's default

	ShutdownTimeout time.Duration
	LogFormat       string // "text" or "json"
	LogLevel        string // "debug", "info", "warn" or "error"

	// InsecureDev permits settings that are unsafe in production (no action secret,
	// weak keys, Argon2 below the OWASP floor). For local development only.
	InsecureDev bool
}

// MaxTokenLifetime caps --token-lifetime, even with InsecureDev: an access token
// cannot be revoked, so a stolen one is good until it expires.
const MaxTokenLifetime = 24 * time.Hour

// Minimums enforced unless InsecureDev is set.
const (
	// MinSecretBytes is the shortest action or edge secret accepted.
	MinSecretBytes = 32
	// OWASPMemory, OWASPTime and OWASPThreads are the OWASP Password Storage Cheat
	// Sheet's floor for Argon2id: 19 MiB, 2 passes, 1 lane.
	OWASPMemory  = 19456
	OWASPTime    = 2
	OWASPThreads = 1
)

// ErrInvalid wraps every validation failure.
var ErrInvalid = errors.New("config: invalid")

// Validate checks the settings. Problems that make the service unsafe are refused
// unless InsecureDev is set; problems that make it unusable are always refused. All
// problems are reported at once.
func (c *Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...))
	}
	unsafe := func(format string, args ...any) {
		if !c.InsecureDev {
			bad(format+" (allowed only with --insecure-dev)", args...)
		}
	}

	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		bad("--listen %q is not host:port", c.Listen)
	}
	if !c.Standalone() && c.EdgeSecret == "" {
		bad("nothing to serve: set --jwt-secret (standalone actions) or --edge-secret (hop)")
	}
	c.validateStore(bad)
	c.validateSecrets(unsafe)
	c.validateArgon2(bad, unsafe)
	c.validateLimits(bad)
	if c.TokenLifetime <= 0 {
		bad("--token-lifetime must be positive")
	} else if c.TokenLifetime > MaxTokenLifetime {
		bad("--token-lifetime must be at most %dh: an access token cannot be revoked",
			int(MaxTokenLifetime.Hours()))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("--log-format must be text or json")
	}
	return errors.Join(errs...)
}

// Standalone reports whether the origin answers Hasura actions itself.
func (c *Config) Standalone() bool { return c.JWTSecret != "" }

func (c *Config) validateStore(bad func(string, ...any)) {
	if c.HasuraEndpoint == "" {
		if c.DataDir == "" {
			bad("--data-dir is required when no --hasura-endpoint is set")
		}
		return
	}
	u, err := url.Parse(c.HasuraEndpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("--hasura-endpoint must be an http(s) URL")
	} else if u.User != nil {
		bad("--hasura-endpoint must not carry credentials; use --hasura-admin-secret")
	}
	if c.HasuraTimeout < 0 || c.HasuraTimeout >= 25*time.Second {
		bad("--hasura-timeout must be under 25s (Hasura's action timeout is 30s)")
	}
	if c.HasuraAdminSecret == "" {
		bad("--hasura-admin-secret is required with --hasura-endpoint")
	}
}

func (c *Config) validateSecrets(unsafe func(string, ...any)) {
	if c.Standalone() && c.ActionSecret == "" {
		unsafe("no --action-secret: anyone could call the actions")
	}
	if c.ActionSecret != "" && len(c.ActionSecret) < MinSecretBytes {
		unsafe("--action-secret is shorter than %d bytes", MinSecretBytes)
	}
	if c.EdgeSecret != "" && len(c.EdgeSecret) < MinSecretBytes {
		unsafe("--edge-secret is shorter than %d bytes", MinSecretBytes)
	}
	for _, s := range []string{c.ActionSecret, c.EdgeSecret, c.JWTSecret} {
		if devsecret.IsExample(s) {
			unsafe("a secret is the example value from the documentation")
		}
	}
}

func (c *Config) validateArgon2(bad, unsafe func(string, ...any)) {
	if c.Argon2Memory == 0 || c.Argon2Time == 0 || c.Argon2Threads == 0 {
		bad("--argon2-memory, --argon2-time and --argon2-threads must be positive")
		return
	}
	if c.Argon2Memory < OWASPMemory || c.Argon2Time < OWASPTime {
		unsafe("Argon2 m=%d,t=%d is below the OWASP floor m=%d,t=%d",
			c.Argon2Memory, c.Argon2Time, OWASPMemory, OWASPTime)
	}
}

func (c *Config) validateLimits(bad func(string, ...any)) {
	if c.MaxLoginFailures < 0 || c.MaxClientFailures < 0 || c.MaxClientSignups < 0 {
		bad("throttling limits must be 0 (off) or positive")
	}
	if c.FailureWindow <= 0 {
		bad("--login-failure-window must be positive")
	}
	if c.ClientIPHeader != "" && !action.ValidHeaderName(c.ClientIPHeader) {
		bad("--client-ip-header is not an HTTP header name")
	}
	if c.Argon2Slots < 0 {
		bad("--argon2-slots must be 0 (derive from --memory-budget) or positive")
	}
	if c.QueueTimeout < 0 || c.QueueTimeout >= 25*time.Second {
		bad("--queue-timeout must be under 25s (Hasura's action timeout is 30s)")
	}
	perHash := uint64(c.Argon2Memory) * 1024 * 3 / 2
	if c.MemoryBudget > 0 && c.MemoryBudget < perHash+64<<20 {
		bad("--memory-budget %d MiB cannot hold one hash of %d KiB (needs %d MiB)",
			c.MemoryBudget>>20, c.Argon2Memory, (perHash+64<<20)>>20)
	}
}
