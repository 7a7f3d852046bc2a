package password

import (
	"os"
	"strings"
	"testing"
)

// FuzzParse feeds untrusted strings to the PHC parser: it must never panic, and what
// it accepts must format to a string that parses back to the same hash.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		cffiArgon2id, cffiArgon2i, cffiShortTag, cffiArgon2d, small,
		"", "$", "$$$$$", "$argon2id$", "abc" + small,
		params(small, "m=64,t=1,p=four"), params(small, "m=64,t=1,p=1,keyid=AAAA"),
		params(small, "m=4294967295,t=1,p=1"), salt(small, "c29tZXNhbHQ="),
	} {
		f.Add(s)
	}
	if data, err := os.ReadFile("testdata/argon2-cffi-phc.json"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if _, v, ok := strings.Cut(line, `"phc": "`); ok {
				f.Add(strings.TrimSuffix(strings.TrimSpace(v), `",`))
			}
		}
	}

	f.Fuzz(func(t *testing.T, s string) {
		h, err := parsePHC(s, DefaultLimits)
		if err != nil {
			return
		}
		canonical := h.String()
		if !h.padded && canonical != s {
			t.Fatalf("unpadded %q formats as %q", s, canonical)
		}

		again, err := parsePHC(canonical, DefaultLimits)
		if err != nil {
			t.Fatalf("%q parsed, but its format %q does not: %v", s, canonical, err)
		}
		if again.padded || again.String() != canonical {
			t.Fatalf("%q: format is not stable: %q then %q", s, canonical, again.String())
		}
	})
}
