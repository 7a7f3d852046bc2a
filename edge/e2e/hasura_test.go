//go:build e2e

package e2e_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/latchauth/latch/core/token"
)

// tutorialEmail is the user scripts/e2e.sh seeds into the Hasura double with the
// first hash of the argon2-cffi vectors, as the Flask tutorial stored it and
// Latch's migrations lower-cased it.
const tutorialEmail = "tutorial.user@example.com"

// vectorsFile holds the argon2-cffi hashes and their passwords.
const vectorsFile = "../../origin/internal/password/testdata/argon2-cffi-phc.json"

// hasuraDouble is the hasura-double process scripts/e2e.sh started for this round.
type hasuraDouble struct {
	url, secret string
	pid         int
}

func loadHasura(t *testing.T) hasuraDouble {
	t.Helper()
	h := hasuraDouble{
		url:    os.Getenv("LATCH_E2E_HASURA_URL"),
		secret: os.Getenv("LATCH_E2E_HASURA_SECRET"),
	}
	pid, err := strconv.Atoi(os.Getenv("LATCH_E2E_HASURA_PID"))
	if h.url == "" || h.secret == "" || err != nil {
		t.Skip("LATCH_E2E_HASURA_* are not set: run the end-to-end test with make e2e")
	}
	h.pid = pid
	return h
}

// row is a row of table "user" as the test reads it from the double.
type row struct {
	ID       int64  `json:"id"`
	Email    string `json:"email"`
	Password string `json:"password"`
}

