package action_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/latchauth/latch/core/action"
	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
)

func TestSuccess(t *testing.T) {
	tests := []struct {
		name   string
		path   string
		action string
		ctype  string
		want   string
		called string
	}{
		{"login", "/actions", "Login", "", `{"token":"` + token + `"}`, "Login"},
		{"signup", "/actions", "Signup", "", `{"id":7,"email":"` + email + `"}`, "Signup"},
		{"root dispatches", "/", "Login", "", `{"token":"` + token + `"}`, "Login"},
		{"lower case name", "/actions", "login", "", `{"token":"` + token + `"}`, "Login"},
		{"upper case name", "/actions", "SIGNUP", "", `{"id":7,"email":"` + email + `"}`,
			"Signup"},
		{"json with charset", "/actions", "Login", "application/json; charset=utf-8",
			`{"token":"` + token + `"}`, "Login"},
		{"/login ignores the name", "/login", "Signup", "", `{"token":"` + token + `"}`,
			"Login"},
		{"/signup ignores the name", "/signup", "Login", "",
			`{"id":7,"email":"` + email + `"}`, "Signup"},
		{"/login with a nonsense name", "/login", "Whatever", "",
			`{"token":"` + token + `"}`, "Login"},
		{"trailing slash", "/signup/", "", "", `{"id":7,"email":"` + email + `"}`, "Signup"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture()
			c := authorized(body(tt.action, creds))
			c.path, c.ctype = tt.path, tt.ctype

			w, _ := f.do(t, c)

			if w.Code != http.StatusOK || w.Body.String() != tt.want {
				t.Fatalf("got %d %s, want 200 %s", w.Code, w.Body, tt.want)
			}
			if f.accounts.n() != 1 || f.accounts.calls[0] != tt.called {
				t.Errorf("Accounts calls = %q, want [%s]", f.accounts.calls, tt.called)
			}
			h := w.Header()
			if h.Get("Content-Type") != "application/json" || h.Get("Cache-Control") != "no-store" {
				t.Errorf("headers = %v, want JSON and no-store", h)
			}
		})
	}
}

// C-06: nothing is read or computed for a caller without the action secret.
func TestActionSecret(t *testing.T) {
	tests := []struct {
		name    string
		secrets []string
		ctype   string
	}{
		{"no header", nil, ""},
		{"empty header", []string{""}, ""},
		{"wrong secret", []string{"s3cret-action-header-valuE"}, ""},
		{"secret as prefix", []string{secret + "x"}, ""},
		{"two headers, wrong first", []string{"nope", secret}, ""},
		{"two headers, both right", []string{secret, secret}, ""},
		{"checked before the content type", nil, "text/plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture()
			c := authorized(body("Login", creds))
			c.secrets, c.ctype = tt.secrets, tt.ctype

			w, spy := f.do(t, c)

			if w.Code != http.StatusUnauthorized {
				t.Errorf("status = %d, want 401", w.Code)
			}
			if code := hasuraError(t, w); code != string(apierr.Unauthorized) {
				t.Errorf("code = %q, want unauthorized", code)
			}
			if spy.used || f.accounts.n() != 0 {
				t.Errorf("body read %v, Accounts calls %q; want neither", spy.used,
					f.accounts.calls)
			}
			if strings.Contains(w.Body.String()+f.logs.String(), secret) {
				t.Errorf("the secret leaked into the response or the log")
			}
		})
	}
}

// Spaces and tabs around the header value are HTTP optional whitespace: net/http drops
// them before the handler runs, a Worker may not, and both halves must agree.
func TestActionSecretOptionalWhitespace(t *testing.T) {
	tests := []struct {
		name   string
		value  string
		status int
	}{
		{"bare", secret, 200},
		{"leading space", " " + secret, 200},
		{"trailing tab", secret + "\t", 200},
		{"both sides", " \t " + secret + "\t \t", 200},
		{"inner space", secret[:4] + " " + secret[4:], 401},
		{"only whitespace", " \t ", 401},
		{"other white space is kept", "\u00a0" + secret, 401},
		{"a newline is not optional whitespace", secret + "\n", 401},
		{"wrong secret, trimmed", " " + secret + "x ", 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture()
			c := authorized(body("Login", creds))
			c.secrets = []string{tt.value}

			w, _ := f.do(t, c)

			if w.Code != tt.status {
				t.Errorf("status = %d, want %d (body %s)", w.Code, tt.status, w.Body)
			}
		})
	}
}

