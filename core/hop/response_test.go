package hop

import (
	"bytes"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/latchauth/latch/core/apierr"
)

var errTooMany = apierr.ErrTooManyAttempts.WithRetryAfter(90 * time.Second)

// TestResponseCanonicalString pins the answer's wire format, like TestCanonicalString.
func TestResponseCanonicalString(t *testing.T) {
	key, nonce := []byte(strings.Repeat("k", 32)), strings.Repeat("0", 32)
	// Computed independently with:
	//   printf 'latch-hop-v1-response\n%s\n429\n90\n%s' \
	//     "$(printf '0%.0s' $(seq 32))" "$(printf '{}' | sha256sum | cut -d' ' -f1)" |
	//   openssl dgst -sha256 -hmac kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk
	// and likewise with 200 and an empty Retry-After line.
	tests := []struct {
		status int
		retry  string
		want   string
	}{
		{429, "90", "038fa6d1604de3321dad5ce13af22f6b57e3e7a1a201b3dcd5c8549f53352124"},
		{200, "", "1ddf336ffa8c9903a787d64c959af6af34d2ec9b59376a7690ecbe125dde4cfc"},
	}
	for _, tt := range tests {
		got := hex.EncodeToString(responseMAC(key, nonce, tt.status, tt.retry, []byte(`{}`)))
		if got != tt.want {
			t.Errorf("responseMAC(%d, %q) = %s, want %s", tt.status, tt.retry, got, tt.want)
		}
	}
}

// signedAnswer returns the headers of an answer signed by the origin's side.
func signedAnswer(t *testing.T, nonce string, status int, retry string, body []byte) http.Header {
	t.Helper()
	h := http.Header{}
	if retry != "" {
		h.Set("Retry-After", retry)
	}
	mustVerifier(t, epoch).SignResponse(h, nonce, status, body)
	return h
}