// users reads table "user" through the double's GraphQL endpoint with the admin
// secret, as an operator would from Hasura's console.
func (h hasuraDouble) users(t *testing.T) []row {
	t.Helper()
	body := []byte(`{"query":"query { user { id email password } }"}`)
	req, err := http.NewRequest(http.MethodPost, h.url+"/v1/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", jsonType)
	req.Header.Set("x-hasura-admin-secret", h.secret)
	res, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("reading Hasura: %v", err)
	}
	defer res.Body.Close()
	var out struct {
		Data struct {
			User []row `json:"user"`
		} `json:"data"`
		Errors json.RawMessage `json:"errors"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || out.Errors != nil {
		t.Fatalf("reading Hasura: %v %s", err, out.Errors)
	}
	return out.Data.User
}

// user returns the row stored for email, which is stored lower-case.
func (h hasuraDouble) user(t *testing.T, email string) row {
	t.Helper()
	for _, r := range h.users(t) {
		if r.Email == email {
			return r
		}
	}
	t.Fatalf("no row for %s in Hasura", email)
	return row{}
}

// currentPrefix is how every hash the origin writes begins: the Argon2 parameters
// scripts/e2e.sh gives it through LATCH_ARGON2_*.
func currentPrefix(t *testing.T) string {
	t.Helper()
	m, tc, p := os.Getenv("LATCH_ARGON2_MEMORY"), os.Getenv("LATCH_ARGON2_TIME"),
		os.Getenv("LATCH_ARGON2_THREADS")
	if m == "" || tc == "" || p == "" {
		t.Fatal("LATCH_ARGON2_MEMORY, _TIME and _THREADS must be set by scripts/e2e.sh")
	}
	return fmt.Sprintf("$argon2id$v=19$m=%s,t=%s,p=%s$", m, tc, p)
}

// tutorialPassword finds the password of hash among the argon2-cffi vectors.
func tutorialPassword(t *testing.T, hash string) string {
	t.Helper()
	data, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatal(err)
	}
	var vs []struct{ PHC, Password string }
	if err := json.Unmarshal(data, &vs); err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if v.PHC == hash {
			return v.Password
		}
	}
	t.Fatalf("the seeded hash %.40s... is not among the vectors", hash)
	return ""
}

// TestHasuraStore is the second round of scripts/e2e.sh: the same edge, and an origin
// that keeps its users in Hasura (the hasura-double process) instead of a data
// directory. Issue 3's path runs through the edge, then standalone; then Hasura
// stops.
func TestHasuraStore(t *testing.T) {
	h := loadHasura(t)
	e := loadEnv(t)
	v := newVerifier(t, e.jwtSecret)

	seeded := h.user(t, tutorialEmail)
	if strings.HasPrefix(seeded.Password, currentPrefix(t)) {
		t.Fatalf("the seeded hash %.40s... is already current", seeded.Password)
	}
	tutorial := tutorialUser{id: strconv.FormatInt(seeded.ID, 10),
		password: tutorialPassword(t, seeded.Password)}

	t.Run("edge", func(t *testing.T) {
		c := client{base: e.edge, secret: e.actionSecret}
		testHasuraPath(t, h, c, v, tutorial, "cleo@example.com")
	})
	t.Run("origin standalone", func(t *testing.T) {
		c := client{base: e.origin, secret: e.actionSecret}
		testHasuraPath(t, h, c, v, tutorial, "dan@example.com")
	})
	t.Run("one row per account", func(t *testing.T) {
		if rows := h.users(t); len(rows) != 3 {
			t.Errorf("%d rows in Hasura, want 3: %+v", len(rows), rows)
		}
	})
	t.Run("hasura down", func(t *testing.T) { testHasuraDown(t, e, h) })
}

type tutorialUser struct {
	id, password string
}

// testHasuraPath runs signup, login, the tutorial user's login, a duplicate signup
// and a login in another case against one base URL. The first call through any
// base rewrites the tutorial hash; later calls find it current.
func testHasuraPath(t *testing.T, h hasuraDouble, c client, v *token.Verifier,
	tutorial tutorialUser, email string) {
	want := currentPrefix(t)

	// Ids come from the database's sequence, which a refused insert advances too.
	var id string
	t.Run("signup writes the user to Hasura", func(t *testing.T) {
		status, body := c.action(t, "Signup", creds(email, "hasura password 1"))
		r := h.user(t, email)
		wantExact(t, status, body, http.StatusOK,
			fmt.Sprintf(`{"id":%d,"email":%q}`, r.ID, email))
		if !strings.HasPrefix(r.Password, want) {
			t.Errorf("stored hash %.32s..., want %s...", r.Password, want)
		}
		id = strconv.FormatInt(r.ID, 10)
	})
	if id == "" {
		t.FailNow()
	}
	t.Run("login token verifies", func(t *testing.T) {
		checkToken(t, v, c.login(t, email, "hasura password 1"), id)
	})
	t.Run("tutorial user logs in and the hash is current after (C-11)", func(t *testing.T) {
		before := h.user(t, tutorialEmail).Password
		checkToken(t, v, c.login(t, "Tutorial.User@Example.com", tutorial.password),
			tutorial.id)
		after := h.user(t, tutorialEmail).Password
		if !strings.HasPrefix(after, want) {
			t.Errorf("tutorial hash after login %.32s..., want %s...", after, want)
		}
		if !strings.HasPrefix(before, want) && after == before {
			t.Error("the tutorial hash was not rewritten")
		}
	})
	t.Run("a duplicate signup in another case is email_taken (C-13)", func(t *testing.T) {
		status, body := c.action(t, "Signup", creds(strings.ToUpper(email), "other password"))
		wantHasuraError(t, status, body, "email_taken")
		if status != http.StatusConflict || bytes.Contains(body, []byte("constraint")) {
			t.Errorf("got %d %s, want 409 naming no constraint", status, body)
		}
	})
	t.Run("login in another case", func(t *testing.T) {
		mixed := strings.ToUpper(email[:1]) + email[1:]
		checkToken(t, v, c.login(t, mixed, "hasura password 1"), id)
	})
}

// testHasuraDown stops the double: logins through the edge and the origin answer
// 424 unavailable promptly, naming neither Hasura nor any secret.
func testHasuraDown(t *testing.T, e env, h hasuraDouble) {
	stopProcess(t, h.pid, h.url+"/v1/graphql")

	for name, base := range map[string]string{"edge": e.edge, "origin": e.origin} {
		c := client{base: base, secret: e.actionSecret}
		begin := time.Now()
		status, body := c.action(t, "Login", creds(tutorialEmail, "any password"))
		if took := time.Since(begin); took > 5*time.Second {
			t.Errorf("%s answered after %v, want promptly", name, took)
		}
		wantHasuraError(t, status, body, "unavailable")
		if status != http.StatusFailedDependency {
			t.Errorf("%s: status %d, want 424", name, status)
		}
		for _, leak := range []string{h.url, "127.0.0.1", "graphql", h.secret,
			e.actionSecret, e.edgeSecret} {
			if bytes.Contains(body, []byte(leak)) {
				t.Errorf("%s: body %s leaks %q", name, body, leak)
			}
		}
	}
}
