package password

import "errors"

// Errors returned by this package. They are wrapped with details that name the
// offending field and value, never the salt, tag or password; test with errors.Is.
var (
	// ErrInvalidHash means the stored string is not a well-formed Argon2 PHC string:
	// a corrupt row rather than a wrong password.
	ErrInvalidHash = errors.New("password: invalid hash")

	// ErrUnsupportedHash means the string is well formed but names something this
	// package cannot compute: argon2d, Argon2 before version 1.3 (no "v=" or v=16),
	// any other version, or another algorithm's PHC identifier.
	ErrUnsupportedHash = errors.New("password: unsupported hash")

	// ErrLimitExceeded means a cost parameter or length in the stored string is above
	// the configured Limits. It is reported before any hashing is done.
	ErrLimitExceeded = errors.New("password: limit exceeded")

	// ErrInvalidProfile means a Profile or Limits value cannot be used.
	ErrInvalidProfile = errors.New("password: invalid profile")
)
