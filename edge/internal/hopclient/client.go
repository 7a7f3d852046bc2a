package hopclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/core/hop"
)

// Doer sends one HTTP request and returns its response, like http.Client.Do. It should
// honour the request's context and must not follow redirects to another host.
type Doer func(*http.Request) (*http.Response, error)

// DefaultTimeout bounds each hop request, response body included.
const DefaultTimeout = 10 * time.Second

// MaxResponseBytes caps what is read of an origin's answer.
const MaxResponseBytes = 16 << 10

// ErrInvalidURL is returned by New for an origin URL it cannot use. The message never
// repeats the URL, which may hold credentials.
var ErrInvalidURL = errors.New("hopclient: invalid origin URL")

// Client is an auth.Accounts served by the origin over the signed hop. It is safe for
// concurrent use.
type Client struct {
	base    string // scheme://host[:port], no trailing slash
	signer  *hop.Signer
	do      Doer
	timeout time.Duration
}

var _ auth.Accounts = (*Client)(nil)

type options struct {
	timeout time.Duration
	hopOpts []hop.Option
}

// Option configures a Client.
type Option func(*options)

// WithTimeout bounds each request to the origin; it must be positive. The default is
// DefaultTimeout.
func WithTimeout(d time.Duration) Option {
	return func(o *options) { o.timeout = d }
}

// WithHopOptions passes options to the request signer, such as hop.WithClock.
func WithHopOptions(opts ...hop.Option) Option {
	return func(o *options) { o.hopOpts = append(o.hopOpts, opts...) }
}

// New returns a Client for the origin at baseURL: https, or http to a loopback host
// (see PlainHTTPAllowed), a host, and nothing else (no credentials, path, query or
// fragment). secret is the hop secret shared with
// the origin, at least hop.MinSecretBytes long.
func New(baseURL string, secret []byte, do Doer, opts ...Option) (*Client, error) {
	o := options{timeout: DefaultTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	if o.timeout <= 0 {
		return nil, fmt.Errorf("hopclient: timeout %v is not positive", o.timeout)
	}
	if do == nil {
		return nil, errors.New("hopclient: nil Doer")
	}

	base, err := parseBase(baseURL)
	if err != nil {
		return nil, err
	}
	signer, err := hop.NewSigner(secret, o.hopOpts...)
	if err != nil {
		return nil, err
	}
	return &Client{base: base, signer: signer, do: do, timeout: o.timeout}, nil
}

func parseBase(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("%w: does not parse", ErrInvalidURL)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("%w: scheme must be http or https", ErrInvalidURL)
	case u.User != nil:
		return "", fmt.Errorf("%w: must not contain credentials", ErrInvalidURL)
	case u.Host == "" || u.Opaque != "":
		return "", fmt.Errorf("%w: has no host", ErrInvalidURL)
	case u.Path != "" && u.Path != "/":
		return "", fmt.Errorf("%w: must not have a path (the hop paths are fixed)",
			ErrInvalidURL)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "", fmt.Errorf("%w: must not have a query or fragment", ErrInvalidURL)
	case !PlainHTTPAllowed(u):
		return "", fmt.Errorf("%w: http is allowed only to a loopback host; use https",
			ErrInvalidURL)
	}
	return u.Scheme + "://" + u.Host, nil
}

// Register asks the origin to create the user.
func (c *Client) Register(ctx context.Context, email, password string) (auth.Principal, error) {
	return c.call(ctx, hop.SignupPath, email, password)
}

// Authenticate asks the origin to check the credentials.
func (c *Client) Authenticate(
	ctx context.Context, email, password string,
) (auth.Principal, error) {
	return c.call(ctx, hop.LoginPath, email, password)
}

// call sends one signed request and interprets the answer. The client address in ctx,
// if any, goes along for the origin's per-client limits, and the request id
// (auth.RequestIDFrom) in hop.HeaderRequestID for the origin's log line. Every error
// is an *apierr.Error.
func (c *Client) call(ctx context.Context, path, email, password string) (auth.Principal, error) {
	creds := hop.Credentials{Email: email, Password: password}
	if addr := auth.ClientFrom(ctx); auth.ValidClient(addr) {
		creds.Client = addr
	}
	body, err := json.Marshal(creds)
	if err != nil {
		return auth.Principal{}, apierr.ErrInternal.WithCause(err)
	}
	if len(body) > hop.MaxBodyBytes {
		return auth.Principal{}, apierr.ErrTooLarge.WithCause(
			fmt.Errorf("hop %s: body of %d bytes exceeds the hop cap", path, len(body)))
	}

	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := c.newRequest(ctx, path, body)
	if err != nil {
		return auth.Principal{}, apierr.ErrInternal.WithCause(err)
	}

	res, err := c.do(req)
	if err != nil {
		return auth.Principal{}, apierr.ErrUnavailable.WithCause(
			fmt.Errorf("hop %s: %w", path, err))
	}
	defer res.Body.Close()
	return c.readAnswer(path, req.Header.Get(hop.HeaderNonce), res)
}

func (c *Client) newRequest(ctx context.Context, path string, body []byte) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path,
		bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if id := auth.RequestIDFrom(ctx); auth.ValidRequestID(id) {
		req.Header.Set(hop.HeaderRequestID, id)
	}
	if err := c.signer.Sign(req.Header, http.MethodPost, path, body); err != nil {
		return nil, err
	}
	return req, nil
}