func TestNoSecretConfiguredIsOpen(t *testing.T) {
	a := &fakeAccounts{}
	h := action.NewHandler(auth.NewService(a, &fakeSigner{}), "")
	f := &fixture{h: h, accounts: a}

	w, _ := f.do(t, call{body: strings.NewReader(body("Login", creds))})

	if w.Code != http.StatusOK {
		t.Errorf("status = %d, want 200 without a configured secret", w.Code)
	}
}

// C-06: identity comes from credentials, never from session variables.
func TestSessionVariablesAreIgnored(t *testing.T) {
	f := newFixture()
	b := `{"action":{"name":"Login"},"input":` + creds + `,"session_variables":` +
		`{"x-hasura-role":"admin","x-hasura-user-id":"1"}}`

	w, _ := f.do(t, authorized(b))

	if w.Code != http.StatusOK || len(f.signer.issued) != 1 {
		t.Fatalf("got %d %s, want a token", w.Code, w.Body)
	}
	p := f.signer.issued[0]
	if p.UserID != 7 || p.DefaultRole != "user" || len(p.AllowedRoles) != 1 {
		t.Errorf("token for %+v, want the account's user 7 with role user", p)
	}
}

// C-16: every malformed request is a Hasura-shaped 4xx, never a 5xx.
func TestMalformedRequests(t *testing.T) {
	tests := []struct {
		name   string
		method string
		path   string
		ctype  string
		body   string
		status int
		code   apierr.Code
	}{
		{"no body", "", "", "", "", 400, apierr.BadRequest},
		{"blank body", "", "", "", " \n\t", 400, apierr.BadRequest},
		{"GET", http.MethodGet, "", "", "", 405, apierr.MethodNotAllowed},
		{"PUT", http.MethodPut, "", "", body("Login", creds), 405, apierr.MethodNotAllowed},
		{"text/plain", "", "", "text/plain", body("Login", creds), 415,
			apierr.UnsupportedMedia},
		{"no content type", "", "", "-", body("Login", creds), 415, apierr.UnsupportedMedia},
		{"form", "", "", "application/x-www-form-urlencoded", "email=a", 415,
			apierr.UnsupportedMedia},
		{"truncated JSON", "", "", "", body("Login", creds)[:40], 400, apierr.BadRequest},
		{"not JSON", "", "", "", "email=ben&password=x", 400, apierr.BadRequest},
		{"JSON array", "", "", "", `[]`, 400, apierr.BadRequest},
		{"JSON string", "", "", "", `"Login"`, 400, apierr.BadRequest},
		{"JSON null", "", "", "", `null`, 400, apierr.BadRequest},
		{"missing input", "", "", "", `{"action":{"name":"Login"}}`, 400, apierr.BadRequest},
		{"input null", "", "", "", body("Login", "null"), 400, apierr.BadRequest},
		{"input array", "", "", "", body("Login", "[]"), 400, apierr.BadRequest},
		{"input string", "", "", "", body("Login", `"x"`), 400, apierr.BadRequest},
		{"action a string", "", "", "", `{"action":"Login","input":` + creds + `}`,
			400, apierr.BadRequest},
		{"missing email", "", "", "", body("Login", `{"password":"x"}`), 400,
			apierr.BadRequest},
		{"missing password", "", "", "", body("Login", `{"email":"a@b.co"}`), 400,
			apierr.BadRequest},
		{"password a number", "", "", "", body("Login", `{"email":"a@b.co","password":1}`),
			400, apierr.BadRequest},
		{"password null", "", "", "", body("Login", `{"email":"a@b.co","password":null}`),
			400, apierr.BadRequest},
		{"password an object", "", "", "",
			body("Login", `{"email":"a@b.co","password":{"$ne":""}}`), 400, apierr.BadRequest},
		{"password an array", "", "", "",
			body("Login", `{"email":"a@b.co","password":["x"]}`), 400, apierr.BadRequest},
		{"email a bool", "", "", "", body("Login", `{"email":true,"password":"x"}`), 400,
			apierr.BadRequest},
		{"unknown input field", "", "", "",
			body("Login", `{"email":"a@b.co","password":"x","role":"admin"}`), 400,
			apierr.BadRequest},
		{"unknown action", "", "", "", body("DeleteUser", creds), 400, apierr.UnknownAction},
		{"no action name", "", "", "", `{"input":` + creds + `}`, 400, apierr.UnknownAction},
		{"unknown action, empty input", "", "", "", body("DeleteUser", `{}`), 400,
			apierr.UnknownAction},
		{"unknown action, its own input", "", "", "", body("DeleteUser", `{"id":7}`), 400,
			apierr.UnknownAction},
		{"unknown action, input without password", "", "", "",
			body("Logout", `{"email":"a@b.co"}`), 400, apierr.UnknownAction},
		{"no action name, empty input", "", "", "", `{"input":{}}`, 400,
			apierr.UnknownAction},
		{"trailing garbage", "", "", "", body("Login", creds) + "}", 400, apierr.BadRequest},
		{"two documents", "", "", "", body("Login", creds) + body("Login", creds), 400,
			apierr.BadRequest},
		{"unknown path", "", "/admin", "", body("Login", creds), 404, apierr.NotFound},
		{"unknown path with GET", http.MethodGet, "/users/1", "", "", 404, apierr.NotFound},
		{"path prefix is not a route", "", "/loginx", "", body("Login", creds), 404,
			apierr.NotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture()
			c := authorized(tt.body)
			c.method, c.path, c.ctype = tt.method, tt.path, tt.ctype

			w, _ := f.do(t, c)

			if w.Code != tt.status {
				t.Errorf("status = %d, want %d (body %s)", w.Code, tt.status, w.Body)
			}
			if code := hasuraError(t, w); code != string(tt.code) {
				t.Errorf("code = %q, want %q", code, tt.code)
			}
			if f.accounts.n() != 0 {
				t.Errorf("Accounts was called: %q", f.accounts.calls)
			}
		})
	}
}

