package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/core/input"
)

var benPrincipal = auth.Principal{
	UserID:       7,
	DefaultRole:  auth.DefaultRole,
	AllowedRoles: []string{auth.DefaultRole, "editor"},
}

func TestSignupValidatesBeforeAccounts(t *testing.T) {
	tests := []struct {
		name     string
		email    string
		password string
		want     *apierr.Error
	}{
		{"empty email", "", "hunter22", apierr.ErrInvalidEmail},
		{"malformed email", "ben.example.com", "hunter22", apierr.ErrInvalidEmail},
		{"email without domain dot", "ben@localhost", "hunter22", apierr.ErrInvalidEmail},
		{"empty password", "ben@example.com", "", apierr.ErrWeakPassword},
		{"short password", "ben@example.com", "hunter2", apierr.ErrWeakPassword},
		{
			"password of NULs", "ben@example.com",
			strings.Repeat("\x00", 8), apierr.ErrWeakPassword,
		},
		{
			"oversized password", "ben@example.com",
			strings.Repeat("p", input.MaxPasswordBytes+1), apierr.ErrWeakPassword,
		},
		{"both bad reports the email", "nope", "", apierr.ErrInvalidEmail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &fakeAccounts{principal: benPrincipal}
			svc := auth.NewService(a, &fakeSigner{})

			out, err := svc.Signup(context.Background(), tt.email, tt.password)

			if !errors.Is(err, tt.want) {
				t.Fatalf("Signup() = %+v, %v; want %s", out, err, tt.want.Code)
			}
			if e := apierr.From(err); e.Status != http.StatusBadRequest {
				t.Errorf("status = %d, want 400", e.Status)
			}
			if len(a.calls) != 0 {
				t.Errorf("Accounts was called: %q", a.calls)
			}
		})
	}
}

// C-05: the output is exactly CreateUserOutput, whatever else the principal holds.
func TestSignupOutputIsExactlyIDAndEmail(t *testing.T) {
	a := &fakeAccounts{principal: benPrincipal}
	svc := auth.NewService(a, &fakeSigner{})

	out, err := svc.Signup(context.Background(), "ben@example.com", "hunter22")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}

	if want := `{"id":7,"email":"ben@example.com"}`; string(b) != want {
		t.Errorf("Signup output = %s, want %s", b, want)
	}
}

// C-13: signup and login hand Accounts the same normalized credentials.
func TestServiceNormalizesBeforeAccounts(t *testing.T) {
	a := &fakeAccounts{principal: benPrincipal}
	svc := auth.NewService(a, &fakeSigner{})
	ctx := context.Background()

	if _, err := svc.Signup(ctx, " Ben@Example.COM ", "ｐａｓｓｗｏｒｄ１"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Login(ctx, "BEN@EXAMPLE.COM", "ｐａｓｓｗｏｒｄ１"); err != nil {
		t.Fatal(err)
	}

	want := []string{
		"register ben@example.com password1",
		"authenticate ben@example.com password1",
	}
	if !reflect.DeepEqual(a.calls, want) {
		t.Errorf("Accounts calls = %q, want %q", a.calls, want)
	}
}

func TestSignupPassesAccountsErrorsThrough(t *testing.T) {
	a := &fakeAccounts{err: apierr.ErrEmailTaken.WithCause(auth.ErrEmailTaken)}
	svc := auth.NewService(a, &fakeSigner{})

	_, err := svc.Signup(context.Background(), "ben@example.com", "hunter22")

	if !errors.Is(err, apierr.ErrEmailTaken) {
		t.Errorf("Signup() error = %v, want email_taken", err)
	}
}

// C-14: input that cannot belong to any account answers the generic error unhashed.
func TestLoginRejectsImpossibleInputWithoutAccounts(t *testing.T) {
	tests := []struct {
		name     string
		email    string
		password string
	}{
		{"empty email", "", "hunter22"},
		{"malformed email", "ben", "hunter22"},
		{"empty password", "ben@example.com", ""},
		{"oversized password", "ben@example.com", strings.Repeat("p", 1<<20)},
		{"password expanding past the cap", "ben@example.com", strings.Repeat("\ufdfa", 170)},
	}
	want := apierr.ErrInvalidCredentials.Body()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &fakeAccounts{principal: benPrincipal}
			s := &fakeSigner{}
			svc := auth.NewService(a, s)

			_, err := svc.Login(context.Background(), tt.email, tt.password)

			e := apierr.From(err)
			if !errors.Is(err, apierr.ErrInvalidCredentials) || !bytes.Equal(e.Body(), want) {
				t.Errorf("Login() error = %v, body %s; want %s", err, e.Body(), want)
			}
			if len(a.calls) != 0 || len(s.issued) != 0 {
				t.Errorf("Accounts calls %q, tokens %d; want none", a.calls, len(s.issued))
			}
		})
	}
}

func TestLogin(t *testing.T) {
	a := &fakeAccounts{principal: benPrincipal}
	s := &fakeSigner{}
	svc := auth.NewService(a, s)

	out, err := svc.Login(context.Background(), "ben@example.com", "short")
	if err != nil {
		t.Fatal(err)
	}

	b, _ := json.Marshal(out)
	if want := `{"token":"tok.en.sig"}`; string(b) != want {
		t.Errorf("Login output = %s, want %s", b, want)
	}
	want := benPrincipal
	want.Email = "ben@example.com"
	if len(s.issued) != 1 || !reflect.DeepEqual(s.issued[0], want) {
		t.Errorf("signer issued for %+v, want [%+v]", s.issued, want)
	}
}

