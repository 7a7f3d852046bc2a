package hop

import (
	"bytes"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

var (
	testSecret = []byte("an-edge-secret-of-32-bytes-long!")
	epoch      = time.Unix(1_767_225_600, 0)
	testBody   = []byte(`{"email":"ana@example.com","password":"hunter22"}`)
)

func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }

func mustSigner(t *testing.T, opts ...Option) *Signer {
	t.Helper()
	s, err := NewSigner(testSecret, append([]Option{WithClock(fixedClock(epoch))}, opts...)...)
	if err != nil {
		t.Fatalf("NewSigner: %v", err)
	}
	return s
}

func mustVerifier(t *testing.T, now time.Time, opts ...Option) *Verifier {
	t.Helper()
	v, err := NewVerifier(testSecret, append([]Option{WithClock(fixedClock(now))}, opts...)...)
	if err != nil {
		t.Fatalf("NewVerifier: %v", err)
	}
	return v
}

func signed(t *testing.T) http.Header {
	t.Helper()
	h := http.Header{}
	if err := mustSigner(t).Sign(h, http.MethodPost, LoginPath, testBody); err != nil {
		t.Fatalf("Sign: %v", err)
	}
	return h
}

func TestSignVerifyRoundTrip(t *testing.T) {
	h := signed(t)
	if err := mustVerifier(t, epoch).Verify(h, http.MethodPost, LoginPath, testBody); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if got := h.Get(HeaderTimestamp); got != strconv.FormatInt(epoch.Unix(), 10) {
		t.Errorf("timestamp header = %q", got)
	}
	if n := h.Get(HeaderNonce); len(n) != 32 || !isLowerHex(n) {
		t.Errorf("nonce header = %q, want 32 lowercase hex digits", n)
	}
	if s := h.Get(HeaderSignature); len(s) != 64 || !isLowerHex(s) {
		t.Errorf("signature header = %q, want 64 lowercase hex digits", s)
	}
}

// TestCanonicalString pins the wire format: a change here breaks every deployed pair
// of edge and origin that is not upgraded together.
func TestCanonicalString(t *testing.T) {
	got := mac([]byte(strings.Repeat("k", 32)), "POST", "/hop/v1/login", "1767225600",
		strings.Repeat("0", 32), []byte(`{}`))
	// Computed independently with:
	//   printf 'latch-hop-v1\nPOST\n/hop/v1/login\n1767225600\n%s\n%s' \
	//     "$(printf '0%.0s' $(seq 32))" "$(printf '{}' | sha256sum | cut -d' ' -f1)" |
	//   openssl dgst -sha256 -hmac kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk
	const want = "c59899b1b96fc3e756108412169c24873832d61ac2395c47cef009128fa4daf5"
	if hex.EncodeToString(got) != want {
		t.Errorf("mac = %s, want %s", hex.EncodeToString(got), want)
	}
}

func TestVerifyRefusesTampering(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(h http.Header)
		method string
		path   string
		body   []byte
		want   error
	}{
		{name: "method", method: http.MethodPut, want: ErrBadSignature},
		{name: "path", path: SignupPath, want: ErrBadSignature},
		{name: "body", body: bytes.Replace(testBody, []byte("hunter22"), []byte("hunter23"), 1),
			want: ErrBadSignature},
		{name: "empty body", body: []byte{}, want: ErrBadSignature},
		{name: "timestamp", edit: func(h http.Header) {
			h.Set(HeaderTimestamp, strconv.FormatInt(epoch.Unix()+1, 10))
		}, want: ErrBadSignature},
		{name: "nonce", edit: func(h http.Header) {
			h.Set(HeaderNonce, strings.Repeat("ab", 16))
		}, want: ErrBadSignature},
		{name: "signature", edit: func(h http.Header) {
			s := []byte(h.Get(HeaderSignature))
			s[10] = otherHexDigit(s[10])
			h.Set(HeaderSignature, string(s))
		}, want: ErrBadSignature},
		{name: "missing timestamp", edit: func(h http.Header) { h.Del(HeaderTimestamp) },
			want: ErrMissingHeader},
		{name: "missing nonce", edit: func(h http.Header) { h.Del(HeaderNonce) },
			want: ErrMissingHeader},
		{name: "missing signature", edit: func(h http.Header) { h.Del(HeaderSignature) },
			want: ErrMissingHeader},
		{name: "repeated signature", edit: func(h http.Header) {
			h.Add(HeaderSignature, h.Get(HeaderSignature))
		}, want: ErrMalformed},
		{name: "timestamp with plus", edit: func(h http.Header) {
			h.Set(HeaderTimestamp, "+"+h.Get(HeaderTimestamp))
		}, want: ErrMalformed},
		{name: "timestamp leading zero", edit: func(h http.Header) {
			h.Set(HeaderTimestamp, "0"+h.Get(HeaderTimestamp))
		}, want: ErrMalformed},
		{name: "short nonce", edit: func(h http.Header) { h.Set(HeaderNonce, "abcd") },
			want: ErrMalformed},
		{name: "uppercase nonce", edit: func(h http.Header) {
			h.Set(HeaderNonce, strings.ToUpper(h.Get(HeaderNonce)))
		}, want: ErrMalformed},
		{name: "signature not hex", edit: func(h http.Header) {
			h.Set(HeaderSignature, strings.Repeat("zz", 32))
		}, want: ErrMalformed},
		{name: "truncated signature", edit: func(h http.Header) {
			h.Set(HeaderSignature, h.Get(HeaderSignature)[:62])
		}, want: ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := signed(t)
			if tt.edit != nil {
				tt.edit(h)
			}
			method, path, body := http.MethodPost, LoginPath, testBody
			if tt.method != "" {
				method = tt.method
			}
			if tt.path != "" {
				path = tt.path
			}
			if tt.body != nil {
				body = tt.body
			}

			err := mustVerifier(t, epoch).Verify(h, method, path, body)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
			if strings.Contains(err.Error(), string(testSecret)) {
				t.Errorf("error %q reveals the secret", err)
			}
		})
	}
}

