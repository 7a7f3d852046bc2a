package auth_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/latchauth/latch/core/auth"
)

func TestUserPrincipal(t *testing.T) {
	tests := []struct {
		name    string
		def     string
		roles   []string
		allowed []string
	}{
		{"default only", "user", nil, []string{"user"}},
		{"default first", "user", []string{"editor", "viewer"},
			[]string{"user", "editor", "viewer"}},
		{"default not repeated", "user", []string{"editor", "user"},
			[]string{"user", "editor"}},
		{"duplicates removed", "user", []string{"editor", "editor", "user", "editor"},
			[]string{"user", "editor"}},
		{"another default", "editor", []string{"user"}, []string{"editor", "user"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := auth.User{ID: 42, Email: "ana@example.com", PasswordHash: "cur$pw",
				DefaultRole: tt.def, Roles: tt.roles}

			p := u.Principal()

			if p.DefaultRole != tt.def {
				t.Errorf("DefaultRole = %q, want %q", p.DefaultRole, tt.def)
			}
			if !reflect.DeepEqual(p.AllowedRoles, tt.allowed) {
				t.Errorf("AllowedRoles = %q, want %q", p.AllowedRoles, tt.allowed)
			}
			if p.UserID != 42 || p.Email != "ana@example.com" {
				t.Errorf("identity = %d %q, want 42 ana@example.com", p.UserID, p.Email)
			}
		})
	}
}

func TestUserPrincipalDoesNotShareRoles(t *testing.T) {
	u := auth.User{DefaultRole: "user", Roles: make([]string, 1, 4)}
	u.Roles[0] = "editor"

	p := u.Principal()
	p.AllowedRoles[0] = "admin"

	if u.DefaultRole != "user" || u.Roles[0] != "editor" {
		t.Errorf("changing the principal changed the user to %+v", u)
	}
}

func TestPrincipalNeverCarriesTheHash(t *testing.T) {
	u := auth.User{ID: 7, Email: "ben@example.com", PasswordHash: "$argon2id$secret-hash",
		DefaultRole: "user"}

	b, err := json.Marshal(u.Principal())
	if err != nil {
		t.Fatal(err)
	}

	want := `{"id":7,"email":"ben@example.com","default_role":"user",` +
		`"allowed_roles":["user"]}`
	if string(b) != want {
		t.Errorf("principal JSON = %s, want %s", b, want)
	}
	if strings.Contains(string(b), "secret-hash") {
		t.Errorf("principal JSON %s carries the hash", b)
	}
}
