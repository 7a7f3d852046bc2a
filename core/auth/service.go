package auth

import (
	"context"

	"github.com/latchauth/latch/core/apierr"
)

// SignupOutput is the Signup action's output, exactly the declared CreateUserOutput
// fields: never the hash, never anything else.
type SignupOutput struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
}

// LoginOutput is the Login action's output, the JsonWebToken type.
type LoginOutput struct {
	Token string `json:"token"`
}

// Service is what the Signup and Login actions mean. It validates and normalizes raw
// input (see Checked), then delegates to Accounts and Signer. The edge and the origin
// run the same Service with different Accounts.
type Service struct {
	accounts Accounts
	signer   Signer
}

// NewService returns a Service.
func NewService(a Accounts, s Signer) *Service {
	return &Service{accounts: Checked(a), signer: s}
}

// Signup registers a user from raw action input.
func (s *Service) Signup(ctx context.Context, email, password string) (SignupOutput, error) {
	p, err := s.accounts.Register(ctx, email, password)
	if err != nil {
		return SignupOutput{}, err
	}
	return SignupOutput{ID: p.UserID, Email: p.Email}, nil
}

// Login authenticates raw action input and issues a token. Input that cannot belong to
// any account (a malformed email, an empty or oversized password) answers invalid
// credentials without any hashing.
func (s *Service) Login(ctx context.Context, email, password string) (LoginOutput, error) {
	p, err := s.accounts.Authenticate(ctx, email, password)
	if err != nil {
		return LoginOutput{}, err
	}
	tok, err := s.signer.Issue(ctx, p)
	if err != nil {
		return LoginOutput{}, apierr.ErrInternal.WithCause(err)
	}
	return LoginOutput{Token: tok}, nil
}
