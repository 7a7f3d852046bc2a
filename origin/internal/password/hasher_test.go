package password

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"os"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/latchauth/latch/core/auth"
)

// testProfile is cheap; tests use it wherever the cost does not matter.
var testProfile = Profile{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func newHasher(t testing.TB, p Profile, opts ...Option) *Hasher {
	t.Helper()
	h, err := New(p, DefaultLimits, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return h
}

// vector is one entry of testdata/argon2-cffi-phc.json: hashes made by argon2-cffi
// (Python, over libargon2), shipped with the project's shared vectors
// (shared/vectors/argon2-cffi-phc.json).
type vector struct {
	PHC      string `json:"phc"`
	Password string `json:"password"`
	Wrong    string `json:"wrong"`
	Note     string `json:"note"`
}

func loadVectors(t testing.TB) []vector {
	t.Helper()
	data, err := os.ReadFile("testdata/argon2-cffi-phc.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(data, &vs); err != nil {
		t.Fatal(err)
	}
	if len(vs) == 0 {
		t.Fatal("no vectors")
	}
	return vs
}

func TestVerifyArgon2CffiVectors(t *testing.T) {
	h := newHasher(t, testProfile)
	for _, v := range loadVectors(t) {
		t.Run(v.Note, func(t *testing.T) {
			assertVerdict(t, h, v.Password, v.PHC, true)
			assertVerdict(t, h, v.Wrong, v.PHC, false)
		})
	}
}

func TestVerifyArgon2CffiSuite(t *testing.T) {
	h := newHasher(t, testProfile)
	for _, tt := range []struct{ name, phc string }{
		{"argon2id", cffiArgon2id},
		{"argon2i", cffiArgon2i},
		{"4-byte tag", cffiShortTag},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assertVerdict(t, h, "password", tt.phc, true)
			assertVerdict(t, h, "passwordx", tt.phc, false)
			assertVerdict(t, h, "", tt.phc, false)
		})
	}
}

func TestVerifyUsesTheNamedVariant(t *testing.T) {
	h := newHasher(t, testProfile)

	// The argon2i string relabelled argon2id (and back) must not verify.
	swapped := strings.Replace(cffiArgon2i, "$argon2i$", "$argon2id$", 1)
	assertVerdict(t, h, "password", swapped, false)
	swapped = strings.Replace(cffiArgon2id, "$argon2id$", "$argon2i$", 1)
	assertVerdict(t, h, "password", swapped, false)
}

func assertVerdict(t *testing.T, h *Hasher, password, phc string, match bool) {
	t.Helper()
	v, err := h.Verify(password, phc)
	if err != nil {
		t.Fatalf("Verify(%q): %v", password, err)
	}
	if v.Match != match {
		t.Fatalf("Verify(%q).Match = %v, want %v", password, v.Match, match)
	}
	if !match && v.Rehash {
		t.Fatalf("Verify(%q) asks to rehash on a mismatch", password)
	}
}

func TestVerifyErrors(t *testing.T) {
	h := newHasher(t, testProfile)
	tests := []struct {
		name string
		phc  string
		want error
	}{
		{"empty", "", ErrInvalidHash},
		{"prefix", "abc" + cffiArgon2id, ErrInvalidHash},
		{"p=four", params(cffiArgon2id, "m=65536,t=2,p=four"), ErrInvalidHash},
		{"missing p", params(cffiArgon2id, "m=65536,t=2"), ErrInvalidHash},
		{"duplicated m", params(cffiArgon2id, "m=65536,m=65536,t=2,p=4"), ErrInvalidHash},
		{"keyid", params(cffiArgon2id, "m=65536,t=2,p=4,keyid=AAAA"), ErrInvalidHash},
		{"argon2d", cffiArgon2d, ErrUnsupportedHash},
		{"argon2 1.0", strings.Replace(cffiArgon2id, "v=19$", "", 1), ErrUnsupportedHash},
		{"v=16", strings.Replace(cffiArgon2id, "v=19", "v=16", 1), ErrUnsupportedHash},
		{"huge m", params(cffiArgon2id, "m=4294967295,t=2,p=4"), ErrLimitExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := h.Verify("password", tt.phc)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
			if v != (auth.Verdict{}) {
				t.Fatalf("Verify returned %+v with an error", v)
			}
		})
	}
}

func TestVerifyChecksLimitsBeforeHashing(t *testing.T) {
	lim := DefaultLimits
	lim.MaxMemory = 4096
	h, err := New(testProfile, lim)
	if err != nil {
		t.Fatal(err)
	}
	over := params(cffiArgon2id, "m=4104,t=2,p=4") // 8 KiB above the cap

	allocated := bytesAllocated(func() {
		if _, err := h.Verify("password", over); !errors.Is(err, ErrLimitExceeded) {
			t.Errorf("Verify = %v, want ErrLimitExceeded", err)
		}
	})
	if allocated > 64<<10 {
		t.Errorf("Verify allocated %d bytes before refusing; want no Argon2 memory", allocated)
	}
}

func TestVerifyPadded(t *testing.T) {
	// A canonical string written at testProfile, then padded: 16 bytes need "==",
	// 32 bytes need "=".
	h := newHasher(t, testProfile)
	canonical, err := h.Hash("secret")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Split(canonical, "$")
	tests := []struct{ name, salt, tag string }{
		{"salt", f[4] + "==", f[5]},
		{"tag", f[4], f[5] + "="},
		{"both", f[4] + "==", f[5] + "="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			padded := strings.Join([]string{"", f[1], f[2], f[3], tt.salt, tt.tag}, "$")
			v, err := h.Verify("secret", padded)
			if err != nil || !v.Match || !v.Rehash {
				t.Fatalf("Verify(padded) = %+v, %v; want match and rehash", v, err)
			}
			assertVerdict(t, h, "secretx", padded, false)
		})
	}
}

