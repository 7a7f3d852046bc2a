package input_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/input"
)

func TestEmailAccepts(t *testing.T) {
	local64 := strings.Repeat("l", input.MaxLocalBytes)
	// 64 + 1 + 189 = 254 bytes, the longest address accepted.
	domain189 := strings.Repeat("a", 63) + "." + strings.Repeat("b", 63) + "." +
		strings.Repeat("c", 57) + ".com"

	tests := []struct {
		name string
		in   string
		want string
	}{
		{"plain", "ana@example.com", "ana@example.com"},
		{"mixed case is lowered (C-13)", "Alice@Example.com", "alice@example.com"},
		{"all caps is lowered (C-13)", "ALICE@EXAMPLE.COM", "alice@example.com"},
		{"surrounding space is trimmed", "  ana@example.com\t\n", "ana@example.com"},
		{"plus addressing", "ana+latch@example.com", "ana+latch@example.com"},
		{"dotted local part", "ana.maria@example.com", "ana.maria@example.com"},
		{"other atext", "o'brien_{x}=1@example.com", "o'brien_{x}=1@example.com"},
		{"subdomains", "ana@mail.eu.example.co.uk", "ana@mail.eu.example.co.uk"},
		{"hyphen inside a label", "ana@my-site.example", "ana@my-site.example"},
		{"digits", "007@123.example", "007@123.example"},
		{"IDN letters", "josé@bücher.example", "josé@bücher.example"},
		{"IDN letters are lowered", "ÉLISE@Exämple.COM", "élise@exämple.com"},
		{
			"non-Latin script",
			"пользователь@пример.рф",
			"пользователь@пример.рф",
		},
		{"NFD accent is composed", "jose\u0301@example.com", "jos\u00e9@example.com"},
		{"NFC accent is kept", "jos\u00e9@example.com", "jos\u00e9@example.com"},
		{"NFD capital is composed and lowered", "JOSE\u0301@example.com",
			"jos\u00e9@example.com"},
		{"full-width letter", "\uff41@example.com", "a@example.com"},
		{"full-width capitals", "\uff21\uff2e\uff21@\uff25\uff38\uff21\uff2d\uff30" +
			"\uff2c\uff25\uff0e\uff23\uff2f\uff2d", "ana@example.com"},
		{"full-width at sign", "ana\uff20example.com", "ana@example.com"},
		{"ligature is split", "\ufb01n@example.com", "fin@example.com"},
		{"compatibility digit", "ana\u2075@example.com", "ana5@example.com"},
		{"local part of 64 bytes", local64 + "@example.com", local64 + "@example.com"},
		{"254 bytes", local64 + "@" + domain189, local64 + "@" + domain189},
		{"label of 63 bytes", "a@" + strings.Repeat("d", 63) + ".com",
			"a@" + strings.Repeat("d", 63) + ".com"},
		{"digits in the top label", "ana@example.c0m", "ana@example.c0m"},
		{"non-Latin top label", "ana@example.рф", "ana@example.рф"},
		{"combining marks in an IDN label", "ana@हिन्दी.in",
			"ana@हिन्दी.in"},
		{"non-ASCII digits inside a label", "ana@٣x.example", "ana@٣x.example"},
		{"IDN kept as typed, not converted to punycode", "ana@bücher.de",
			"ana@bücher.de"},
		{"punycode kept as typed", "ana@xn--bcher-kva.de", "ana@xn--bcher-kva.de"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := input.Email(tt.in)
			if err != nil {
				t.Fatalf("Email(%q) error = %v, want %q", tt.in, err, tt.want)
			}
			if got != tt.want {
				t.Errorf("Email(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestEmailRejects(t *testing.T) {
	local65 := strings.Repeat("l", input.MaxLocalBytes+1)
	// 64 + 1 + 190 = 255 bytes, one over the cap, every part valid on its own.
	domain190 := strings.Repeat("a", 63) + "." + strings.Repeat("b", 63) + "." +
		strings.Repeat("c", 58) + ".com"

	tests := []struct {
		name string
		in   string
	}{
		{"empty", ""},
		{"only spaces", "   \t "},
		{"no at sign", "ana.example.com"},
		{"nothing before at", "@example.com"},
		{"nothing after at", "ana@"},
		{"two at signs", "ana@bob@example.com"},
		{"trailing at sign", "ana@example.com@"},
		{"leading at sign twice", "@@example.com"},
		{"leading dot in local", ".ana@example.com"},
		{"trailing dot in local", "ana.@example.com"},
		{"double dot in local", "an..a@example.com"},
		{"leading dot in domain", "ana@.example.com"},
		{"trailing dot in domain", "ana@example.com."},
		{"double dot in domain", "ana@example..com"},
		{"domain without dot", "ana@localhost"},
		{"label with leading hyphen", "ana@-example.com"},
		{"label with trailing hyphen", "ana@example-.com"},
		{"top label with leading hyphen", "ana@example.-com"},
		{"label over 63 bytes", "a@" + strings.Repeat("d", 64) + ".com"},
		{"underscore in domain", "ana@ex_ample.com"},
		{"address literal", "ana@[192.0.2.1]"},
		{"quoted local part", `"ana maria"@example.com`},
		{"local part over 64 bytes", local65 + "@example.com"},
		{"over 254 bytes", strings.Repeat("l", 64) + "@" + domain190},
		{"inner space", "an a@example.com"},
		{"space in domain", "ana@exa mple.com"},
		{"tab", "an\ta@example.com"},
		{"newline", "ana@example.com\nBcc: eve@example.com"},
		{"NUL", "ana\x00@example.com"},
		{"DEL", "ana\x7f@example.com"},
		{"C1 control", "ana\u0085x@example.com"},
		{"no-break space", "ana\u00a0x@example.com"},
		{"zero-width space", "ana\u200bx@example.com"},
		{"byte order mark", "ana\ufeffx@example.com"},
		{"line separator", "ana\u2028x@example.com"},
		{"ideographic space", "ana\u3000x@example.com"},
		{"narrow no-break space", "ana\u202fx@example.com"},
		{"medium mathematical space", "ana\u205fx@example.com"},
		{"ogham space mark", "ana\u1680x@example.com"},
		{"right-to-left override", "ana\u202emoc.elpmaxe@example.com"},
		{"word joiner", "ana\u2060x@example.com"},
		{"soft hyphen", "ana\u00adx@example.com"},
		{"format char in domain", "ana@exa\u200dmple.com"},
		{"space in IDN label", "ana@ex\u3000ample.com"},
		{"invalid UTF-8 in local", "an\xffa@example.com"},
		{"invalid UTF-8 in domain", "ana@exam\xc3ple.com"},
		{"replacement character", "ana\ufffd@example.com"},
		{"full-width at sign makes two", "a\uff20b@example.com"},
		{"full-width stop makes a double dot", "ana@example\uff0e.com"},
		{"ideographic full stop ends the domain", "a@example.com\u3002"},
		{"ideographic full stop inside a label", "a@exa\u3002mple.com"},
		{"half-width ideographic full stop", "a@example.com\uff61"},
		{"punctuation in an IDN label", "a@b\u00fccher\u00b7.de"},
		{"symbol in an IDN label", "a@\u2603.example"},
		{"label starts with a combining mark", "a@\u0301x.example"},
		{"IPv4 address as domain", "a@123.123.123.123"},
		{"documentation IPv4 address", "a@192.0.2.1"},
		{"all-digit top label", "a@example.123"},
		{"digits and hyphen top label", "a@example.1-2"},
		{"non-ASCII digits top label", "a@example.\u0663"},
		{"expands past 254 bytes", "a@" +
			strings.Repeat(strings.Repeat("\u3300", 5)+".", 14) + "com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := input.Email(tt.in)
			if !errors.Is(err, apierr.ErrInvalidEmail) {
				t.Fatalf("Email(%q) = %q, %v; want ErrInvalidEmail", tt.in, got, err)
			}
			if got != "" {
				t.Errorf("Email(%q) returned %q alongside the error", tt.in, got)
			}
		})
	}
}

// Latch does not apply IDNA: an internationalized domain and its punycode (ACE) form
// are different strings, so they name two accounts.
func TestEmailDoesNotConvertIDNA(t *testing.T) {
	unicodeForm, err := input.Email("ana@b\u00fccher.de")
	if err != nil {
		t.Fatal(err)
	}
	aceForm, err := input.Email("ana@xn--bcher-kva.de")
	if err != nil {
		t.Fatal(err)
	}

	if unicodeForm == aceForm {
		t.Errorf("both forms normalize to %q; the README says they stay two accounts",
			unicodeForm)
	}
}

func TestEmailRequiredHasItsOwnMessage(t *testing.T) {
	_, empty := input.Email(" ")
	_, bad := input.Email("nope")

	if apierr.From(empty).Message == apierr.From(bad).Message {
		t.Errorf("empty and malformed emails share the message %q", apierr.From(bad).Message)
	}
}

// FuzzEmail checks that any input either fails with ErrInvalidEmail or yields an email
// that is within the caps, valid UTF-8 and its own normal form.
func FuzzEmail(f *testing.F) {
	for _, s := range []string{
		"", "ana@example.com", " Alice@Example.com ", "a@b@c.d", "ana@localhost",
		"josé@bücher.example", "ÉLISE@EXÄMPLE.COM", "an\xffa@example.com", "İ@example.com",
		"ǅ@example.com", "a..b@c.d", "ana@-x.com", strings.Repeat("a", 300) + "@x.com",
		"jose\u0301@example.com", "JOSE\u0301@EXAMPLE.COM", "\uff41@example.com",
		"\uff21@\uff25\uff38.\uff23\uff2f", "a\uff20b@c.d", "\ufb01@x.com",
		"a@" + strings.Repeat("\u3300.", 40) + "com", "\u0130\u0307@example.com",
		"\u1e9e\u0301@example.com", "\u2126@\u212b.example",
		"a@example.com\u3002", "a@example.com\uff61", "a@123.123.123.123",
		"a@b\u00fccher.de", "a@xn--bcher-kva.de", "a@\u0301x.example",
		"a@\u0939\u093f\u0928\u094d\u0926\u0940.\u092d\u093e\u0930\u0924",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := input.Email(s)
		if err != nil {
			if !errors.Is(err, apierr.ErrInvalidEmail) {
				t.Fatalf("Email(%q) error = %v, want ErrInvalidEmail", s, err)
			}
			return
		}
		if len(got) > input.MaxEmailBytes {
			t.Errorf("Email(%q) = %d bytes, over the cap", s, len(got))
		}
		if !utf8.ValidString(got) {
			t.Errorf("Email(%q) = %q is not valid UTF-8", s, got)
		}
		if strings.Count(got, "@") != 1 {
			t.Errorf("Email(%q) = %q does not have exactly one @", s, got)
		}
		again, err := input.Email(got)
		if err != nil || again != got {
			t.Errorf("Email(%q) = %q, but Email(%q) = %q, %v", s, got, got, again, err)
		}
	})
}

func ExampleEmail() {
	email, err := input.Email("  Alice@Example.com ")
	fmt.Println(email, err)

	_, err = input.Email("alice@localhost")
	fmt.Println(err)
	// Output:
	// alice@example.com <nil>
	// invalid_email: Email address is not valid
}
