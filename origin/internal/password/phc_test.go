package password

import (
	"errors"
	"strings"
	"testing"
)

// Strings from argon2-cffi's own test suite, all for the password "password".
const (
	cffiArgon2id = "$argon2id$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$" +
		"GpZ3sK/oH9p7VIiV56G/64Zo/8GaUw434IimaPqxwCo"
	cffiArgon2i = "$argon2i$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$" +
		"IMit9qkFULCMA/ViizL57cnTLOa5DiVM9eMwpAvPwr4"
	cffiShortTag = "$argon2id$v=19$m=8,t=1,p=1$MTIzNDU2Nzg5MDEyMzQ1Ng$maTa5w"
	cffiArgon2d  = "$argon2d$v=19$m=16,t=2,p=1$c2FtcGxlc2FsdA$+WXDtYxllQvLeniHAPbTHQ"
)

// small is a cheap, valid hash (8-byte salt, 16-byte tag) to mutate in tables.
const small = "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA"

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		variant variant
		m, t    uint32
		p       uint8
		salt    int
		tag     int
		padded  bool
	}{
		{"cffi argon2id", cffiArgon2id, argon2id, 65536, 2, 4, 8, 32, false},
		{"cffi argon2i", cffiArgon2i, argon2i, 65536, 2, 4, 8, 32, false},
		{"4-byte tag", cffiShortTag, argon2id, 8, 1, 1, 16, 4, false},
		{"padded salt", "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ=$" + zeroTag16,
			argon2id, 64, 1, 1, 8, 16, true},
		{"padded tag", "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$" + zeroTag16 + "==",
			argon2id, 64, 1, 1, 8, 16, true},
		{"max lanes of x/crypto", "$argon2id$v=19$m=2040,t=1,p=255$c29tZXNhbHQ$" + zeroTag16,
			argon2id, 2040, 1, 255, 8, 16, false},
	}
	lim := DefaultLimits
	lim.MaxThreads = 255
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := parsePHC(tt.in, lim)
			if err != nil {
				t.Fatalf("parsePHC: %v", err)
			}
			if h.variant != tt.variant || h.memory != tt.m || h.time != tt.t ||
				h.threads != tt.p || len(h.salt) != tt.salt || len(h.tag) != tt.tag ||
				h.padded != tt.padded {
				t.Errorf("parsePHC = %v m=%d t=%d p=%d salt=%d tag=%d padded=%v",
					h.variant, h.memory, h.time, h.threads, len(h.salt), len(h.tag), h.padded)
			}
		})
	}
}

