package app

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/latchauth/latch/core/action"
	"github.com/latchauth/latch/core/devsecret"
	"github.com/latchauth/latch/core/token"
	"github.com/latchauth/latch/edge/internal/hopclient"
)

// Names of the worker's vars and secrets (and of the native twin's environment).
const (
	EnvOriginURL     = "ORIGIN_URL"
	EnvJWTSecret     = "LATCH_JWT_SECRET"
	EnvEdgeSecret    = "LATCH_EDGE_SECRET"
	EnvActionSecret  = "LATCH_ACTION_SECRET"
	EnvTokenLifetime = "LATCH_TOKEN_LIFETIME"
	EnvClientHeader  = "LATCH_CLIENT_IP_HEADER"
)

// MinSecretBytes is the shortest edge or action secret accepted, as on the origin.
const MinSecretBytes = 32

// MaxTokenLifetime caps LATCH_TOKEN_LIFETIME, as the origin caps --token-lifetime: an
// access token cannot be revoked, so a stolen one is good until it expires.
const MaxTokenLifetime = 24 * time.Hour

// examplePlaceholder ends the error for a secret copied from the documentation. The
// edge has no insecure mode: the dev secrets `make run` writes are random.
const examplePlaceholder = "is the example value from the documentation: " +
	"generate a random one"

// ErrInvalidConfig wraps every configuration problem. Messages name the variable and
// the rule, never the value.
var ErrInvalidConfig = errors.New("edge: invalid config")

// Config is what the edge needs. The three secrets must never be logged.
type Config struct {
	// OriginURL is the origin's base URL, e.g. https://latch-origin.example.com. Plain
	// http is refused but to a loopback host: the hop carries passwords.
	OriginURL string
	// JWTSecret is the signing configuration in HASURA_GRAPHQL_JWT_SECRET's JSON shape.
	JWTSecret string
	// EdgeSecret is the hop HMAC secret shared with the origin only.
	EdgeSecret string
	// ActionSecret is the X-Action-Secret value Hasura sends.
	ActionSecret string
	// TokenLifetime is exp − iat of issued tokens, at most MaxTokenLifetime; zero means
	// token.DefaultLifetime.
	TokenLifetime time.Duration
	// ClientIPHeader names the trusted header holding the client address, which the
	// hop carries to the origin's per-client limits (see action.WithClientHeader);
	// empty reads none.
	ClientIPHeader string
}

// ConfigFrom reads a Config through getenv, which returns "" for an unset name. It
// fails only on a LATCH_TOKEN_LIFETIME that is set but not a positive Go duration
// such as "15m" ("0s" is refused, not read as the default); call Validate for the
// rest.
func ConfigFrom(getenv func(string) string) (Config, error) {
	cfg := Config{
		OriginURL:      getenv(EnvOriginURL),
		JWTSecret:      getenv(EnvJWTSecret),
		EdgeSecret:     getenv(EnvEdgeSecret),
		ActionSecret:   getenv(EnvActionSecret),
		ClientIPHeader: getenv(EnvClientHeader),
	}
	if s := getenv(EnvTokenLifetime); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return cfg, fmt.Errorf("%w: %s must be a positive duration such as 15m",
				ErrInvalidConfig, EnvTokenLifetime)
		}
		cfg.TokenLifetime = d
	}
	return cfg, nil
}

// Validate reports every problem at once, each wrapping ErrInvalidConfig.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		args = append([]any{ErrInvalidConfig}, args...)
		errs = append(errs, fmt.Errorf("%w: "+format, args...))
	}

	if err := checkOriginURL(c.OriginURL); err != nil {
		bad("%s %v", EnvOriginURL, err)
	}
	if c.JWTSecret == "" {
		bad("%s is required", EnvJWTSecret)
	} else if tc, err := c.tokenConfig(); err != nil {
		// token's errors name the JSON field and never quote the key.
		bad("%s: %v", EnvJWTSecret, err)
	} else if devsecret.IsExample(tc.Key) {
		bad("%s: key %s", EnvJWTSecret, examplePlaceholder)
	}
	for _, s := range []struct{ name, value string }{
		{EnvEdgeSecret, c.EdgeSecret},
		{EnvActionSecret, c.ActionSecret},
	} {
		if len(s.value) < MinSecretBytes {
			bad("%s must be at least %d bytes", s.name, MinSecretBytes)
		} else if devsecret.IsExample(s.value) {
			bad("%s %s", s.name, examplePlaceholder)
		}
	}
	if c.ClientIPHeader != "" && !action.ValidHeaderName(c.ClientIPHeader) {
		bad("%s is not an HTTP header name", EnvClientHeader)
	}
	if c.TokenLifetime < 0 || c.TokenLifetime%time.Second != 0 {
		bad("%s must be a positive whole number of seconds", EnvTokenLifetime)
	} else if c.TokenLifetime > MaxTokenLifetime {
		bad("%s must be at most %dh: an access token cannot be revoked",
			EnvTokenLifetime, int(MaxTokenLifetime.Hours()))
	}
	return errors.Join(errs...)
}

// String describes the configuration without its secrets.
func (c Config) String() string {
	return fmt.Sprintf("app.Config{origin=%q lifetime=%v}", c.OriginURL, c.lifetime())
}

func (c Config) tokenConfig() (*token.Config, error) {
	return token.ParseConfig([]byte(c.JWTSecret))
}

func (c Config) lifetime() time.Duration {
	if c.TokenLifetime == 0 {
		return token.DefaultLifetime
	}
	return c.TokenLifetime
}

// checkOriginURL accepts an https URL of a host, or an http one of a loopback host,
// and nothing else (no credentials, path, query or fragment): the hop appends its own
// fixed paths.
func checkOriginURL(s string) error {
	if s == "" {
		return errors.New("is required")
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("must be an absolute http(s) URL")
	}
	if u.User != nil {
		return errors.New("must not carry credentials")
	}
	if u.Path != "" && u.Path != "/" {
		return errors.New("must not have a path")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return errors.New("must not have a query or fragment")
	}
	if !hopclient.PlainHTTPAllowed(u) {
		return errors.New("must use https unless its host is loopback " +
			"(127.0.0.0/8, ::1, localhost): the hop carries passwords")
	}
	return nil
}
