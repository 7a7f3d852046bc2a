// Package input validates and normalizes the credentials a client sends.
//
// Signup and login normalize the same way, so an account is found whatever the case or
// surrounding spaces of the email, and whatever Unicode form the password was typed in:
//
//   - Email: surrounding white space trimmed, lower-cased and NFKC-normalized (so
//     "José" typed precomposed or with a combining accent, and full-width "ａ", are
//     one address), at most MaxEmailBytes bytes before and after normalization, one
//     "@" between a dot-atom local part (RFC 5322 §3.2.3, UTF-8 allowed per RFC 6531)
//     and a domain of at least two dot-separated labels of letters, digits, marks
//     and inner hyphens, the last holding a letter (so no IP addresses). Domains are
//     compared as typed, without IDNA: "bücher.de" and "xn--bcher-kva.de" differ.
//   - Password: NFKC-normalized (RFC 8265 §4.1 uses the same idea), between
//     MinPasswordRunes characters and MaxPasswordBytes bytes. A new password may
//     hold no control characters (Unicode category Cc: NUL, tab, newline, DEL, C1
//     controls), which nobody types on purpose but a broken client may send; login
//     accepts them, for hashes migrated from systems that did. The byte cap is
//     checked before and after normalization so that expansion cannot grow it
//     unbounded.
package input

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/latchauth/latch/core/apierr"
)

// Limits on credentials.
const (
	// MaxEmailBytes is the longest email address accepted (RFC 5321 path limit).
	MaxEmailBytes = 254
	// MaxLocalBytes is the longest local part accepted (RFC 5321 §4.5.3.1.1).
	MaxLocalBytes = 64
	// MinPasswordRunes is the fewest characters a new password may have.
	MinPasswordRunes = 8
	// MaxPasswordBytes is the most bytes a password may have, before and after
	// normalization. Signup refuses longer passwords; login answers invalid
	// credentials for them without hashing.
	MaxPasswordBytes = 512
)

// Email returns the normalized form of s, or apierr.ErrInvalidEmail. The normal form
// is its own normal form: Email(Email(s)) == Email(s).
func Email(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", apierr.ErrInvalidEmail.WithMessage("Email address is required")
	}
	if len(s) > MaxEmailBytes || !utf8.ValidString(s) {
		return "", apierr.ErrInvalidEmail
	}
	s, ok := foldEmail(s)
	if !ok || len(s) > MaxEmailBytes {
		return "", apierr.ErrInvalidEmail
	}

	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return "", apierr.ErrInvalidEmail
	}
	local, domain := s[:at], s[at+1:]
	if !validLocal(local) || !validDomain(domain) {
		return "", apierr.ErrInvalidEmail
	}
	return s, nil
}

// foldEmail lower-cases s, applies NFKC and lower-cases again: NFKC can yield
// capitals (full-width "Ａ" becomes "A"), and lower-casing first lets NFKC compose
// what lower-casing produced. It reports false in the rare case where the second
// lower-casing undoes NFKC, so that every address accepted is stable under Email.
func foldEmail(s string) (string, bool) {
	s = strings.ToLower(norm.NFKC.String(strings.ToLower(s)))
	return s, norm.NFKC.IsNormalString(s)
}

// NewPassword returns the normalized form of a password chosen at signup, or
// apierr.ErrWeakPassword saying which rule it breaks.
func NewPassword(s string) (string, error) {
	p, ok := normalizePassword(s)
	switch {
	case s == "":
		return "", apierr.ErrWeakPassword.WithMessage("Password is required")
	case !utf8.ValidString(s):
		return "", apierr.ErrWeakPassword.WithMessage("Password is not valid text")
	case !ok:
		return "", apierr.ErrWeakPassword.WithMessage("Password is too long")
	case hasControl(p):
		return "", apierr.ErrWeakPassword.WithMessage(
			"Password contains control characters")
	case utf8.RuneCountInString(p) < MinPasswordRunes:
		return "", apierr.ErrWeakPassword.WithMessage("Password is too short")
	case strings.TrimSpace(p) == "":
		return "", apierr.ErrWeakPassword.WithMessage("Password must not be only spaces")
	}
	return p, nil
}

// LoginPassword returns the normalized form of a password given at login. It reports
// false for an empty or oversized password, which cannot match any account and must be
// answered as invalid credentials without hashing. Control characters are allowed
// here, unlike at signup: a hash migrated from another system may have been made from
// a password holding one, and its owner must still be able to log in.
func LoginPassword(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	return normalizePassword(s)
}

// hasControl reports whether s holds a control character (Unicode category Cc).
func hasControl(s string) bool {
	return strings.ContainsFunc(s, unicode.IsControl)
}

// normalizePassword applies NFKC within the byte cap.
func normalizePassword(s string) (string, bool) {
	if len(s) > MaxPasswordBytes || !utf8.ValidString(s) {
		return "", false
	}
	p := norm.NFKC.String(s)
	if len(p) > MaxPasswordBytes {
		return "", false
	}
	return p, true
}