const zeroTag16 = "AAAAAAAAAAAAAAAAAAAAAA"

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", ErrInvalidHash},
		{"only dollar", "$", ErrInvalidHash},
		{"prefix before hash", "abc" + small, ErrInvalidHash},
		{"suffix after hash", small + "$x", ErrInvalidHash},
		{"trailing dollar", small + "$", ErrInvalidHash},
		{"argon2d", cffiArgon2d, ErrUnsupportedHash},
		{"bcrypt", "$2b$10$abcdefghijklmnopqrstuu5Cb5SXQ0YIOe0cFs1sD5Ae5b6bo1wuq",
			ErrUnsupportedHash},
		{"uppercase type", strings.Replace(small, "argon2id", "Argon2id", 1), ErrInvalidHash},
		{"type with space", strings.Replace(small, "argon2id", "argon2 id", 1), ErrInvalidHash},
		{"no version", "$argon2id$m=64,t=1,p=1$c29tZXNhbHQ$" + zeroTag16, ErrUnsupportedHash},
		{"v=16", strings.Replace(small, "v=19", "v=16", 1), ErrUnsupportedHash},
		{"v=20", strings.Replace(small, "v=19", "v=20", 1), ErrUnsupportedHash},
		{"v=019", strings.Replace(small, "v=19", "v=019", 1), ErrInvalidHash},
		{"v=0x13", strings.Replace(small, "v=19", "v=0x13", 1), ErrInvalidHash},
		{"version key", strings.Replace(small, "v=19", "version=19", 1), ErrInvalidHash},
		{"p=four", params(small, "m=64,t=1,p=four"), ErrInvalidHash},
		{"missing p", params(small, "m=64,t=1"), ErrInvalidHash},
		{"empty p", params(small, "m=64,t=1,p="), ErrInvalidHash},
		{"no params", params(small, ""), ErrInvalidHash},
		{"duplicated m", params(small, "m=64,m=64,t=1,p=1"), ErrInvalidHash},
		{"duplicated m last", params(small, "m=64,t=1,m=64"), ErrInvalidHash},
		{"other order", params(small, "t=1,m=64,p=1"), ErrInvalidHash},
		{"keyid", params(small, "m=64,t=1,p=1,keyid=AAAA"), ErrInvalidHash},
		{"data", params(small, "m=64,t=1,p=1,data=AAAA"), ErrInvalidHash},
		{"key without value", params(small, "m,t=1,p=1"), ErrInvalidHash},
		{"plus sign", params(small, "m=+64,t=1,p=1"), ErrInvalidHash},
		{"minus sign", params(small, "m=64,t=-1,p=1"), ErrInvalidHash},
		{"hex", params(small, "m=0x40,t=1,p=1"), ErrInvalidHash},
		{"leading zero", params(small, "m=064,t=1,p=1"), ErrInvalidHash},
		{"space", params(small, "m=64, t=1,p=1"), ErrInvalidHash},
		{"t=0", params(small, "m=64,t=0,p=1"), ErrInvalidHash},
		{"p=0", params(small, "m=64,t=1,p=0"), ErrInvalidHash},
		{"m below 8 per lane", params(small, "m=15,t=1,p=2"), ErrInvalidHash},
		{"huge m", params(small, "m=4294967295,t=1,p=1"), ErrLimitExceeded},
		{"m overflows uint32", params(small, "m=4294967296,t=1,p=1"), ErrLimitExceeded},
		{"m of 40 digits", params(small, "m="+strings.Repeat("9", 40)+",t=1,p=1"),
			ErrLimitExceeded},
		{"m overflow then garbage", params(small, "m=99999999999x,t=1,p=1"), ErrInvalidHash},
		{"m above cap", params(small, "m=262145,t=1,p=1"), ErrLimitExceeded},
		{"t above cap", params(small, "m=64,t=11,p=1"), ErrLimitExceeded},
		{"p above cap", params(small, "m=1024,t=1,p=33"), ErrLimitExceeded},
		{"p above uint8", params(small, "m=4096,t=1,p=256"), ErrLimitExceeded},
		{"salt too long", salt(small, strings.Repeat("A", 87)), ErrLimitExceeded},
		{"salt too short", salt(small, "AAAAAAAA"), ErrInvalidHash},
		{"empty salt", salt(small, ""), ErrInvalidHash},
		{"salt not base64", salt(small, "c29tZXNh!HQ"), ErrInvalidHash},
		{"url-safe base64", salt(small, "c29tZXNh_-Q"), ErrInvalidHash},
		{"salt with newline", salt(small, "c29tZX\nNhbHQ"), ErrInvalidHash},
		{"non-zero trailing bits", salt(small, "c29tZXNhbHR"), ErrInvalidHash},
		{"impossible length", salt(small, "c29tZXNhbHQAA"), ErrInvalidHash},
		{"padding too long", salt(small, "c29tZXNhbHQ=="), ErrInvalidHash},
		{"padding not needed", salt(small, "c29tZXNhbHQx="), ErrInvalidHash},
		{"padding inside", salt(small, "c29t=ZXNhbHQ"), ErrInvalidHash},
		{"tag too short", small[:strings.LastIndex(small, "$")+1] + "AAAA", ErrInvalidHash},
		{"empty tag", small[:strings.LastIndex(small, "$")+1], ErrInvalidHash},
		{"tag too long", small[:strings.LastIndex(small, "$")+1] + strings.Repeat("A", 88),
			ErrLimitExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parsePHC(tt.in, DefaultLimits)
			if !errors.Is(err, tt.want) {
				t.Fatalf("parsePHC(%q) = %v, want %v", tt.in, err, tt.want)
			}
		})
	}
}

func TestFormatIsCanonical(t *testing.T) {
	for _, in := range []string{cffiArgon2id, cffiArgon2i, cffiShortTag, small} {
		h, err := parsePHC(in, DefaultLimits)
		if err != nil {
			t.Fatalf("parsePHC(%q): %v", in, err)
		}
		if got := h.String(); got != in {
			t.Errorf("String() = %q, want %q", got, in)
		}
	}
}

func TestFormatDropsPadding(t *testing.T) {
	h, err := parsePHC(salt(small, "c29tZXNhbHQ="), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if got := h.String(); got != small {
		t.Errorf("String() = %q, want %q", got, small)
	}
}

// params replaces the m,t,p field of a hash.
func params(hash, p string) string {
	f := strings.Split(hash, "$")
	f[3] = p
	return strings.Join(f, "$")
}

// salt replaces the salt field of a hash.
func salt(hash, s string) string {
	f := strings.Split(hash, "$")
	f[4] = s
	return strings.Join(f, "$")
}
