package app_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/core/hop"
	"github.com/latchauth/latch/edge/internal/app"
)

// lockedBuffer is a bytes.Buffer that concurrent handlers may log into.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// debugJSON returns a debug-level JSON logger writing into the returned buffer.
func debugJSON() (*slog.Logger, *lockedBuffer) {
	buf := &lockedBuffer{}
	return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})),
		buf
}

// hashSalt is the salt of every saltedHasher hash: distinctive, so the logs can be
// searched for it.
const hashSalt = "c2FsdC1uZXZlci1sb2dnZWQ"

// saltedHasher writes PHC-like strings "$fake$<salt>$<tag>" whose parts are unlike
// the password, so that a leaked hash is told apart from a leaked password.
type saltedHasher struct{}

func (saltedHasher) Hash(p string) (string, error) {
	return "$fake$" + hashSalt + "$" + saltedTag(p), nil
}

func (saltedHasher) Verify(p, enc string) (auth.Verdict, error) {
	return auth.Verdict{Match: enc == "$fake$"+hashSalt+"$"+saltedTag(p)}, nil
}

func (saltedHasher) DummyVerify(p string) { _ = saltedTag(p) }

func saltedTag(p string) string {
	sum := sha256.Sum256([]byte(hashSalt + p))
	return hex.EncodeToString(sum[:])
}

// recordingOrigin is the origin half in process: the real hop handler over
// auth.Local, logging into its own buffer. It keeps the last hop request it got, so
// that a test can replay it.
type recordingOrigin struct {
	*httptest.Server
	store *memStore

	mu   sync.Mutex
	last *http.Request
	body []byte
}

func newRecordingOrigin(t *testing.T, log *slog.Logger) *recordingOrigin {
	t.Helper()
	o := &recordingOrigin{store: &memStore{users: map[string]*auth.User{}}}
	local := auth.NewLocal(saltedHasher{}, o.store, log)
	h, err := hop.NewHandler(local, []byte(edgeSecret), hop.WithLogger(log))
	if err != nil {
		t.Fatal(err)
	}
	o.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		o.mu.Lock()
		o.last, o.body = r.Clone(r.Context()), body
		o.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(o.Close)
	return o
}

