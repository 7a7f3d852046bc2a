package input_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/input"
)

// sallallahou is U+FDFA, one 3-byte character that NFKC expands to 33 bytes.
const sallallahou = "\ufdfa"

func TestNewPasswordAccepts(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"eight ASCII characters", "hunter22", "hunter22"},
		{"spaces are kept", " pass phrase ", " pass phrase "},
		{"full-width becomes ASCII", "ｐａｓｓｗｏｒｄ１", "password1"},
		{"ligature is split", "ﬁrewall-ﬁre", "firewall-fire"},
		{"combining accent is composed", "cafe\u0301-latch", "café-latch"},
		{"eight two-byte characters", "пароль12", "пароль12"},
		{
			"eight three-byte characters",
			"日本語のパスワード", "日本語のパスワード",
		},
		{"counted after normalization", "ﬁﬁﬁﬁ", "fifififi"},
		{"512 bytes", strings.Repeat("p", input.MaxPasswordBytes),
			strings.Repeat("p", input.MaxPasswordBytes)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := input.NewPassword(tt.in)
			if err != nil {
				t.Fatalf("NewPassword(%q) error = %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("NewPassword(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNewPasswordRejects(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		message string
	}{
		{"empty", "", "Password is required"},
		{"seven ASCII characters", "hunter2", "Password is too short"},
		{
			"seven multi-byte characters in 21 bytes",
			"日本語のパスワ", "Password is too short",
		},
		{"full-width is counted as normalized", "ｐａｓｓ１２３", "Password is too short"},
		{"only spaces", "          ", "Password must not be only spaces"},
		{
			"ideographic spaces, NFKC to spaces", strings.Repeat("\u3000", 8),
			"Password must not be only spaces",
		},
		{"513 bytes", strings.Repeat("p", input.MaxPasswordBytes+1), "Password is too long"},
		{
			"510 bytes that normalize to 5,610",
			strings.Repeat(sallallahou, 170), "Password is too long",
		},
		{"invalid UTF-8", "hunter22\xff", "Password is not valid text"},
		{"eight NULs", strings.Repeat("\x00", 8), "Password contains control characters"},
		{"NUL inside", "hunter\x0022", "Password contains control characters"},
		{"tab", "hunter\t22", "Password contains control characters"},
		{"trailing newline", "hunter22\n", "Password contains control characters"},
		{"carriage return", "hunter22\r", "Password contains control characters"},
		{"escape", "\x1b[31mhunter22", "Password contains control characters"},
		{"DEL", "hunter22\x7f", "Password contains control characters"},
		{"C1 next line", "hunter22\u0085", "Password contains control characters"},
		{"short and a control", "a\x00", "Password contains control characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := input.NewPassword(tt.in)
			if !errors.Is(err, apierr.ErrWeakPassword) {
				t.Fatalf("NewPassword(%q) = %q, %v; want ErrWeakPassword", tt.in, got, err)
			}
			if got != "" {
				t.Errorf("NewPassword returned %q alongside the error", got)
			}
			if msg := apierr.From(err).Message; msg != tt.message {
				t.Errorf("message = %q, want %q", msg, tt.message)
			}
		})
	}
}

func TestLoginPassword(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   string
		wantOK bool
	}{
		{"plain", "hunter22", "hunter22", true},
		{"short passwords still log in", "abc", "abc", true},
		{"normalized like signup", "ｐａｓｓｗｏｒｄ１", "password1", true},
		{"512 bytes", strings.Repeat("p", 512), strings.Repeat("p", 512), true},
		{"empty", "", "", false},
		{"513 bytes", strings.Repeat("p", 513), "", false},
		{"1 MiB", strings.Repeat("p", 1<<20), "", false},
		{"expands past the cap", strings.Repeat(sallallahou, 170), "", false},
		{"invalid UTF-8", "\xff\xfe", "", false},
		{"a migrated password may hold a tab", "hunter\t22", "hunter\t22", true},
		{"or a NUL", "hunter\x0022", "hunter\x0022", true},
		{"no-break space is not a control", "pass\u00a0word", "pass word", true},
		{"format characters are not controls", "pass\u200dword", "pass\u200dword", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := input.LoginPassword(tt.in)
			if ok != tt.wantOK || got != tt.want {
				t.Errorf("LoginPassword(%.20q) = %.20q, %v; want %.20q, %v",
					tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// FuzzPassword checks that signup and login agree, that outputs stay within the caps,
// and that normalization is idempotent, whatever the input.
func FuzzPassword(f *testing.F) {
	for _, s := range []string{
		"", "hunter22", "ｐａｓｓｗｏｒｄ１", "ﬁﬁﬁﬁ", "cafe\u0301", "\xff",
		strings.Repeat(sallallahou, 15), strings.Repeat("p", 513), "\u1100\u1161\u11a8",
		strings.Repeat("\x00", 8), "hunter\t22", "hunter22\u0085",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		login, loginOK := input.LoginPassword(s)
		if loginOK {
			if len(login) > input.MaxPasswordBytes || login == "" {
				t.Errorf("LoginPassword(%q) = %d bytes, outside 1..cap", s, len(login))
			}
			if !norm.NFKC.IsNormalString(login) {
				t.Errorf("LoginPassword(%q) = %q is not NFKC", s, login)
			}
			if again, _ := input.LoginPassword(login); again != login {
				t.Errorf("LoginPassword is not idempotent: %q then %q", login, again)
			}
		}

		p, err := input.NewPassword(s)
		if err != nil {
			if !errors.Is(err, apierr.ErrWeakPassword) {
				t.Fatalf("NewPassword(%q) error = %v, want ErrWeakPassword", s, err)
			}
			return
		}
		if !loginOK || p != login {
			t.Errorf("NewPassword(%q) = %q but LoginPassword = %q, %v", s, p, login, loginOK)
		}
		if len(p) > input.MaxPasswordBytes {
			t.Errorf("NewPassword(%q) = %d bytes, over the cap", s, len(p))
		}
		if n := utf8.RuneCountInString(p); n < input.MinPasswordRunes {
			t.Errorf("NewPassword(%q) = %d characters, under the minimum", s, n)
		}
		if again, err := input.NewPassword(p); err != nil || again != p {
			t.Errorf("NewPassword is not idempotent: %q then %q, %v", p, again, err)
		}
	})
}

func ExampleNewPassword() {
	p, err := input.NewPassword("ｐａｓｓｗｏｒｄ１")
	fmt.Println(p, err)

	_, err = input.NewPassword("short")
	fmt.Println(err)
	// Output:
	// password1 <nil>
	// weak_password: Password is too short
}