// C-16: a wrongly typed field is named in the message, its value never.
func TestTypeErrorsNameTheFieldNotTheValue(t *testing.T) {
	f := newFixture()
	in := `{"email":"a@b.co","password":{"secret":"hunter22-horse"}}`

	w, _ := f.do(t, authorized(body("Login", in)))

	var doc struct{ Message string }
	_ = json.Unmarshal(w.Body.Bytes(), &doc)
	if !strings.Contains(doc.Message, "password") || strings.Contains(w.Body.String(), password) {
		t.Errorf("message %q: want the field named and the value absent", doc.Message)
	}
}

// C-14: an oversized body is refused after reading at most the cap plus one byte.
func TestBodyTooLarge(t *testing.T) {
	tests := []struct {
		name  string
		opts  []action.Option
		size  int64
		limit int64
	}{
		{"5 MB at the default cap", nil, 5 << 20, action.DefaultMaxBody},
		{"one byte over a set cap", []action.Option{action.WithMaxBody(100)}, 101, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(tt.opts...)
			c := authorized("")
			c.body = io.LimitReader(repeat('{'), tt.size)

			w, spy := f.do(t, c)

			if w.Code != http.StatusRequestEntityTooLarge {
				t.Errorf("status = %d, want 413", w.Code)
			}
			if code := hasuraError(t, w); code != string(apierr.TooLarge) {
				t.Errorf("code = %q, want request_too_large", code)
			}
			if spy.read > tt.limit+1 {
				t.Errorf("read %d bytes, want at most %d", spy.read, tt.limit+1)
			}
			if f.accounts.n() != 0 {
				t.Errorf("Accounts was called: %q", f.accounts.calls)
			}
		})
	}
}

func TestBodyAtTheCapIsAccepted(t *testing.T) {
	const limit = 256
	f := newFixture(action.WithMaxBody(limit))
	b := body("Login", creds)
	b += strings.Repeat(" ", limit-len(b))

	w, _ := f.do(t, authorized(b))

	if w.Code != http.StatusOK {
		t.Errorf("status = %d for a %d-byte body under a %d cap, want 200", w.Code, len(b), limit)
	}
}

// C-04: an unexpected failure, even a panic, answers a Hasura-shaped body.
func TestPanicIsRecovered(t *testing.T) {
	f := newFixture()
	f.accounts.panic = true

	w, _ := f.do(t, authorized(body("Login", creds)))

	if w.Code != http.StatusInternalServerError {
		t.Errorf("status = %d, want 500", w.Code)
	}
	if got, want := w.Body.String(), string(apierr.ErrInternal.Body()); got != want {
		t.Errorf("body = %s, want %s", got, want)
	}
	lines := logLines(t, f.logs)
	if len(lines) != 1 || lines[0]["level"] != "ERROR" ||
		!strings.Contains(lines[0]["err"].(string), "panic: accounts: nil map") {
		t.Errorf("log = %v, want one ERROR line naming the panic", lines)
	}
}