func TestVerifyResponseRefusesTampering(t *testing.T) {
	nonce, other := strings.Repeat("ab", 16), strings.Repeat("cd", 16)
	body := []byte(`{"code":"too_many_attempts","message":"Too many attempts"}`)
	tests := []struct {
		name   string
		edit   func(h http.Header)
		nonce  string
		status int
		body   []byte
		want   error
	}{
		{name: "genuine", want: nil},
		{name: "body", body: []byte(`{"principal":{"id":1}}`), want: ErrBadSignature},
		{name: "status", status: http.StatusOK, want: ErrBadSignature},
		{name: "another request's nonce", nonce: other, want: ErrBadSignature},
		{name: "retry-after changed", edit: func(h http.Header) {
			h.Set("Retry-After", "86400")
		}, want: ErrBadSignature},
		{name: "retry-after dropped", edit: func(h http.Header) { h.Del("Retry-After") },
			want: ErrBadSignature},
		{name: "retry-after repeated", edit: func(h http.Header) {
			h.Add("Retry-After", "1")
		}, want: ErrMalformed},
		{name: "unsigned", edit: func(h http.Header) { h.Del(HeaderSignature) },
			want: ErrMissingHeader},
		{name: "signature flipped", edit: func(h http.Header) {
			s := []byte(h.Get(HeaderSignature))
			s[0] = otherHexDigit(s[0])
			h.Set(HeaderSignature, string(s))
		}, want: ErrBadSignature},
		{name: "signature upper case", edit: func(h http.Header) {
			h.Set(HeaderSignature, strings.ToUpper(h.Get(HeaderSignature)))
		}, want: ErrMalformed},
		{name: "signature truncated", edit: func(h http.Header) {
			h.Set(HeaderSignature, h.Get(HeaderSignature)[:62])
		}, want: ErrMalformed},
		{name: "request signature reflected", edit: func(h http.Header) {
			req := http.Header{}
			_ = mustSigner(t).Sign(req, http.MethodPost, LoginPath, body)
			h.Set(HeaderSignature, req.Get(HeaderSignature))
		}, want: ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := signedAnswer(t, nonce, http.StatusTooManyRequests, "90", body)
			if tt.edit != nil {
				tt.edit(h)
			}
			n, status, b := nonce, http.StatusTooManyRequests, body
			if tt.nonce != "" {
				n = tt.nonce
			}
			if tt.status != 0 {
				status = tt.status
			}
			if tt.body != nil {
				b = tt.body
			}

			err := mustSigner(t).VerifyResponse(h, n, status, b)
			if !errors.Is(err, tt.want) {
				t.Fatalf("VerifyResponse = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVerifyResponseWrongSecret(t *testing.T) {
	nonce := strings.Repeat("ab", 16)
	h := http.Header{}
	other, err := NewVerifier(bytes.Repeat([]byte("x"), 32))
	if err != nil {
		t.Fatal(err)
	}
	other.SignResponse(h, nonce, http.StatusOK, testBody)

	err = mustSigner(t).VerifyResponse(h, nonce, http.StatusOK, testBody)
	if !errors.Is(err, ErrBadSignature) {
		t.Errorf("VerifyResponse = %v, want ErrBadSignature", err)
	}
}

// The handler signs every answer it writes, refusals before verification included,
// for the nonce the request carried.
func TestHandlerSignsEveryAnswer(t *testing.T) {
	tests := []struct {
		name   string
		acc    *fakeAccounts
		req    func(t *testing.T) *http.Request
		status int
	}{
		{"principal", &fakeAccounts{p: ana}, func(t *testing.T) *http.Request {
			return signedRequest(t, "POST", LoginPath, testBody)
		}, 200},
		{"accounts error with Retry-After", &fakeAccounts{err: errTooMany},
			func(t *testing.T) *http.Request {
				return signedRequest(t, "POST", LoginPath, testBody)
			}, 429},
		{"bad request signature", &fakeAccounts{p: ana}, func(t *testing.T) *http.Request {
			r := signedRequest(t, "POST", LoginPath, testBody)
			r.Header.Set(HeaderSignature, strings.Repeat("00", 32))
			return r
		}, 401},
		{"unknown path", &fakeAccounts{p: ana}, func(t *testing.T) *http.Request {
			return signedRequest(t, "POST", "/hop/v1/logout", testBody)
		}, 404},
		{"undecodable body", &fakeAccounts{p: ana}, func(t *testing.T) *http.Request {
			return signedRequest(t, "POST", SignupPath, []byte(`{`))
		}, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.req(t)
			w := httptest.NewRecorder()
			newTestHandler(t, tt.acc).ServeHTTP(w, r)

			if w.Code != tt.status {
				t.Fatalf("status %d, want %d (%s)", w.Code, tt.status, w.Body)
			}
			if w.Code == 429 && w.Header().Get("Retry-After") != "90" {
				t.Errorf("Retry-After = %q, want 90", w.Header().Get("Retry-After"))
			}
			nonce := r.Header.Get(HeaderNonce)
			err := mustSigner(t).VerifyResponse(w.Header(), nonce, w.Code, w.Body.Bytes())
			if err != nil {
				t.Errorf("VerifyResponse: %v", err)
			}
		})
	}
}

// An answer to a request without a well-formed nonce is signed for the empty nonce,
// which no edge ever sends: the origin signs no string a caller chose.
func TestHandlerSignsNoForeignNonce(t *testing.T) {
	for _, nonce := range []string{"", "not-hex", strings.Repeat("AB", 16)} {
		r := httptest.NewRequest("POST", LoginPath, bytes.NewReader(testBody))
		r.Header.Set(HeaderNonce, nonce)
		w := httptest.NewRecorder()
		newTestHandler(t, &fakeAccounts{p: ana}).ServeHTTP(w, r)

		err := mustSigner(t).VerifyResponse(w.Header(), "", w.Code, w.Body.Bytes())
		if err != nil {
			t.Errorf("nonce %q: answer not signed for the empty nonce: %v", nonce, err)
		}
	}
}
