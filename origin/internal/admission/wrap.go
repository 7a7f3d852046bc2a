package admission

import (
	"context"

	"github.com/latchauth/latch/core/auth"
)

// Wrap returns an auth.Accounts that holds one of l's slots around every Register and
// Authenticate call of next, and answers l's overloaded error when it gets none.
func Wrap(next auth.Accounts, l *Limiter) auth.Accounts {
	return &accounts{next: next, limiter: l}
}

type accounts struct {
	next    auth.Accounts
	limiter *Limiter
}

func (a *accounts) Register(ctx context.Context, email, pw string) (auth.Principal, error) {
	release, err := a.limiter.Acquire(ctx)
	if err != nil {
		return auth.Principal{}, err
	}
	defer release()
	return a.next.Register(ctx, email, pw)
}

func (a *accounts) Authenticate(ctx context.Context, email, pw string) (auth.Principal, error) {
	release, err := a.limiter.Acquire(ctx)
	if err != nil {
		return auth.Principal{}, err
	}
	defer release()
	return a.next.Authenticate(ctx, email, pw)
}