// Errors from Accounts reach the client as their own code, or as an opaque internal.
func TestAccountsErrorsAreRendered(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		code   apierr.Code
	}{
		{"email taken", apierr.ErrEmailTaken, 409, apierr.EmailTaken},
		{"unavailable", apierr.ErrUnavailable, 424, apierr.Unavailable},
		{"plain error", io.ErrUnexpectedEOF, 500, apierr.Internal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture()
			f.accounts.err = tt.err

			w, _ := f.do(t, authorized(body("Signup", creds)))

			if w.Code != tt.status {
				t.Errorf("status = %d, want %d", w.Code, tt.status)
			}
			if code := hasuraError(t, w); code != string(tt.code) {
				t.Errorf("code = %q, want %q", code, tt.code)
			}
			if strings.Contains(w.Body.String(), "EOF") {
				t.Errorf("body %s leaks the internal cause", w.Body)
			}
		})
	}
}

// C-12: through the whole handler, an unknown email and a wrong password answer the
// same status, headers and bytes.
func TestUnknownEmailAndWrongPasswordLookAlike(t *testing.T) {
	store := &memStore{users: map[string]*auth.User{}}
	h := &countingHasher{}
	svc := auth.NewService(auth.NewLocal(h, store, nil), &fakeSigner{})
	handler := action.NewHandler(svc, secret)
	f := &fixture{h: handler, accounts: &fakeAccounts{}}

	signup, _ := f.do(t, authorized(body("Signup", creds)))
	if signup.Code != http.StatusOK {
		t.Fatalf("signup: %d %s", signup.Code, signup.Body)
	}

	unknown, _ := f.do(t, authorized(body("Login",
		`{"email":"nobody@example.com","password":"x"}`)))
	wrong, _ := f.do(t, authorized(body("Login",
		`{"email":"`+email+`","password":"wrong"}`)))

	if unknown.Code != wrong.Code || unknown.Code != http.StatusUnauthorized {
		t.Errorf("statuses = %d and %d, want both 401", unknown.Code, wrong.Code)
	}
	if !bytes.Equal(unknown.Body.Bytes(), wrong.Body.Bytes()) {
		t.Errorf("bodies differ:\n%s\n%s", unknown.Body, wrong.Body)
	}
	for _, k := range []string{"Content-Type", "Cache-Control", "Retry-After"} {
		if unknown.Header().Get(k) != wrong.Header().Get(k) {
			t.Errorf("header %s differs: %q vs %q", k, unknown.Header().Get(k),
				wrong.Header().Get(k))
		}
	}
	if h.verifies != 1 || h.dummies != 1 {
		t.Errorf("hasher ran %d verify and %d dummy, want 1 and 1", h.verifies, h.dummies)
	}
}

var hexID = regexp.MustCompile(`^[0-9a-f]{16}$`)

func TestRequestID(t *testing.T) {
	tests := []struct {
		name     string
		incoming []string
		echoed   bool
	}{
		{"well-formed is echoed", []string{"req-42_abc"}, true},
		{"64 characters is echoed", []string{strings.Repeat("a", 64)}, true},
		{"absent is generated", nil, false},
		{"empty is replaced", []string{""}, false},
		{"newline is replaced", []string{"abc\nlevel=ERROR msg=forged"}, false},
		{"space is replaced", []string{"abc def"}, false},
		{"quote is replaced", []string{`abc"def`}, false},
		{"65 characters is replaced", []string{strings.Repeat("a", 65)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture()
			c := authorized(body("Login", creds))
			c.header = http.Header{action.RequestIDHeader: tt.incoming}

			w, _ := f.do(t, c)

			got := w.Header().Get(action.RequestIDHeader)
			switch {
			case tt.echoed && got != tt.incoming[0]:
				t.Errorf("request id = %q, want %q echoed", got, tt.incoming[0])
			case !tt.echoed && !hexID.MatchString(got):
				t.Errorf("request id = %q, want 16 fresh hex digits", got)
			}
			lines := logLines(t, f.logs)
			if len(lines) != 1 || lines[0]["request_id"] != got {
				t.Errorf("log = %v, want one line with request_id %q", lines, got)
			}
		})
	}
}

func TestGeneratedRequestIDsDiffer(t *testing.T) {
	f := newFixture()
	a, _ := f.do(t, authorized(body("Login", creds)))
	b, _ := f.do(t, authorized(body("Login", creds)))

	if a.Header().Get(action.RequestIDHeader) == b.Header().Get(action.RequestIDHeader) {
		t.Errorf("two requests got the same id %q", a.Header().Get(action.RequestIDHeader))
	}
}

