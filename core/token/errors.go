package token

import "errors"

// Sentinels for errors.Is. Configuration errors are *ConfigError values wrapping one of
// the first four.
var (
	// ErrInvalidConfig marks a configuration field with a bad value.
	ErrInvalidConfig = errors.New("token: invalid config")
	// ErrUnsupported marks a valid Hasura setting Latch cannot sign with yet.
	ErrUnsupported = errors.New("token: not supported yet")
	// ErrWeakKey marks an HMAC key shorter than its algorithm's hash output (32, 48
	// or 64 bytes for HS256, HS384, HS512).
	ErrWeakKey = errors.New("token: key too short")
	// ErrJWKURL marks a configuration that names a jwk_url instead of a key.
	ErrJWKURL = errors.New("token: jwk_url cannot be used for signing")

	// ErrInvalidPrincipal is returned by Issue for a principal Hasura would refuse.
	ErrInvalidPrincipal = errors.New("token: invalid principal")
	// ErrRandom is returned by Issue when the random source fails; no token is issued.
	ErrRandom = errors.New("token: random source failed")
	// ErrInvalidToken wraps every reason Verify refuses a token.
	ErrInvalidToken = errors.New("token: invalid token")
)

// ConfigError is a problem with one configuration field. Field is the JSON name of the
// field; Err is one of the sentinels above.
type ConfigError struct {
	Field  string
	Reason string
	Err    error
}

// Error names the field and says what is wrong with it.
func (e *ConfigError) Error() string {
	return "token: config " + e.Field + ": " + e.Reason
}

// Unwrap returns the sentinel the error belongs to.
func (e *ConfigError) Unwrap() error { return e.Err }

func configErr(field string, sentinel error, reason string) error {
	return &ConfigError{Field: field, Reason: reason, Err: sentinel}
}