// replayLast sends the last hop request again, byte for byte, as an attacker who
// captured it would, and returns the status.
func (o *recordingOrigin) replayLast(t *testing.T) (int, http.Header) {
	t.Helper()
	o.mu.Lock()
	last, body := o.last, o.body
	o.mu.Unlock()
	if last == nil {
		t.Fatal("no hop request to replay")
	}
	req, err := http.NewRequest(http.MethodPost, o.URL+last.URL.Path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = last.Header.Clone()
	status, _ := do(t, req)
	return status, last.Header
}

// rawCall POSTs body to the edge with the action secret.
func rawCall(t *testing.T, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Action-Secret", actionSecret)
	return do(t, req)
}

// Secrets never leak, edge half and origin hop half together: a whole scenario runs
// through the edge app and the real hop handler over auth.Local, both logging JSON at
// debug level, and neither log holds a password, the stored hash or its parts, the
// token or its signature, the hop signature, the action secret (right or mistyped),
// the edge secret or the JWT key. The origin server's own logs, and Hasura's admin
// secret, are checked in origin/internal/server.
func TestLogsOfBothHalvesHoldNoSecrets(t *testing.T) {
	const (
		pw      = "edge-logged-password-2b7e"
		wrongPw = "edge-wrong-password-91c4"
		email   = "ana@example.com"
	)
	mistyped := actionSecret[:len(actionSecret)-1] + "X"
	edgeLog, edgeLogs := debugJSON()
	originLog, originLogs := debugJSON()
	origin := newRecordingOrigin(t, originLog)
	h, err := app.New(validConfig(origin.URL), http.DefaultClient.Do, edgeLog,
		app.WithHopTimeout(2*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	edge := httptest.NewServer(h)
	t.Cleanup(edge.Close)

	steps := []struct {
		name       string
		run        func() (int, string)
		wantStatus int
	}{
		{"signup", func() (int, string) {
			return call(t, edge.URL+"/signup", actionSecret, "Signup", email, pw)
		}, http.StatusOK},
		{"login", func() (int, string) {
			return call(t, edge.URL+"/login", actionSecret, "Login", email, pw)
		}, http.StatusOK},
		{"wrong password", func() (int, string) {
			return call(t, edge.URL+"/login", actionSecret, "Login", email, wrongPw)
		}, http.StatusUnauthorized},
		{"unknown email", func() (int, string) {
			return call(t, edge.URL+"/login", actionSecret, "Login", "nobody@example.com", pw)
		}, http.StatusUnauthorized},
		{"duplicate signup", func() (int, string) {
			return call(t, edge.URL+"/signup", actionSecret, "Signup", "ANA@example.com", pw)
		}, http.StatusConflict},
		{"invalid email", func() (int, string) {
			return call(t, edge.URL+"/signup", actionSecret, "Signup", "not an email", pw)
		}, http.StatusBadRequest},
		{"truncated body ending in the password", func() (int, string) {
			return rawCall(t, edge.URL+"/actions", `{"action":{"name":"Login"},`+
				`"input":{"email":"`+email+`","password":"`+pw)
		}, http.StatusBadRequest},
		{"password of the wrong type", func() (int, string) {
			return rawCall(t, edge.URL+"/actions", `{"action":{"name":"Login"},`+
				`"input":{"email":"`+email+`","password":["`+pw+`"]}}`)
		}, http.StatusBadRequest},
		{"missing action secret", func() (int, string) {
			return call(t, edge.URL+"/login", "", "Login", email, pw)
		}, http.StatusUnauthorized},
		{"mistyped action secret", func() (int, string) {
			return call(t, edge.URL+"/login", mistyped, "Login", email, pw)
		}, http.StatusUnauthorized},
	}
	var tok string
	for _, s := range steps {
		status, body := s.run()
		if status != s.wantStatus {
			t.Fatalf("%s: got %d %s, want %d", s.name, status, body, s.wantStatus)
		}
		if s.name == "login" {
			verify(t, body)
			tok = strings.TrimSuffix(strings.TrimPrefix(body, `{"token":"`), `"}`)
		}
	}

	// The hop request of the last login reached the origin; sent again, it is refused.
	status, hopHeader := origin.replayLast(t)
	if status != http.StatusUnauthorized {
		t.Errorf("replayed hop request: %d, want 401", status)
	}

	// The origin goes down under the edge.
	origin.Close()
	status, body := call(t, edge.URL+"/login", actionSecret, "Login", email, pw)
	if status != http.StatusFailedDependency {
		t.Errorf("origin down: %d %s, want 424", status, body)
	}

	u, err := origin.store.FindByEmail(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"action":"Login"`, `"code":"invalid_credentials"`,
		`"code":"unavailable"`, `"code":"unauthorized"`} {
		if !strings.Contains(edgeLogs.String(), want) {
			t.Errorf("edge log lacks %s; the scenario did not run:\n%s", want, edgeLogs)
		}
	}
	for _, want := range []string{`"msg":"hop request"`, `"code":"email_taken"`,
		`"code":"unauthorized"`} {
		if !strings.Contains(originLogs.String(), want) {
			t.Errorf("origin log lacks %s; the scenario did not run:\n%s", want, originLogs)
		}
	}

	secrets := map[string]string{
		"password":               pw,
		"wrong password":         wrongPw,
		"stored hash":            u.PasswordHash,
		"hash salt":              hashSalt,
		"hash tag":               saltedTag(pw),
		"token":                  tok,
		"token signature":        tok[strings.LastIndexByte(tok, '.')+1:],
		"hop signature":          hopHeader.Get(hop.HeaderSignature),
		"action secret":          actionSecret,
		"mistyped action secret": mistyped,
		"edge secret":            edgeSecret,
		"JWT key":                jwtKey,
	}
	for half, logs := range map[string]string{
		"edge": edgeLogs.String(), "origin": originLogs.String(),
	} {
		for name, secret := range secrets {
			if secret == "" {
				t.Errorf("%s is empty: the check would be vacuous", name)
				continue
			}
			if strings.Contains(logs, secret) {
				t.Errorf("the %s log contains the %s", half, name)
			}
		}
	}
}

// One call can be followed across both halves: the origin's hop line carries the
// request id of the edge's action line, whether the edge made the id or took it from
// the caller's X-Request-Id, and both lines give their duration in milliseconds.
func TestLogsOfBothHalvesShareTheRequestID(t *testing.T) {
	for _, incoming := range []string{"", "hasura-req-42"} {
		name := map[string]string{"": "made by the edge"}[incoming]
		if name == "" {
			name = "from the caller"
		}
		t.Run(name, func(t *testing.T) {
			edgeLog, edgeLogs := debugJSON()
			originLog, originLogs := debugJSON()
			origin := newRecordingOrigin(t, originLog)
			h, err := app.New(validConfig(origin.URL), http.DefaultClient.Do, edgeLog)
			if err != nil {
				t.Fatal(err)
			}
			edge := httptest.NewServer(h)
			t.Cleanup(edge.Close)

			req, err := http.NewRequest(http.MethodPost, edge.URL+"/login",
				bytes.NewReader(actionBody("Login", "ana@example.com", "correct horse 1")))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Action-Secret", actionSecret)
			if incoming != "" {
				req.Header.Set("X-Request-Id", incoming)
			}
			if status, body := do(t, req); status != http.StatusUnauthorized {
				t.Fatalf("login of an unknown user: %d %s, want 401", status, body)
			}

			edgeLine := logLine(t, edgeLogs.String(), "request")
			originLine := logLine(t, originLogs.String(), "hop request")
			id, _ := edgeLine["request_id"].(string)
			if id == "" || incoming != "" && id != incoming {
				t.Fatalf("edge request_id = %q, want %q or a new one", id, incoming)
			}
			if originLine["request_id"] != id {
				t.Errorf("origin request_id = %v, edge's = %q", originLine["request_id"], id)
			}
			for half, line := range map[string]map[string]any{
				"edge": edgeLine, "origin": originLine,
			} {
				if _, ok := line["duration_ms"].(float64); !ok || line["duration"] != nil {
					t.Errorf("%s line %v: want duration_ms and no duration", half, line)
				}
			}
		})
	}
}

// logLine returns the only JSON line of logs whose msg is msg.
func logLine(t *testing.T, logs, msg string) map[string]any {
	t.Helper()
	var found map[string]any
	for _, l := range strings.Split(strings.TrimSpace(logs), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if m["msg"] != msg {
			continue
		}
		if found != nil {
			t.Fatalf("two %q lines in:\n%s", msg, logs)
		}
		found = m
	}
	if found == nil {
		t.Fatalf("no %q line in:\n%s", msg, logs)
	}
	return found
}
