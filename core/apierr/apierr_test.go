package apierr_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/latchauth/latch/core/apierr"
)

// C-04: the exact body Hasura passes on to the GraphQL client.
func TestBodyInvalidCredentials(t *testing.T) {
	want := `{"message":"Invalid credentials","extensions":{"code":"invalid_credentials"}}`
	if got := string(apierr.ErrInvalidCredentials.Body()); got != want {
		t.Errorf("Body() = %s, want %s", got, want)
	}
}

func TestBodyShapeOfEverySentinel(t *testing.T) {
	tests := []struct {
		name string
		err  *apierr.Error
	}{
		{"bad request", apierr.ErrBadRequest},
		{"invalid email", apierr.ErrInvalidEmail},
		{"weak password", apierr.ErrWeakPassword},
		{"invalid credentials", apierr.ErrInvalidCredentials},
		{"email taken", apierr.ErrEmailTaken},
		{"unauthorized", apierr.ErrUnauthorized},
		{"not found", apierr.ErrNotFound},
		{"method not allowed", apierr.ErrMethodNotAllowed},
		{"unsupported media", apierr.ErrUnsupportedMedia},
		{"too large", apierr.ErrTooLarge},
		{"unknown action", apierr.ErrUnknownAction},
		{"too many attempts", apierr.ErrTooManyAttempts},
		{"overloaded", apierr.ErrOverloaded},
		{"unavailable", apierr.ErrUnavailable},
		{"canceled", apierr.ErrCanceled},
		{"internal", apierr.ErrInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(tt.err.Body(), &doc); err != nil {
				t.Fatalf("Body() is not JSON: %v", err)
			}
			if len(doc) != 2 {
				t.Errorf("body has keys %v, want message and extensions only", keys(doc))
			}
			msg, ok := doc["message"].(string)
			if !ok || msg == "" {
				t.Errorf("message = %#v, want a non-empty string", doc["message"])
			}
			ext, ok := doc["extensions"].(map[string]any)
			if !ok {
				t.Fatalf("extensions = %#v, want an object", doc["extensions"])
			}
			code, ok := ext["code"].(string)
			if !ok || code != string(tt.err.Code) {
				t.Errorf("extensions.code = %#v, want the string %q", ext["code"], tt.err.Code)
			}
			if tt.err.Code != apierr.Internal && tt.err.Status >= 500 {
				t.Errorf("status %d: an expected failure must be a 4xx", tt.err.Status)
			}
		})
	}
}

func TestBodyNeverCarriesTheCause(t *testing.T) {
	cause := errors.New("pq: duplicate key value violates unique constraint users_email_key")
	e := apierr.ErrEmailTaken.WithCause(cause)

	if b := string(e.Body()); strings.Contains(b, "users_email_key") {
		t.Errorf("Body() = %s leaks the cause", b)
	}
	if s := e.Error(); !strings.Contains(s, "users_email_key") {
		t.Errorf("Error() = %q, want the cause for the logs", s)
	}
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		status     int
		code       apierr.Code
		retryAfter string // "" means no header
	}{
		{"sentinel", apierr.ErrEmailTaken, http.StatusConflict, apierr.EmailTaken, ""},
		{
			"wrapped sentinel",
			fmt.Errorf("store: %w", apierr.ErrInvalidEmail),
			http.StatusBadRequest, apierr.InvalidEmail, "",
		},
		{
			"whole seconds",
			apierr.ErrTooManyAttempts.WithRetryAfter(3 * time.Second),
			http.StatusTooManyRequests, apierr.TooManyAttempts, "3",
		},
		{
			"fraction rounds up",
			apierr.ErrTooManyAttempts.WithRetryAfter(1500 * time.Millisecond),
			http.StatusTooManyRequests, apierr.TooManyAttempts, "2",
		},
		{
			"one nanosecond rounds up to one second",
			apierr.ErrOverloaded.WithRetryAfter(time.Nanosecond),
			http.StatusTooManyRequests, apierr.Overloaded, "1",
		},
		{
			"zero gives no header",
			apierr.ErrOverloaded.WithRetryAfter(0),
			http.StatusTooManyRequests, apierr.Overloaded, "",
		},
		{
			"negative gives no header",
			apierr.ErrOverloaded.WithRetryAfter(-time.Second),
			http.StatusTooManyRequests, apierr.Overloaded, "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			apierr.Write(w, tt.err)

			if w.Code != tt.status {
				t.Errorf("status = %d, want %d", w.Code, tt.status)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", cc)
			}
			ra, has := w.Header()["Retry-After"]
			switch {
			case tt.retryAfter == "" && has:
				t.Errorf("Retry-After = %v, want none", ra)
			case tt.retryAfter != "" && w.Header().Get("Retry-After") != tt.retryAfter:
				t.Errorf("Retry-After = %v, want %s", ra, tt.retryAfter)
			}
			if got := codeOf(t, w.Body.Bytes()); got != string(tt.code) {
				t.Errorf("code = %q, want %q", got, tt.code)
			}
		})
	}
}

func TestWritePlainErrorIsOpaqueInternal(t *testing.T) {
	w := httptest.NewRecorder()
	apierr.Write(w, errors.New("dial tcp 10.0.0.7:5432: connection refused"))

	if w.Code != http.StatusInternalServerError {
		t.Errorf("status = %d, want 500", w.Code)
	}
	if got, want := w.Body.String(), string(apierr.ErrInternal.Body()); got != want {
		t.Errorf("body = %s, want %s", got, want)
	}
	if strings.Contains(w.Body.String(), "10.0.0.7") {
		t.Errorf("body %s leaks the cause", w.Body.String())
	}
}

