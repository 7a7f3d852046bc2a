package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latchauth/latch/origin/internal/cli"
)

// Secrets for the serve tests, distinctive enough to search the output for.
const (
	actionSecret = "cli-test-action-secret-8d2f4a6c0e1b3957"
	edgeSecret   = "cli-test-edge-secret-1a3c5e7f9b2d4f60"
	jwtKey       = "cli-test-jwt-key-6e4c2a0f8d6b4a29"
	jwtSecret    = `{"type":"HS256","key":"` + jwtKey + `"}`
)

// tiny are Argon2 parameters for tests where the cost does not matter.
var tiny = []string{"--argon2-memory", "64", "--argon2-time", "1", "--argon2-threads", "1"}

type result struct {
	code           int
	stdout, stderr string
}

// run runs the latch command line with args (without the program name) and stdin.
// LATCH_ variables of the environment are cleared first, so that only what the test
// sets reaches the flags.
func run(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Run(append([]string{"latch"}, args...), strings.NewReader(stdin), &out, &errOut)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// clearEnv unsets every LATCH_ variable for the duration of the test.
func clearEnv(t *testing.T) {
	t.Helper()
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "LATCH_") {
			t.Setenv(name, "")
			os.Unsetenv(name)
		}
	}
}

func hashOf(t *testing.T, pw string) string {
	t.Helper()
	r := run(t, pw+"\n", append([]string{"hash"}, tiny...)...)
	if r.code != cli.ExitOK {
		t.Fatalf("hash: exit %d, stderr %q", r.code, r.stderr)
	}
	phc := strings.TrimSuffix(r.stdout, "\n")
	if strings.Contains(phc, "\n") || !strings.HasPrefix(phc, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash printed %q, want one PHC line with m=64,t=1,p=1", r.stdout)
	}
	if strings.Contains(r.stdout+r.stderr, pw) {
		t.Fatalf("hash echoed the password")
	}
	return phc
}

func TestHashThenVerify(t *testing.T) {
	clearEnv(t)
	phc := hashOf(t, "correct horse battery")

	tests := []struct {
		name     string
		stdin    string
		wantCode int
	}{
		{"match", "correct horse battery", cli.ExitOK},
		{"match with newline", "correct horse battery\n", cli.ExitOK},
		{"match with CRLF", "correct horse battery\r\n", cli.ExitOK},
		{"wrong password", "correct horse battery!", cli.ExitMismatch},
		{"only the first line counts", "correct horse battery\nmore\n", cli.ExitOK},
		{"empty stdin", "", cli.ExitError},
		{"empty line", "\n", cli.ExitError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.stdin, "verify", phc)
			if r.code != tt.wantCode {
				t.Fatalf("verify: exit %d, want %d (stderr %q)", r.code, tt.wantCode, r.stderr)
			}
			if r.code == cli.ExitOK && !strings.Contains(r.stderr, "rehash") {
				// m=64,t=1,p=1 is not the default profile.
				t.Errorf("verify of a weak hash said %q, want a rehash note", r.stderr)
			}
		})
	}
}

