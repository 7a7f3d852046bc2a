package hasura_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/latchauth/latch/origin/internal/hasuratest"
	"github.com/latchauth/latch/origin/internal/store/hasura"
)

func TestCheckOK(t *testing.T) {
	srv := hasuratest.New(t)
	r, err := newStore(t, srv).Check(context.Background())
	if err != nil {
		t.Fatalf("Check: %v\n%s", err, r)
	}
	if !r.OK() || !strings.HasSuffix(r.String(), "Latch can use this Hasura.\n") {
		t.Fatalf("report:\n%s", r)
	}
	if strings.Contains(r.String(), srv.Secret) {
		t.Fatal("report shows the admin secret")
	}
}

func TestCheckProblems(t *testing.T) {
	tests := []struct {
		name    string
		opts    []hasuratest.Option
		secret  string
		want    error
		problem string // a line the report must show
	}{
		{name: "wrong secret", secret: "wrong", want: hasura.ErrAdminSecret,
			problem: "PROBLEM  Hasura answers and accepts the admin secret"},
		{name: "table missing", want: hasura.ErrSchema,
			opts:    []hasuratest.Option{hasuratest.WithoutTable("user")},
			problem: "PROBLEM  table user is tracked (query user)"},
		{name: "migration missing", want: hasura.ErrSchema,
			opts:    []hasuratest.Option{hasuratest.WithoutColumn("user", "default_role")},
			problem: "PROBLEM  column user.default_role"},
		{name: "relationship missing", want: hasura.ErrSchema,
			opts:    []hasuratest.Option{hasuratest.WithoutColumn("user", "roles")},
			problem: "PROBLEM  relationship user.roles (to table user_role)"},
		{name: "password readable", want: hasura.ErrSchema,
			opts: []hasuratest.Option{
				hasuratest.WithSelectColumns("user", "id", "email", "password"),
			},
			problem: `PROBLEM  role "user" cannot read user.password`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := hasuratest.New(t, tt.opts...)
			secret := srv.Secret
			if tt.secret != "" {
				secret = tt.secret
			}
			s, err := hasura.New(srv.URL, secret)
			if err != nil {
				t.Fatal(err)
			}

			r, err := s.Check(context.Background())
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if r.OK() || !strings.Contains(r.String(), tt.problem) {
				t.Fatalf("report lacks %q:\n%s", tt.problem, r)
			}
		})
	}
}

func TestCheckUnreachable(t *testing.T) {
	s, err := hasura.New(closedURL(t), "s")
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Check(context.Background())
	if !errors.Is(err, hasura.ErrUnavailable) || r.OK() {
		t.Fatalf("err = %v, report:\n%s", err, r)
	}
}
