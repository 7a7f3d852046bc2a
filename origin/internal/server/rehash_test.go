package server_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/latchauth/latch/origin/internal/password"
)

// tutorialVector returns the hash argon2-cffi 21.1 wrote with the Flask tutorial's
// defaults (m=102400,t=2,p=8, 16-byte tag) and its password, from the vectors the
// password package verifies (shared/vectors/argon2-cffi-phc.json).
func tutorialVector(t *testing.T) (phc, pw string) {
	t.Helper()
	data, err := os.ReadFile("../password/testdata/argon2-cffi-phc.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []struct {
		PHC      string `json:"phc"`
		Password string `json:"password"`
	}
	if err := json.Unmarshal(data, &vs); err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if strings.HasPrefix(v.PHC, "$argon2id$v=19$m=102400,t=2,p=8$") {
			return v.PHC, v.Password
		}
	}
	t.Fatal("no m=102400,t=2,p=8 vector")
	return "", ""
}

// C-11: a hash written with the tutorial's old defaults verifies, and the successful
// login rewrites it with the current profile.
func TestLoginRehashesTutorialHash(t *testing.T) {
	oldHash, pw := tutorialVector(t)
	if pw != "password123" {
		t.Fatalf("tutorial vector password %q, want password123", pw)
	}
	cfg := testConfig(t)
	p := password.DefaultProfile
	cfg.Argon2Memory, cfg.Argon2Time, cfg.Argon2Threads = p.Memory, p.Time, p.Threads

	st := openStore(t, cfg.DataDir)
	u, err := st.Create(t.Context(), "tutorial@example.com", oldHash)
	st.Close()
	if err != nil {
		t.Fatalf("Create: %v", err)
	}

	o := start(t, cfg, nil)
	verifyToken(t, loginToken(t, o, "tutorial@example.com", pw))
	o.stop()

	st = openStore(t, cfg.DataDir)
	defer st.Close()
	got, err := st.FindByEmail(t.Context(), "tutorial@example.com")
	if err != nil {
		t.Fatalf("FindByEmail: %v", err)
	}
	if got.ID != u.ID {
		t.Fatalf("user id %d, want %d", got.ID, u.ID)
	}
	const want = "$argon2id$v=19$m=65536,t=3,p=4$"
	if !strings.HasPrefix(got.PasswordHash, want) {
		t.Fatalf("stored hash has parameters of %.40s..., want %s", got.PasswordHash, want)
	}

	h, err := password.New(password.DefaultProfile, password.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	v, err := h.Verify(pw, got.PasswordHash)
	if err != nil || !v.Match || v.Rehash {
		t.Errorf("rewritten hash: verdict %+v, err %v; want a match needing no rehash", v, err)
	}
}

// A stored hash the hasher cannot use is a corrupt row, not a reason to fail loudly or
// to hash without bound: the login answers invalid credentials, and the operator gets
// an error line.
func TestCorruptStoredHash(t *testing.T) {
	tests := []struct {
		name string
		hash string
	}{
		{"memory above the cap", "$argon2id$v=19$m=4294967295,t=1,p=1$" +
			"c29tZXNhbHRzb21lc2FsdA$GpZ3sK/oH9p7VIiV56G/64Zo/8GaUw434IimaPqxwCo"},
		{"time above the cap", "$argon2id$v=19$m=64,t=4294967295,p=1$" +
			"c29tZXNhbHRzb21lc2FsdA$GpZ3sK/oH9p7VIiV56G/64Zo/8GaUw434IimaPqxwCo"},
		{"garbage", "not a hash at all"},
		{"empty", ""},
		{"argon2d", "$argon2d$v=19$m=16,t=2,p=1$c2FtcGxlc2FsdA$+WXDtYxllQvLeniHAPbTHQ"},
		{"bcrypt", "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			st := openStore(t, cfg.DataDir)
			_, err := st.Create(t.Context(), "corrupt@example.com", tt.hash)
			st.Close()
			if err != nil {
				t.Fatalf("Create: %v", err)
			}

			log, logs := captureLogs()
			o := start(t, cfg, log)
			status, body := o.call("Login", "corrupt@example.com", "password123")
			if status != http.StatusUnauthorized || string(body) != invalidCredentials {
				t.Errorf("Login: %d %s, want 401 %s", status, body, invalidCredentials)
			}
			o.stop()

			if !strings.Contains(logs.String(), `"level":"ERROR"`) {
				t.Errorf("no error line logged for an unusable hash:\n%s", logs)
			}
			if tt.hash != "" && strings.Contains(logs.String(), tt.hash) {
				t.Errorf("the stored hash was logged:\n%s", logs)
			}
		})
	}
}