func TestVerifyWindow(t *testing.T) {
	tests := []struct {
		name   string
		offset time.Duration // verifier clock minus signing time
		window time.Duration
		want   error
	}{
		{"same second", 0, DefaultWindow, nil},
		{"30 s late", 30 * time.Second, DefaultWindow, nil},
		{"30 s early", -30 * time.Second, DefaultWindow, nil},
		{"stale", 31 * time.Second, DefaultWindow, ErrStale},
		{"future", -31 * time.Second, DefaultWindow, ErrStale},
		{"an hour stale", time.Hour, DefaultWindow, ErrStale},
		{"custom window", 5 * time.Second, 2 * time.Second, ErrStale},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := mustVerifier(t, epoch.Add(tt.offset), WithWindow(tt.window))
			err := v.Verify(signed(t), http.MethodPost, LoginPath, testBody)
			if !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVerifyRefusesReplay(t *testing.T) {
	v := mustVerifier(t, epoch)
	h := signed(t)
	if err := v.Verify(h, http.MethodPost, LoginPath, testBody); err != nil {
		t.Fatalf("first Verify: %v", err)
	}
	if err := v.Verify(h, http.MethodPost, LoginPath, testBody); !errors.Is(err, ErrReplay) {
		t.Errorf("replayed Verify = %v, want ErrReplay", err)
	}
	if err := v.Verify(signed(t), http.MethodPost, LoginPath, testBody); err != nil {
		t.Errorf("a fresh request after a replay: %v", err)
	}
}

// A request with a bad signature must not burn its nonce, or an attacker could
// pre-empt genuine requests by guessing nothing more than their nonce.
func TestVerifyRecordsNonceOnlyWhenSigned(t *testing.T) {
	cache := NewMemoryNonceCache(10)
	v := mustVerifier(t, epoch, WithNonceCache(cache))
	h := signed(t)
	forged := h.Clone()
	forged.Set(HeaderSignature, strings.Repeat("00", 32))

	if err := v.Verify(forged, http.MethodPost, LoginPath, testBody); err == nil {
		t.Fatal("forged request verified")
	}
	if cache.Len() != 0 {
		t.Fatalf("cache holds %d nonces after a forged request", cache.Len())
	}
	if err := v.Verify(h, http.MethodPost, LoginPath, testBody); err != nil {
		t.Errorf("genuine request after a forged one with its nonce: %v", err)
	}
}

func TestConstructorsRefuse(t *testing.T) {
	short := testSecret[:31]
	if _, err := NewSigner(short); !errors.Is(err, ErrShortSecret) {
		t.Errorf("NewSigner(31 bytes) = %v, want ErrShortSecret", err)
	}
	if _, err := NewVerifier(short); !errors.Is(err, ErrShortSecret) {
		t.Errorf("NewVerifier(31 bytes) = %v, want ErrShortSecret", err)
	}
	if _, err := NewVerifier(nil); !errors.Is(err, ErrShortSecret) {
		t.Errorf("NewVerifier(nil) = %v, want ErrShortSecret", err)
	}
	for name, o := range map[string]Option{
		"zero window":     WithWindow(0),
		"negative window": WithWindow(-time.Second),
		"nil clock":       WithClock(nil),
		"nil random":      WithRandom(nil),
	} {
		if _, err := NewVerifier(testSecret, o); !errors.Is(err, ErrBadOption) {
			t.Errorf("%s: NewVerifier = %v, want ErrBadOption", name, err)
		}
	}
}

// The signer keeps its own copy: a caller zeroing its buffer does not change keys.
func TestSignerCopiesSecret(t *testing.T) {
	secret := bytes.Clone(testSecret)
	s, err := NewSigner(secret, WithClock(fixedClock(epoch)))
	if err != nil {
		t.Fatal(err)
	}
	clear(secret)

	h := http.Header{}
	if err := s.Sign(h, http.MethodPost, LoginPath, testBody); err != nil {
		t.Fatal(err)
	}
	if err := mustVerifier(t, epoch).Verify(h, http.MethodPost, LoginPath, testBody); err != nil {
		t.Errorf("Verify after the caller cleared its secret: %v", err)
	}
}

func TestSignRandomFailure(t *testing.T) {
	s := mustSigner(t, WithRandom(iotest.ErrReader(errors.New("no entropy"))))
	h := http.Header{}
	if err := s.Sign(h, http.MethodPost, LoginPath, testBody); err == nil {
		t.Fatal("Sign succeeded without randomness")
	}
	if len(h) != 0 {
		t.Errorf("Sign set headers on failure: %v", h)
	}
}

func TestSignNoncesDiffer(t *testing.T) {
	s := mustSigner(t)
	a, b := http.Header{}, http.Header{}
	_ = s.Sign(a, http.MethodPost, LoginPath, testBody)
	_ = s.Sign(b, http.MethodPost, LoginPath, testBody)
	if a.Get(HeaderNonce) == b.Get(HeaderNonce) {
		t.Error("two signatures in the same second share a nonce")
	}
}

// otherHexDigit returns a lower-case hex digit other than b, so that a tampered
// signature stays well formed and fails on its value, whatever the original digit.
func otherHexDigit(b byte) byte {
	if b == '0' {
		return '1'
	}
	return '0'
}
