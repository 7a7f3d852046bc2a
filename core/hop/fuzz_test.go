package hop

import (
	"bytes"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// FuzzVerify feeds arbitrary header values and bodies to Verify and to the handler:
// neither may panic, and nothing Verify refuses may reach accounts.
func FuzzVerify(f *testing.F) {
	h := http.Header{}
	s, _ := NewSigner(testSecret, WithClock(fixedClock(epoch)))
	_ = s.Sign(h, http.MethodPost, LoginPath, testBody)
	f.Add(h.Get(HeaderTimestamp), h.Get(HeaderNonce), h.Get(HeaderSignature), testBody)
	f.Add("", "", "", []byte{})
	f.Add("-1", "zz", "00", []byte("{"))
	f.Add("99999999999999999999", "0123456789abcdef0123456789abcdef", "ab", []byte("null"))
	f.Add(strconv.FormatInt(epoch.Unix(), 10), "00000000000000000000000000000000",
		"0000000000000000000000000000000000000000000000000000000000000000", testBody)

	f.Fuzz(func(t *testing.T, ts, nonce, sig string, body []byte) {
		h := http.Header{}
		h.Set(HeaderTimestamp, ts)
		h.Set(HeaderNonce, nonce)
		h.Set(HeaderSignature, sig)

		v, _ := NewVerifier(testSecret, WithClock(fixedClock(epoch)))
		verr := v.Verify(h, http.MethodPost, LoginPath, body)

		acc := &fakeAccounts{p: ana}
		hd, _ := NewHandler(acc, testSecret, WithClock(fixedClock(epoch)))
		r := httptest.NewRequest(http.MethodPost, LoginPath, bytes.NewReader(body))
		r.Header = h
		w := httptest.NewRecorder()
		hd.ServeHTTP(w, r)
		if verr != nil && (w.Code == http.StatusOK || len(acc.called()) != 0) {
			t.Fatalf("a request Verify refuses (%v) reached accounts: status %d", verr, w.Code)
		}
	})
}

// FuzzVerifyResponse feeds arbitrary answers to VerifyResponse: it may not panic, and
// accepts only what the origin's side signed.
func FuzzVerifyResponse(f *testing.F) {
	nonce := "0123456789abcdef0123456789abcdef"
	h := http.Header{}
	v, _ := NewVerifier(testSecret)
	v.SignResponse(h, nonce, http.StatusOK, testBody)
	f.Add(h.Get(HeaderSignature), "", 200, testBody)
	f.Add("", "", 0, []byte{})
	f.Add("zz", "1\n2", -1, []byte("{"))

	f.Fuzz(func(t *testing.T, sig, retry string, status int, body []byte) {
		h := http.Header{}
		h.Set(HeaderSignature, sig)
		if retry != "" {
			h.Set("Retry-After", retry)
		}
		s, _ := NewSigner(testSecret)
		if s.VerifyResponse(h, nonce, status, body) != nil {
			return
		}
		want := hex.EncodeToString(responseMAC(testSecret, nonce, status, retry, body))
		if sig != want {
			t.Fatalf("accepted signature %q for a different answer", sig)
		}
	})
}
