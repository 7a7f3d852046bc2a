package auth

import (
	"context"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/input"
)

// Checked returns Accounts that apply core/input's rules to every call before passing
// it, normalized, to a. Register answers input's errors (invalid_email,
// weak_password); Authenticate answers apierr.ErrInvalidCredentials, without calling
// a, for input that cannot belong to any account. The rules are idempotent, so
// checking input a caller has already normalized changes nothing: the origin's hop
// checks again what the edge checked, so that whoever holds the edge secret still
// cannot store an address or a password the rules refuse.
func Checked(a Accounts) Accounts { return checked{next: a} }

type checked struct{ next Accounts }

func (c checked) Register(ctx context.Context, email, password string) (Principal, error) {
	email, err := input.Email(email)
	if err != nil {
		return Principal{}, err
	}
	password, err = input.NewPassword(password)
	if err != nil {
		return Principal{}, err
	}
	return c.next.Register(ctx, email, password)
}

func (c checked) Authenticate(ctx context.Context, email, password string) (Principal, error) {
	email, err := input.Email(email)
	if err != nil {
		return Principal{}, apierr.ErrInvalidCredentials
	}
	password, ok := input.LoginPassword(password)
	if !ok {
		return Principal{}, apierr.ErrInvalidCredentials
	}
	return c.next.Authenticate(ctx, email, password)
}