// A peer's hash verifies with its password (C-07): the first argon2-cffi vector.
func TestVerifyPeerHash(t *testing.T) {
	clearEnv(t)
	phc := "$argon2id$v=19$m=8,t=1,p=1$MTIzNDU2Nzg5MDEyMzQ1Ng$maTa5w"
	if r := run(t, "password", "verify", phc); r.code != cli.ExitOK {
		t.Errorf("verify: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := run(t, "wrong", "verify", phc); r.code != cli.ExitMismatch {
		t.Errorf("verify wrong: exit %d, stderr %q", r.code, r.stderr)
	}
}

// Hashes that cannot be checked are errors (exit 2) with a message, never mismatches
// (C-08, C-10).
func TestVerifyErrors(t *testing.T) {
	clearEnv(t)
	tests := []struct {
		name    string
		args    []string
		stdin   string
		wantMsg string
	}{
		{"malformed", []string{"verify", "$argon2id$v=19$m=64,t=1,p=four$c2FsdHNhbHQ$YWJjZA"},
			"password", "invalid hash"},
		{"not a PHC string", []string{"verify", "abc"}, "password", "invalid hash"},
		{"empty hash", []string{"verify", ""}, "password", "invalid hash"},
		{"argon2d", []string{"verify",
			"$argon2d$v=19$m=16,t=2,p=1$c2FtcGxlc2FsdA$+WXDtYxllQvLeniHAPbTHQ"},
			"password", "unsupported"},
		{"memory above the cap", []string{"verify",
			"$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHQ$YWJjZA"},
			"password", "limit exceeded"},
		{"empty stdin", []string{"verify",
			"$argon2id$v=19$m=8,t=1,p=1$MTIzNDU2Nzg5MDEyMzQ1Ng$maTa5w"}, "", "stdin"},
		{"no argument", []string{"verify"}, "password", "exactly one argument"},
		{"two arguments", []string{"verify", "a", "b"}, "password", "exactly one argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.stdin, tt.args...)
			if r.code != cli.ExitError {
				t.Fatalf("exit %d, want %d (stderr %q)", r.code, cli.ExitError, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.wantMsg) {
				t.Errorf("stderr %q does not say %q", r.stderr, tt.wantMsg)
			}
		})
	}
}

// hash prints a hash below the OWASP floor, which serve would refuse, but warns about
// it on stderr.
func TestHashWarnsBelowOWASPFloor(t *testing.T) {
	clearEnv(t)
	tests := []struct {
		name     string
		args     []string
		wantWarn bool
	}{
		{"memory below", []string{"--argon2-memory", "1024"}, true},
		{"passes below", []string{"--argon2-memory", "19456", "--argon2-time", "1"}, true},
		{"tiny", tiny, true},
		{"at the floor", []string{"--argon2-memory", "19456", "--argon2-time", "2",
			"--argon2-threads", "1"}, false},
		{"default profile", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, "password123\n", append([]string{"hash"}, tt.args...)...)

			if r.code != cli.ExitOK || !strings.HasPrefix(r.stdout, "$argon2id$") {
				t.Fatalf("exit %d, stdout %q, stderr %q; want a hash", r.code, r.stdout,
					r.stderr)
			}
			warned := strings.Contains(r.stderr, "below the OWASP floor m=19456,t=2")
			if warned != tt.wantWarn {
				t.Errorf("stderr %q; want a warning: %v", r.stderr, tt.wantWarn)
			}
			if strings.Contains(r.stdout, "OWASP") {
				t.Errorf("the warning went to stdout: %q", r.stdout)
			}
		})
	}
}

func TestHashErrors(t *testing.T) {
	clearEnv(t)
	tests := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"empty stdin", "", tiny},
		{"password too long", strings.Repeat("a", 513), tiny},
		{"memory below 8 KiB per lane", "password",
			[]string{"--argon2-memory", "8", "--argon2-time", "1", "--argon2-threads", "4"}},
		{"threads above 255", "password", []string{"--argon2-threads", "256"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.stdin, append([]string{"hash"}, tt.args...)...)
			if r.code != cli.ExitError || r.stdout != "" || r.stderr == "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 with a message only",
					r.code, r.stdout, r.stderr)
			}
		})
	}
}

// serve refuses an unusable configuration at start-up, naming the problem and never
// printing a secret.
func TestServeRefusesInvalidConfig(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	base := []string{"serve", "--listen", "127.0.0.1:0", "--data-dir", dir}

	tests := []struct {
		name    string
		args    []string
		wantMsg string
	}{
		{"no secrets", nil, "nothing to serve"},
		{"no action secret", []string{"--jwt-secret", jwtSecret}, "--action-secret"},
		{"short action secret", []string{"--jwt-secret", jwtSecret,
			"--action-secret", "short-secret-1"}, "shorter than 32 bytes"},
		{"short edge secret", []string{"--edge-secret", "short-edge-secret-2"},
			"--edge-secret is shorter"},
		{"weak argon2", []string{"--edge-secret", edgeSecret, "--argon2-memory", "64"},
			"OWASP"},
		{"hasura without admin secret", []string{"--edge-secret", edgeSecret,
			"--hasura-endpoint", "http://127.0.0.1:1/v1/graphql"}, "--hasura-admin-secret"},
		{"bad listen", []string{"--edge-secret", edgeSecret, "--listen", "nowhere"},
			`--listen "nowhere"`},
		// Valid for config.Validate; refused when the server is built.
		{"jwt key too short", []string{"--jwt-secret", `{"type":"HS256","key":"sk-0123"}`,
			"--action-secret", actionSecret}, "--jwt-secret"},
		{"jwt secret not JSON", []string{"--jwt-secret", "sk-not-json-4567",
			"--action-secret", actionSecret}, "--jwt-secret"},
		{"data dir is a file", []string{"--edge-secret", edgeSecret, "--data-dir", file},
			"embedded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, "", append(append([]string{}, base...), tt.args...)...)
			if r.code != cli.ExitError {
				t.Fatalf("exit %d, want %d (stderr %q)", r.code, cli.ExitError, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.wantMsg) {
				t.Errorf("stderr %q does not name the problem (%q)", r.stderr, tt.wantMsg)
			}
			for _, s := range []string{actionSecret, edgeSecret, jwtKey, "short-secret-1",
				"short-edge-secret-2", "sk-0123", "sk-not-json-4567"} {
				if strings.Contains(r.stdout+r.stderr, s) {
					t.Errorf("output contains the secret %q:\n%s%s", s, r.stdout, r.stderr)
				}
			}
		})
	}
}

