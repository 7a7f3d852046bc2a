package hopclient

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/core/hop"
)

// outcomes are the error codes an origin's accounts may answer, mapped to the edge's
// own sentinels: the edge renders its own public messages, so equal failures give
// byte-identical bodies whatever the origin's wording. Any other code means the two
// halves disagree about the protocol, and is an internal error.
var outcomes = byCode(
	apierr.ErrBadRequest,
	apierr.ErrInvalidEmail,
	apierr.ErrWeakPassword,
	apierr.ErrInvalidCredentials,
	apierr.ErrEmailTaken,
	apierr.ErrTooManyAttempts,
	apierr.ErrOverloaded,
	apierr.ErrUnavailable,
)

func byCode(errs ...*apierr.Error) map[apierr.Code]*apierr.Error {
	m := make(map[apierr.Code]*apierr.Error, len(errs))
	for _, e := range errs {
		m[e.Code] = e
	}
	return m
}

// readAnswer turns the origin's answer to the request signed with nonce into a
// principal or an *apierr.Error. Nothing of the answer is trusted, its status
// included, before its signature is checked: whoever can pose as the origin (on a
// plain-http ORIGIN_URL, say) could otherwise hand the edge any principal to mint a
// token for.
func (c *Client) readAnswer(path, nonce string, res *http.Response) (auth.Principal, error) {
	fail := func(format string, args ...any) error {
		cause := fmt.Errorf("hop %s: origin answered %d: %s", path, res.StatusCode,
			fmt.Sprintf(format, args...))
		return apierr.ErrUnavailable.WithCause(cause)
	}

	body, err := io.ReadAll(io.LimitReader(res.Body, MaxResponseBytes+1))
	switch {
	case err != nil:
		return auth.Principal{}, fail("reading body: %v", err)
	case len(body) > MaxResponseBytes:
		return auth.Principal{}, fail("body larger than %d bytes", MaxResponseBytes)
	}
	if err := c.signer.VerifyResponse(res.Header, nonce, res.StatusCode, body); err != nil {
		return auth.Principal{}, fail("%v (is it the origin, and does it share the hop "+
			"secret?)", err)
	}

	switch {
	case res.StatusCode == http.StatusOK:
		p, err := decodePrincipal(body)
		if err != nil {
			return auth.Principal{}, fail("%v", err)
		}
		return p, nil
	case res.StatusCode < 400 || res.StatusCode >= 500:
		return auth.Principal{}, fail("unexpected status (code %q)", peekCode(body))
	}

	var e hop.ErrorResponse
	if err := json.Unmarshal(body, &e); err != nil || e.Code == "" {
		return auth.Principal{}, fail("not a hop error body")
	}
	return auth.Principal{}, mapCode(path, res, e)
}

func mapCode(path string, res *http.Response, e hop.ErrorResponse) *apierr.Error {
	cause := fmt.Errorf("hop %s: origin answered %d %s: %q",
		path, res.StatusCode, e.Code, e.Message)
	sentinel, ok := outcomes[e.Code]
	if !ok {
		if e.Code == apierr.Unauthorized {
			// The answer is signed, so the secret is shared: time is the likely fault.
			cause = fmt.Errorf("%w (are the edge's and the origin's clocks within the "+
				"hop window?)", cause)
		}
		return apierr.ErrInternal.WithCause(cause)
	}

	out := sentinel.WithCause(cause)
	if secs, err := strconv.Atoi(res.Header.Get("Retry-After")); err == nil && secs > 0 {
		out = out.WithRetryAfter(time.Duration(secs) * time.Second)
	}
	return out
}

// decodePrincipal reads a PrincipalResponse, refusing a principal no token could be
// issued for.
func decodePrincipal(body []byte) (auth.Principal, error) {
	var r hop.PrincipalResponse
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&r); err != nil {
		return auth.Principal{}, fmt.Errorf("not a hop principal body: %w", err)
	}

	p := r.Principal
	if p.UserID <= 0 || len(p.AllowedRoles) == 0 ||
		!slices.Contains(p.AllowedRoles, p.DefaultRole) {
		return auth.Principal{}, errors.New("principal lacks an id or a coherent role set")
	}
	return p, nil
}

// peekCode returns the code of a hop error body, or "" when there is none.
func peekCode(body []byte) apierr.Code {
	var e hop.ErrorResponse
	_ = json.Unmarshal(body, &e)
	return e.Code
}
