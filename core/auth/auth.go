// Package auth holds what Signup and Login mean, written once against small interfaces.
//
// An Accounts implementation registers and authenticates users. Local is the one that
// does the work, with a Hasher (Argon2id on the origin) and a Store (Hasura or the
// embedded store); the edge plugs in a client that forwards to the origin's Local over
// the signed hop. Service turns validated action input into action output, issuing
// tokens with a Signer.
package auth

import (
	"context"
	"errors"
	"slices"
)

// Principal is an authenticated user as the token issuer needs it. Roles come from
// stored data only, never from the request.
type Principal struct {
	UserID       int64    `json:"id"`
	Email        string   `json:"email"`
	DefaultRole  string   `json:"default_role"`
	AllowedRoles []string `json:"allowed_roles"`
}

// User is a stored account.
type User struct {
	ID           int64
	Email        string // normalized
	PasswordHash string // PHC string; never leaves the origin
	DefaultRole  string
	Roles        []string // allowed roles besides DefaultRole; may be empty
}

// Principal returns the user's identity without the password hash. The default role is
// always among the allowed roles, first, and no role is listed twice.
func (u *User) Principal() Principal {
	roles := []string{u.DefaultRole}
	for _, r := range u.Roles {
		if !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	return Principal{
		UserID:       u.ID,
		Email:        u.Email,
		DefaultRole:  u.DefaultRole,
		AllowedRoles: roles,
	}
}

// DefaultRole is the role given to new users.
const DefaultRole = "user"

// Store errors. Implementations return these (wrapped or not) so that callers can tell
// outcomes apart with errors.Is.
var (
	ErrUserNotFound = errors.New("auth: user not found")
	ErrEmailTaken   = errors.New("auth: email already registered")
	// ErrHashChanged is returned by ReplaceHash when the stored hash is no longer the
	// one that was verified, i.e. the password changed concurrently.
	ErrHashChanged = errors.New("auth: stored hash changed")
)

// Store reads and writes users. Emails passed in are already normalized.
type Store interface {
	// FindByEmail returns the user with this email, or ErrUserNotFound.
	FindByEmail(ctx context.Context, email string) (*User, error)
	// Create inserts a user with DefaultRole and returns it with its new id. It returns
	// ErrEmailTaken when the email exists, atomically with the insert.
	Create(ctx context.Context, email, passwordHash string) (*User, error)
	// ReplaceHash sets user id's hash to newHash only if it is still oldHash, and
	// returns ErrHashChanged otherwise.
	ReplaceHash(ctx context.Context, id int64, oldHash, newHash string) error
}

// Verdict is the outcome of checking a password against a stored hash.
type Verdict struct {
	Match bool
	// Rehash is set on a match whose hash differs from the current profile (type,
	// parameters, lengths or encoding) and should be rewritten.
	Rehash bool
}

// Hasher hashes and verifies passwords. Verify returns an error, distinct from a
// mismatch, for a hash it cannot parse or compute.
type Hasher interface {
	Hash(password string) (string, error)
	Verify(password, encoded string) (Verdict, error)
	// DummyVerify does the work of one Verify at the current profile and discards the
	// result, so that an unknown email costs what a wrong password costs.
	DummyVerify(password string)
}

// Accounts registers and authenticates users. Inputs are validated and normalized.
type Accounts interface {
	// Register creates a user; it returns an *apierr.Error such as ErrEmailTaken.
	Register(ctx context.Context, email, password string) (Principal, error)
	// Authenticate checks credentials; every failure a client may see is
	// apierr.ErrInvalidCredentials, whatever the reason.
	Authenticate(ctx context.Context, email, password string) (Principal, error)
}

// Signer issues an access token for an authenticated principal. It computes every
// time-dependent claim (iat, exp, jti) at call time.
type Signer interface {
	Issue(ctx context.Context, p Principal) (string, error)
}