func TestFrom(t *testing.T) {
	plain := errors.New("disk on fire")

	tests := []struct {
		name      string
		in        error
		want      *apierr.Error // compared by code
		wantCause error
	}{
		{"sentinel stays", apierr.ErrWeakPassword, apierr.ErrWeakPassword, nil},
		{
			"wrapped sentinel is found",
			fmt.Errorf("signup: %w", apierr.ErrEmailTaken),
			apierr.ErrEmailTaken, nil,
		},
		{"plain error becomes internal", plain, apierr.ErrInternal, plain},
		{"canceled context", context.Canceled, apierr.ErrCanceled, context.Canceled},
		{
			"wrapped canceled context",
			fmt.Errorf("find user: %w", context.Canceled),
			apierr.ErrCanceled, context.Canceled,
		},
		{
			"canceled wins over the error it caused",
			apierr.ErrUnavailable.WithCause(fmt.Errorf("hasura: %w", context.Canceled)),
			apierr.ErrCanceled, context.Canceled,
		},
		{
			"canceled stays canceled",
			apierr.ErrCanceled.WithCause(plain),
			apierr.ErrCanceled, plain,
		},
		{
			// A time limit Latch set, not a client leaving: unchanged.
			"deadline exceeded stays internal",
			fmt.Errorf("find user: %w", context.DeadlineExceeded),
			apierr.ErrInternal, context.DeadlineExceeded,
		},
		{
			"deadline exceeded keeps its error",
			apierr.ErrUnavailable.WithCause(context.DeadlineExceeded),
			apierr.ErrUnavailable, context.DeadlineExceeded,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := apierr.From(tt.in)
			if got.Code != tt.want.Code || got.Status != tt.want.Status {
				t.Errorf("From() = %v (%d), want code %s (%d)",
					got, got.Status, tt.want.Code, tt.want.Status)
			}
			if tt.wantCause != nil && !errors.Is(got, tt.wantCause) {
				t.Errorf("From() = %v does not carry its cause", got)
			}
		})
	}

	t.Run("nil stays nil", func(t *testing.T) {
		if got := apierr.From(nil); got != nil {
			t.Errorf("From(nil) = %v, want nil", got)
		}
	})
	t.Run("plain error does not change the sentinel", func(t *testing.T) {
		_ = apierr.From(plain)
		if apierr.ErrInternal.Cause != nil {
			t.Errorf("ErrInternal.Cause = %v, want nil", apierr.ErrInternal.Cause)
		}
	})
}

func TestIs(t *testing.T) {
	cause := errors.New("argon2: corrupt hash")

	tests := []struct {
		name   string
		err    error
		target error
		want   bool
	}{
		{"same sentinel", apierr.ErrInvalidCredentials, apierr.ErrInvalidCredentials, true},
		{
			"with cause",
			apierr.ErrInvalidCredentials.WithCause(cause),
			apierr.ErrInvalidCredentials, true,
		},
		{
			"with message",
			apierr.ErrInvalidEmail.WithMessage("Email address is required"),
			apierr.ErrInvalidEmail, true,
		},
		{
			"with retry after",
			apierr.ErrTooManyAttempts.WithRetryAfter(time.Minute),
			apierr.ErrTooManyAttempts, true,
		},
		{
			"wrapped with %w",
			fmt.Errorf("login: %w", apierr.ErrInvalidCredentials.WithCause(cause)),
			apierr.ErrInvalidCredentials, true,
		},
		{"cause is reachable", apierr.ErrInternal.WithCause(cause), cause, true},
		{
			"same status, other code",
			apierr.ErrUnauthorized, apierr.ErrInvalidCredentials, false,
		},
		{"other code", apierr.ErrEmailTaken, apierr.ErrInvalidEmail, false},
		{"plain error", cause, apierr.ErrInternal, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errors.Is(tt.err, tt.target); got != tt.want {
				t.Errorf("errors.Is(%v, %v) = %v, want %v", tt.err, tt.target, got, tt.want)
			}
		})
	}
}

func TestDerivingLeavesTheSentinelAlone(t *testing.T) {
	before := *apierr.ErrWeakPassword

	_ = apierr.ErrWeakPassword.WithMessage("Password is too short")
	_ = apierr.ErrWeakPassword.WithCause(errors.New("x"))
	_ = apierr.ErrWeakPassword.WithRetryAfter(time.Second)

	if *apierr.ErrWeakPassword != before {
		t.Errorf("sentinel changed to %+v, want %+v", *apierr.ErrWeakPassword, before)
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		name string
		err  *apierr.Error
		want string
	}{
		{"no cause", apierr.ErrNotFound, "not_found: Not found"},
		{
			"with cause",
			apierr.ErrInternal.WithCause(errors.New("boom")),
			"internal: Internal error: boom",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func ExampleWrite() {
	w := httptest.NewRecorder()
	apierr.Write(w, apierr.ErrInvalidCredentials.WithCause(errors.New("no such user")))

	fmt.Println(w.Code)
	fmt.Println(w.Body.String())
	// Output:
	// 401
	// {"message":"Invalid credentials","extensions":{"code":"invalid_credentials"}}
}

func codeOf(t *testing.T, body []byte) string {
	t.Helper()
	var doc struct {
		Message    string `json:"message"`
		Extensions struct {
			Code string `json:"code"`
		} `json:"extensions"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("body %s: %v", body, err)
	}
	if doc.Message == "" {
		t.Errorf("body %s has no message", body)
	}
	return doc.Extensions.Code
}

func keys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