// Flags are read from LATCH_<FLAG>: a value set only in the environment shows in the
// validation message.
func TestServeReadsEnvironment(t *testing.T) {
	clearEnv(t)
	t.Setenv("LATCH_LISTEN", "from-env-no-port")
	t.Setenv("LATCH_DATA_DIR", t.TempDir())
	t.Setenv("LATCH_EDGE_SECRET", edgeSecret)

	r := run(t, "", "serve")
	if r.code != cli.ExitError || !strings.Contains(r.stderr, `"from-env-no-port"`) {
		t.Errorf("exit %d, stderr %q; want exit 2 naming the listen value from the env",
			r.code, r.stderr)
	}
	if strings.Contains(r.stderr, "nothing to serve") {
		t.Errorf("LATCH_EDGE_SECRET was not read: %q", r.stderr)
	}
}

func TestHasuraJWTConfig(t *testing.T) {
	clearEnv(t)
	r := run(t, "", "hasura", "jwt-config", "--jwt-secret", jwtSecret)
	if r.code != cli.ExitOK {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("output %q is not JSON: %v", r.stdout, err)
	}
	if got["type"] != "HS256" || got["key"] != jwtKey {
		t.Errorf("type %v, key %v; want HS256 and the configured key", got["type"], got["key"])
	}
	if got["issuer"] != "latch" {
		t.Errorf("issuer %v, want latch: Hasura should check it", got["issuer"])
	}

	t.Setenv("LATCH_JWT_SECRET", jwtSecret)
	if r := run(t, "", "hasura", "jwt-config"); r.code != cli.ExitOK ||
		!strings.Contains(r.stdout, jwtKey) {
		t.Errorf("from LATCH_JWT_SECRET: exit %d, stdout %q", r.code, r.stdout)
	}
}

func TestHasuraJWTConfigErrors(t *testing.T) {
	clearEnv(t)
	tests := []struct {
		name string
		args []string
	}{
		{"missing", nil},
		{"short key", []string{"--jwt-secret", `{"type":"HS256","key":"sk-0123"}`}},
		{"unknown type", []string{"--jwt-secret", `{"type":"XS256","key":"` + jwtKey + `"}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, "", append([]string{"hasura", "jwt-config"}, tt.args...)...)
			if r.code != cli.ExitError || r.stdout != "" || r.stderr == "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 with a message",
					r.code, r.stdout, r.stderr)
			}
			if strings.Contains(r.stderr, "sk-0123") || strings.Contains(r.stderr, jwtKey) {
				t.Errorf("stderr %q contains the key", r.stderr)
			}
		})
	}
}

// Every serve flag of the design is listed in the help with its LATCH_ variable, and
// a secret set in the environment is not shown as a default.
func TestServeHelpListsFlags(t *testing.T) {
	clearEnv(t)
	t.Setenv("LATCH_ACTION_SECRET", actionSecret)
	t.Setenv("LATCH_EDGE_SECRET", edgeSecret)
	t.Setenv("LATCH_JWT_SECRET", jwtSecret)
	t.Setenv("LATCH_HASURA_ADMIN_SECRET", "cli-test-admin-secret-33")

	r := run(t, "", "serve", "--help")
	if r.code != cli.ExitOK {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	lines := strings.Split(r.stdout, "\n")
	for _, flag := range []string{"listen", "data-dir", "hasura-endpoint",
		"hasura-admin-secret", "jwt-secret", "action-secret", "edge-secret",
		"argon2-memory", "argon2-time", "argon2-threads"} {
		env := "$LATCH_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
		found := false
		for _, l := range lines {
			if strings.Contains(l, "--"+flag+" ") && strings.Contains(l, env+"]") {
				found = true
			}
		}
		if !found {
			t.Errorf("help has no line with --%s and %s:\n%s", flag, env, r.stdout)
		}
	}
	for _, s := range []string{actionSecret, edgeSecret, jwtKey, "cli-test-admin-secret-33"} {
		if strings.Contains(r.stdout+r.stderr, s) {
			t.Errorf("help shows the secret %q", s)
		}
	}
}

func TestTopLevelHelp(t *testing.T) {
	clearEnv(t)
	r := run(t, "", "--help")
	if r.code != cli.ExitOK {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	for _, cmd := range []string{"serve", "hash", "verify", "hasura"} {
		if !strings.Contains(r.stdout, "   "+cmd+" ") {
			t.Errorf("help does not list %s:\n%s", cmd, r.stdout)
		}
	}
}

func TestUnknownCommandOrFlag(t *testing.T) {
	clearEnv(t)
	for _, args := range [][]string{{"serve", "--no-such-flag"}, {"no-such-command"}} {
		if r := run(t, "", args...); r.code == cli.ExitOK {
			t.Errorf("latch %s: exit 0", strings.Join(args, " "))
		}
	}
}