// The per-request line says what happened and nothing a client sent in confidence.
func TestRequestLog(t *testing.T) {
	tests := []struct {
		name   string
		path   string
		body   string
		err    error
		level  string
		action string
		status float64
		code   string // "" for none
	}{
		{"login", "/actions", body("Login", creds), nil, "INFO", "Login", 200, ""},
		{"signup", "/signup", body("", creds), nil, "INFO", "Signup", 200, ""},
		{"invalid credentials", "/login", body("Login", creds), apierr.ErrInvalidCredentials,
			"WARN", "Login", 401, "invalid_credentials"},
		{"unavailable is an error", "/login", body("Login", creds), apierr.ErrUnavailable,
			"ERROR", "Login", 424, "unavailable"},
		{"bad JSON names no action", "/actions", `{"input":{"password":"` + password,
			nil, "WARN", "", 400, "bad_request"},
		{"weak password", "/signup", body("Signup",
			`{"email":"`+email+`","password":"`+password[:5]+`"}`),
			nil, "WARN", "Signup", 400, "weak_password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			step := 1500 * time.Microsecond
			now := time.Unix(1700000000, 0)
			clock := func() time.Time { now = now.Add(step); return now }
			f := newFixture(action.WithClock(clock))
			f.accounts.err = tt.err
			c := authorized(tt.body)
			c.path = tt.path
			c.header = http.Header{"Authorization": {"Bearer " + token}}

			f.do(t, c)

			lines := logLines(t, f.logs)
			if len(lines) != 1 {
				t.Fatalf("log has %d lines, want 1: %s", len(lines), f.logs)
			}
			l := lines[0]
			if l["msg"] != "request" || l["level"] != tt.level || l["action"] != tt.action ||
				l["status"] != tt.status || l["path"] != tt.path || l["method"] != "POST" {
				t.Errorf("log line = %v, want %s action=%q status=%v path=%s",
					l, tt.level, tt.action, tt.status, tt.path)
			}
			if code, _ := l["code"].(string); code != tt.code {
				t.Errorf("code = %q, want %q", code, tt.code)
			}
			if l["duration_ms"] != 1.5 {
				t.Errorf("duration_ms = %v, want 1.5 from the injected clock", l["duration_ms"])
			}
			for _, s := range []string{password, password[:5], email, secret, token,
				"ben@", "hunter"} {
				if strings.Contains(f.logs.String(), s) {
					t.Errorf("log %s contains %q", f.logs, s)
				}
			}
		})
	}
}

func TestReadBody(t *testing.T) {
	tests := []struct {
		name string
		in   io.Reader
		want *apierr.Error // nil for success
	}{
		{"within the cap", strings.NewReader("{}"), nil},
		{"exactly the cap", strings.NewReader(strings.Repeat(" ", 9) + "1"), nil},
		{"one over the cap", strings.NewReader(strings.Repeat("1", 11)), apierr.ErrTooLarge},
		{"empty", strings.NewReader(""), apierr.ErrBadRequest},
		{"only white space", strings.NewReader(" \r\n"), apierr.ErrBadRequest},
		{"read error", io.MultiReader(strings.NewReader("{"), errReader{}),
			apierr.ErrBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := action.ReadBody(tt.in, 10)
			if tt.want == nil {
				if err != nil || len(b) == 0 {
					t.Errorf("ReadBody() = %q, %v; want the body", b, err)
				}
				return
			}
			var e *apierr.Error
			if !errors.As(err, &e) || e.Code != tt.want.Code || b != nil {
				t.Errorf("ReadBody() = %q, %v; want %s", b, err, tt.want.Code)
			}
		})
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrClosedPipe }

// repeat is an endless reader of c.
type repeat byte

func (c repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(c)
	}
	return len(p), nil
}

// countingHasher and memStore let the C-12 test run a real Local.
type countingHasher struct{ verifies, dummies int }

func (h *countingHasher) Hash(pw string) (string, error) { return "h$" + pw, nil }

func (h *countingHasher) Verify(pw, enc string) (auth.Verdict, error) {
	h.verifies++
	return auth.Verdict{Match: enc == "h$"+pw}, nil
}

func (h *countingHasher) DummyVerify(string) { h.dummies++ }

type memStore struct{ users map[string]*auth.User }

func (s *memStore) FindByEmail(_ context.Context, e string) (*auth.User, error) {
	if u, ok := s.users[e]; ok {
		return u, nil
	}
	return nil, auth.ErrUserNotFound
}

func (s *memStore) Create(_ context.Context, e, h string) (*auth.User, error) {
	if _, ok := s.users[e]; ok {
		return nil, auth.ErrEmailTaken
	}
	u := &auth.User{ID: int64(len(s.users) + 1), Email: e, PasswordHash: h,
		DefaultRole: auth.DefaultRole}
	s.users[e] = u
	return u, nil
}

func (s *memStore) ReplaceHash(context.Context, int64, string, string) error { return nil }