func TestLoginFailures(t *testing.T) {
	signerErr := errors.New("jwt: key unavailable")
	tests := []struct {
		name       string
		accounts   error
		signer     error
		want       *apierr.Error
		wantStatus int
		wantIssued int
	}{
		{
			name:     "accounts refuses",
			accounts: apierr.ErrInvalidCredentials, want: apierr.ErrInvalidCredentials,
			wantStatus: http.StatusUnauthorized,
		},
		{
			name:     "accounts unavailable",
			accounts: apierr.ErrUnavailable, want: apierr.ErrUnavailable,
			wantStatus: http.StatusFailedDependency,
		},
		{
			name:   "signer fails",
			signer: signerErr, want: apierr.ErrInternal,
			wantStatus: http.StatusInternalServerError, wantIssued: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &fakeAccounts{principal: benPrincipal, err: tt.accounts}
			s := &fakeSigner{err: tt.signer}
			svc := auth.NewService(a, s)

			out, err := svc.Login(context.Background(), "ben@example.com", "hunter22")

			if !errors.Is(err, tt.want) || out.Token != "" {
				t.Fatalf("Login() = %+v, %v; want %s", out, err, tt.want.Code)
			}
			e := apierr.From(err)
			if e.Status != tt.wantStatus {
				t.Errorf("status = %d, want %d", e.Status, tt.wantStatus)
			}
			if len(s.issued) != tt.wantIssued {
				t.Errorf("signer ran %d times, want %d", len(s.issued), tt.wantIssued)
			}
			if tt.signer != nil && (!errors.Is(err, tt.signer) ||
				strings.Contains(string(e.Body()), "jwt")) {
				t.Errorf("error %v: cause must be kept for logs, body %s must hide it",
					err, e.Body())
			}
		})
	}
}

// newLocalService wires a Service to a Local with the fakes, as the origin does.
func newLocalService() (*auth.Service, *fakeHasher, *fakeSigner) {
	h, s := newFakeHasher(), newFakeStore()
	signer := &fakeSigner{}
	return auth.NewService(auth.NewLocal(h, s, nil), signer), h, signer
}

// C-13: one account per address, whatever its case.
func TestEmailCaseIsOneAccount(t *testing.T) {
	svc, _, signer := newLocalService()
	ctx := context.Background()

	if _, err := svc.Signup(ctx, "Alice@Example.com", "hunter22"); err != nil {
		t.Fatal(err)
	}
	_, err := svc.Signup(ctx, "alice@example.com", "other-pass")
	if !errors.Is(err, apierr.ErrEmailTaken) {
		t.Errorf("second Signup() error = %v, want email_taken", err)
	}
	if _, err := svc.Login(ctx, "ALICE@EXAMPLE.COM", "hunter22"); err != nil {
		t.Errorf("Login() in capitals error = %v", err)
	}
	if len(signer.issued) != 1 || signer.issued[0].Email != "alice@example.com" {
		t.Errorf("issued for %+v, want alice@example.com once", signer.issued)
	}
}

// C-02: an admin-looking email gets the stored default role and nothing else.
func TestAdminLookingEmailGetsTheDefaultRole(t *testing.T) {
	svc, _, signer := newLocalService()
	ctx := context.Background()

	if _, err := svc.Signup(ctx, "admin@site.com", "hunter22"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Login(ctx, "admin@site.com", "hunter22"); err != nil {
		t.Fatal(err)
	}

	p := signer.issued[0]
	if p.DefaultRole != auth.DefaultRole ||
		!reflect.DeepEqual(p.AllowedRoles, []string{auth.DefaultRole}) {
		t.Errorf("roles = %q / %q, want only %q", p.DefaultRole, p.AllowedRoles, auth.DefaultRole)
	}
}

// C-12 at the service: both failures cost one password computation and look alike.
func TestUnknownEmailAndWrongPasswordCostTheSame(t *testing.T) {
	svc, h, _ := newLocalService()
	ctx := context.Background()
	if _, err := svc.Signup(ctx, "ana@example.com", "hunter22"); err != nil {
		t.Fatal(err)
	}

	var bodies [][]byte
	for _, email := range []string{"nobody@example.com", "ana@example.com"} {
		before := h.work()
		_, err := svc.Login(ctx, email, "wrong-pass")
		if n := h.work() - before; n != 1 {
			t.Errorf("Login(%s) ran %d password computations, want 1", email, n)
		}
		bodies = append(bodies, apierr.From(err).Body())
	}
	if !bytes.Equal(bodies[0], bodies[1]) {
		t.Errorf("bodies differ: %s vs %s", bodies[0], bodies[1])
	}
}

func ExampleService_Signup() {
	h, s := newFakeHasher(), newFakeStore()
	svc := auth.NewService(auth.NewLocal(h, s, nil), &fakeSigner{})

	out, _ := svc.Signup(context.Background(), "Ben@Example.com", "hunter22")
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
	// Output: {"id":1,"email":"ben@example.com"}
}
