package cli_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/latchauth/latch/origin/internal/cli"
	"github.com/latchauth/latch/origin/internal/hasuratest"
)

// latch hasura check prints its report and exits 0 when Latch can use Hasura, 1 with
// a fix per problem, and 2 when it could not ask.
func TestHasuraCheck(t *testing.T) {
	good := hasuratest.New(t)
	lacking := hasuratest.New(t, hasuratest.WithoutColumn("user", "default_role"))

	tests := []struct {
		name     string
		url      string
		secret   string
		wantCode int
		wantOut  []string
	}{
		{"ready", good.URL, good.Secret, cli.ExitOK,
			[]string{"ok       column user.default_role", "Latch can use this Hasura."}},
		{"missing column", lacking.URL, lacking.Secret, cli.ExitMismatch,
			[]string{"PROBLEM  column user.default_role", "fix: apply the shipped migrations"}},
		{"wrong secret", good.URL, "not-the-secret", cli.ExitError,
			[]string{"PROBLEM  Hasura answers and accepts the admin secret",
				"the admin secret was refused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := cli.Run([]string{"latch", "hasura", "check",
				"--hasura-endpoint", tt.url, "--hasura-admin-secret", tt.secret},
				strings.NewReader(""), &stdout, &stderr)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; stderr %q", code, tt.wantCode, stderr.String())
			}
			for _, want := range tt.wantOut {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
				}
			}
			if strings.Contains(stdout.String()+stderr.String(), tt.secret) {
				t.Errorf("the admin secret appears in the output")
			}
		})
	}
}

// latch hasura check gives up on a Hasura that does not answer within --hasura-timeout
// (or LATCH_HASURA_TIMEOUT), and says so.
func TestHasuraCheckTimeout(t *testing.T) {
	release := make(chan struct{})
	silent := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter,
		r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer silent.Close()
	defer close(release)

	tests := []struct {
		name string
		flag []string
		env  string
	}{
		{"flag", []string{"--hasura-timeout", "100ms"}, ""},
		{"environment", nil, "100ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			if tt.env != "" {
				t.Setenv("LATCH_HASURA_TIMEOUT", tt.env)
			}
			args := append([]string{"hasura", "check", "--hasura-endpoint", silent.URL,
				"--hasura-admin-secret", "check-test-admin-secret"}, tt.flag...)

			start := time.Now()
			r := run(t, "", args...)
			took := time.Since(start)

			if r.code != cli.ExitError || !strings.Contains(r.stdout, "did not answer") {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 saying Hasura did "+
					"not answer", r.code, r.stdout, r.stderr)
			}
			if took > 3*time.Second {
				t.Errorf("check took %v with a 100ms timeout", took)
			}
		})
	}
}