func TestHashRoundTrip(t *testing.T) {
	h := newHasher(t, testProfile)
	format := regexp.MustCompile(`^\$argon2id\$v=19\$m=64,t=1,p=1\$[A-Za-z0-9+/]{22}\$` +
		`[A-Za-z0-9+/]{43}$`)

	first, err := h.Hash("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	second, err := h.Hash("correct horse")
	if err != nil {
		t.Fatal(err)
	}

	if !format.MatchString(first) {
		t.Errorf("Hash = %q, not the canonical format", first)
	}
	if first == second {
		t.Error("two hashes of one password are equal; salts are not random")
	}
	v, err := h.Verify("correct horse", first)
	if err != nil || v != (auth.Verdict{Match: true}) {
		t.Errorf("Verify(own hash) = %+v, %v; want a match without rehash", v, err)
	}
	assertVerdict(t, h, "correct horsf", first, false)
}

func TestHashKnownAnswer(t *testing.T) {
	// The argon2-cffi vector at m=64,t=1,p=1 with a 16-byte salt and 32-byte tag:
	// fed its salt, Hash must write the same string byte for byte.
	const want = "$argon2id$v=19$m=64,t=1,p=1$s1TjCZuKiy+31wLV4kBimg$" +
		"4Aa8IgZbYliaJ4PrKkRnFmVfAGBvNT8ssJEw3k5Na8s"
	salt, err := base64.RawStdEncoding.DecodeString("s1TjCZuKiy+31wLV4kBimg")
	if err != nil {
		t.Fatal(err)
	}
	h := newHasher(t, testProfile, WithRand(bytes.NewReader(salt)))

	got, err := h.Hash("mañana-2024")
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("Hash = %q, want %q", got, want)
	}
}

func TestHashSaltReaderFails(t *testing.T) {
	broken := errors.New("entropy source broken")
	tests := []struct {
		name string
		r    io.Reader
		want error
	}{
		{"error", iotest.ErrReader(broken), broken},
		{"short", bytes.NewReader(make([]byte, 15)), io.ErrUnexpectedEOF},
		{"empty", bytes.NewReader(nil), io.EOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHasher(t, testProfile, WithRand(tt.r))
			got, err := h.Hash("secret")
			if !errors.Is(err, tt.want) || got != "" {
				t.Fatalf("Hash = %q, %v; want no hash and %v", got, err, tt.want)
			}
		})
	}
}

func TestVerifyRehash(t *testing.T) {
	h := newHasher(t, testProfile)
	p := phc{variant: argon2id, memory: 64, time: 1, threads: 1,
		salt: make([]byte, 16)}
	tests := []struct {
		name   string
		edit   func(*phc)
		keyLen uint32
		rehash bool
	}{
		{"current profile", func(*phc) {}, 32, false},
		{"argon2i", func(p *phc) { p.variant = argon2i }, 32, true},
		{"more memory", func(p *phc) { p.memory = 128 }, 32, true},
		{"less memory", func(p *phc) { p.memory = 32 }, 32, true},
		{"more passes", func(p *phc) { p.time = 2 }, 32, true},
		{"more lanes", func(p *phc) { p.threads = 2 }, 32, true},
		{"shorter salt", func(p *phc) { p.salt = make([]byte, 8) }, 32, true},
		{"longer salt", func(p *phc) { p.salt = make([]byte, 24) }, 32, true},
		{"shorter tag", func(*phc) {}, 16, true},
		{"longer tag", func(*phc) {}, 64, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stored := p
			tt.edit(&stored)
			stored.tag = stored.derive([]byte("secret"), tt.keyLen)

			v, err := h.Verify("secret", stored.String())
			if err != nil || !v.Match || v.Rehash != tt.rehash {
				t.Fatalf("Verify = %+v, %v; want match, rehash %v", v, err, tt.rehash)
			}
		})
	}
}

func TestVerifyRehashesTutorialDefaults(t *testing.T) {
	// C-11: argon2-cffi 21.1's m=102400,t=2,p=8 with a 16-byte tag verifies under the
	// default profile and is flagged for a rewrite.
	h := newHasher(t, DefaultProfile)
	v, err := h.Verify("password123",
		"$argon2id$v=19$m=102400,t=2,p=8$hZytOuGM5DlQCNF44Mzw+Q$zdvgYasxXFqC2nhDQq0jeg")
	if err != nil || v != (auth.Verdict{Match: true, Rehash: true}) {
		t.Fatalf("Verify = %+v, %v; want match and rehash", v, err)
	}
}

func TestDummyVerifyCostsOneVerify(t *testing.T) {
	// Argon2 allocates m KiB per derivation; DummyVerify must allocate that much at
	// the current profile, and not much more.
	p := testProfile
	p.Memory = 1024
	h := newHasher(t, p)

	allocated := bytesAllocated(func() { h.DummyVerify("any password") })
	low, high := uint64(p.Memory)<<10, uint64(p.Memory)<<10+64<<10
	if allocated < low || allocated > high {
		t.Errorf("DummyVerify allocated %d bytes, want between %d and %d", allocated, low, high)
	}
}

// bytesAllocated reports how many heap bytes f allocates. Tests using it are not
// parallel.
func bytesAllocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
