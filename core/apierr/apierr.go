// Package apierr defines the one error type that crosses Latch's HTTP boundary.
//
// Every failure a client can see is an *Error with a stable snake_case Code, a public
// Message and an HTTP status. It renders as the body Hasura expects from an action
// handler (https://hasura.io/docs/latest/actions/action-handlers/#returning-an-error):
//
//	{"message":"Invalid credentials","extensions":{"code":"invalid_credentials"}}
//
// Expected failures use 4xx statuses, because Hasura replaces the body of any other
// status with an opaque "internal error". The Cause is for logs only and is never
// rendered.
package apierr

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"
)

// Code is a stable, machine-readable error identifier. Clients may switch on it, so
// existing values never change meaning.
type Code string

// The codes Latch answers with.
const (
	BadRequest         Code = "bad_request"
	InvalidEmail       Code = "invalid_email"
	WeakPassword       Code = "weak_password"
	InvalidCredentials Code = "invalid_credentials"
	EmailTaken         Code = "email_taken"
	Unauthorized       Code = "unauthorized"
	NotFound           Code = "not_found"
	MethodNotAllowed   Code = "method_not_allowed"
	UnsupportedMedia   Code = "unsupported_media_type"
	TooLarge           Code = "request_too_large"
	UnknownAction      Code = "unknown_action"
	TooManyAttempts    Code = "too_many_attempts"
	Overloaded         Code = "overloaded"
	Unavailable        Code = "unavailable"
	Canceled           Code = "canceled"
	Internal           Code = "internal"
)

// StatusClientClosedRequest is the status of a request its client abandoned: 499, a
// de-facto code (nginx's "client closed request") outside the HTTP standard. Nobody
// reads an answer with it, since the client is gone; it is there for the logs.
const StatusClientClosedRequest = 499

// Error is a client-visible failure. Message is public; Cause is logged, never sent.
type Error struct {
	Status     int
	Code       Code
	Message    string
	RetryAfter time.Duration // rendered as a Retry-After header when positive
	Cause      error
}

// Error returns the code and message, with the cause when there is one. It is meant for
// logs; clients see only what Write renders.
func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Message
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns the internal cause.
func (e *Error) Unwrap() error { return e.Cause }

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, apierr.ErrInvalidCredentials) works through wrapping.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// WithCause returns a copy of e that carries cause for the logs.
func (e *Error) WithCause(cause error) *Error {
	c := *e
	c.Cause = cause
	return &c
}

// WithMessage returns a copy of e with a different public message.
func (e *Error) WithMessage(msg string) *Error {
	c := *e
	c.Message = msg
	return &c
}

// WithRetryAfter returns a copy of e that tells the client when to try again.
func (e *Error) WithRetryAfter(d time.Duration) *Error {
	c := *e
	c.RetryAfter = d
	return &c
}

// New returns an error with the given status, code and public message.
func New(status int, code Code, msg string) *Error {
	return &Error{Status: status, Code: code, Message: msg}
}

// Sentinels for errors.Is and for answering. Use WithCause or WithMessage to derive.
var (
	ErrBadRequest   = New(http.StatusBadRequest, BadRequest, "Malformed request")
	ErrInvalidEmail = New(http.StatusBadRequest, InvalidEmail,
		"Email address is not valid")
	ErrWeakPassword = New(http.StatusBadRequest, WeakPassword,
		"Password does not meet the requirements")
	ErrInvalidCredentials = New(http.StatusUnauthorized, InvalidCredentials,
		"Invalid credentials")
	ErrEmailTaken = New(http.StatusConflict, EmailTaken,
		"An account with this email already exists")
	ErrUnauthorized     = New(http.StatusUnauthorized, Unauthorized, "Unauthorized")
	ErrNotFound         = New(http.StatusNotFound, NotFound, "Not found")
	ErrMethodNotAllowed = New(http.StatusMethodNotAllowed, MethodNotAllowed,
		"Method not allowed")
	ErrUnsupportedMedia = New(http.StatusUnsupportedMediaType, UnsupportedMedia,
		"Content-Type must be application/json")
	ErrTooLarge = New(http.StatusRequestEntityTooLarge, TooLarge,
		"Request body is too large")
	ErrUnknownAction   = New(http.StatusBadRequest, UnknownAction, "Unknown action")
	ErrTooManyAttempts = New(http.StatusTooManyRequests, TooManyAttempts,
		"Too many attempts, try again later")
	ErrOverloaded = New(http.StatusTooManyRequests, Overloaded,
		"Service is busy, try again shortly")
	// ErrUnavailable is a 4xx (424) on purpose: Hasura hides the message of any 5xx,
	// and a client is better served by knowing the failure is transient.
	ErrUnavailable = New(http.StatusFailedDependency, Unavailable,
		"Authentication is temporarily unavailable")
	// ErrCanceled is a request whose client went away (its context was canceled)
	// before Latch could answer. It is not a failure of Latch's, and no client sees it.
	ErrCanceled = New(StatusClientClosedRequest, Canceled, "Request was canceled")
	ErrInternal = New(http.StatusInternalServerError, Internal, "Internal error")
)

// From returns err as an *Error, or ErrInternal carrying err as its cause when err is
// not one. A nil err gives nil.
//
// An err that wraps context.Canceled gives ErrCanceled carrying err, even when it
// also wraps another *Error (a store call that was unavailable because the client
// hung up, say): the client leaving is the first cause. context.DeadlineExceeded is
// not a cancellation but a time limit Latch set itself (the store's or the hop's
// per-call timeout); it keeps whatever the error already says, ErrInternal when
// nothing.
func From(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	isError := errors.As(err, &e)
	switch {
	case isError && e.Code == Canceled:
		return e
	case errors.Is(err, context.Canceled):
		return ErrCanceled.WithCause(err)
	case isError:
		return e
	}
	return ErrInternal.WithCause(err)
}

// body is the Hasura action error shape.
type body struct {
	Message    string     `json:"message"`
	Extensions extensions `json:"extensions"`
}

type extensions struct {
	Code Code `json:"code"`
}

// Body returns the JSON document Write sends for e.
func (e *Error) Body() []byte {
	b, _ := json.Marshal(body{Message: e.Message, Extensions: extensions{Code: e.Code}})
	return b
}

// Write renders err (converted with From) as a Hasura action error response.
func Write(w http.ResponseWriter, err error) {
	e := From(err)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	if e.RetryAfter > 0 {
		secs := int64((e.RetryAfter + time.Second - 1) / time.Second)
		h.Set("Retry-After", strconv.FormatInt(secs, 10))
	}
	w.WriteHeader(e.Status)
	_, _ = w.Write(e.Body())
}
