package input

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// atext holds the ASCII characters RFC 5322 allows in a dot-atom besides letters and
// digits.
const atext = "!#$%&'*+-/=?^_`{|}~"

// validLocal reports whether s is a dot-atom local part: non-empty atoms of atext or
// non-ASCII characters, joined by single dots.
func validLocal(s string) bool {
	if s == "" || len(s) > MaxLocalBytes {
		return false
	}
	for _, atom := range strings.Split(s, ".") {
		if atom == "" {
			return false
		}
		for _, r := range atom {
			if !isAtext(r) {
				return false
			}
		}
	}
	return true
}

func isAtext(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		return true
	case r < utf8.RuneSelf:
		return strings.ContainsRune(atext, r)
	default:
		return r != utf8.RuneError && !isSpaceOrControl(r)
	}
}

// validDomain reports whether s is a host name of at least two labels, each 1 to 63
// bytes of letters, digits and inner hyphens, whose last label (the top-level domain)
// holds a letter, so that an IP address such as 192.0.2.1 is not a domain. Non-ASCII
// letters, digits and combining marks are allowed, as in an internationalized domain
// typed by a user, but no label may begin with a mark (RFC 5891 §4.2.3.2), and
// punctuation such as the ideographic full stop U+3002, which a browser would read as
// a dot, is refused rather than kept as part of a label. Domains are not converted
// with IDNA: "bücher.de" and "xn--bcher-kva.de" are different strings.
func validDomain(s string) bool {
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if !validLabel(l) {
			return false
		}
	}
	return strings.ContainsFunc(labels[len(labels)-1], isLetter)
}

// validLabel reports whether l is one label of a domain (see validDomain).
func validLabel(l string) bool {
	if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	if first, _ := utf8.DecodeRuneInString(l); unicode.IsMark(first) {
		return false
	}
	for _, r := range l {
		if !isLabelRune(r) {
			return false
		}
	}
	return true
}

func isLabelRune(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
		return true
	case r < utf8.RuneSelf:
		return false
	default:
		return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
	}
}

// isLetter reports an ASCII or non-ASCII letter; Email has lower-cased ASCII already.
func isLetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= utf8.RuneSelf && unicode.IsLetter(r)
}

// isSpaceOrControl reports white space (every Unicode space, not only ASCII), control
// characters and invisible format characters such as zero-width joiners and bidi
// overrides, none of which may appear in an address.
func isSpaceOrControl(r rune) bool {
	return unicode.IsSpace(r) || unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp)
}
