package server_test

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// After the configured number of wrong passwords, the account answers 429
// too_many_attempts with a Retry-After, even for the right password, and an unknown
// email locks out the same way (no enumeration through the limiter).
func TestLoginThrottling(t *testing.T) {
	cfg := testConfig(t)
	cfg.MaxLoginFailures, cfg.FailureWindow = 3, 15*time.Minute
	o := start(t, cfg, nil)

	if status, body := o.call("Signup", "ana@example.com", "correct horse"); status != 200 {
		t.Fatalf("signup: %d %s", status, body)
	}
	var locked [][]byte
	for _, email := range []string{"ana@example.com", "nobody@example.com"} {
		for range 3 {
			status, body := o.call("Login", email, "wrong password")
			wantError(t, status, body, http.StatusUnauthorized, "invalid_credentials")
		}

		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost,
			o.http.URL+"/actions",
			bytes.NewReader(actionBody(t, "Login", email, "correct horse")))
		if err != nil {
			t.Fatal(err)
		}
		req.Header = actionHeaders(actionSecret)
		resp, err := o.http.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		wantError(t, resp.StatusCode, body, http.StatusTooManyRequests, "too_many_attempts")
		secs, err := strconv.Atoi(resp.Header.Get("Retry-After"))
		if err != nil || secs <= 0 || secs > 15*60 {
			t.Errorf("%s: Retry-After %q, want 1..900 seconds", email,
				resp.Header.Get("Retry-After"))
		}
		locked = append(locked, body)
	}
	if !bytes.Equal(locked[0], locked[1]) {
		t.Errorf("locked bodies differ:\n%s\n%s", locked[0], locked[1])
	}
}

// With throttling off, failures never lock an account.
func TestLoginThrottlingOff(t *testing.T) {
	cfg := testConfig(t)
	cfg.MaxLoginFailures = 0
	o := start(t, cfg, nil)

	if status, body := o.call("Signup", "ana@example.com", "correct horse"); status != 200 {
		t.Fatalf("signup: %d %s", status, body)
	}
	for range 12 {
		status, body := o.call("Login", "ana@example.com", "wrong password")
		wantError(t, status, body, http.StatusUnauthorized, "invalid_credentials")
	}
	if status, body := o.call("Login", "ana@example.com", "correct horse"); status != 200 {
		t.Fatalf("login after failures with throttling off: %d %s", status, body)
	}
}
