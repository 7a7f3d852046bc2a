// Package hasura keeps Latch's users in Postgres through Hasura's GraphQL API, the
// way the tutorial Latch replaces kept them: table "user" (id, email, password),
// plus Latch's default_role column and user_role table (see hasura/migrations).
//
// The store calls Hasura's /v1/graphql endpoint with the admin secret
// (https://hasura.io/docs/latest/api-reference/graphql-api/index/). Every call is
// one GraphQL operation, hence one SQL statement: an insert cannot leave half a
// user behind, and a hash is replaced only if it is still the one that was read.
// Every call is bounded by a timeout, well under the 30 s Hasura waits for an
// action handler.
package hasura

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	graphql "github.com/hasura/go-graphql-client"

	"github.com/latchauth/latch/core/auth"
)

// DefaultTimeout bounds each call to Hasura, connection included.
const DefaultTimeout = 5 * time.Second

// AdminSecretHeader is the header that carries the Hasura admin secret.
const AdminSecretHeader = "x-hasura-admin-secret"

// Store is an auth.Store backed by Hasura. It is safe for concurrent use.
type Store struct {
	client   *graphql.Client
	endpoint *url.URL
	secret   string
	timeout  time.Duration
}

var _ auth.Store = (*Store)(nil)

// Option configures a Store.
type Option func(*options)

type options struct {
	timeout   time.Duration
	transport http.RoundTripper
}

// WithTimeout sets the bound on each call to Hasura (DefaultTimeout otherwise).
// Keep it well under the action timeout configured in Hasura.
func WithTimeout(d time.Duration) Option {
	return func(o *options) { o.timeout = d }
}

// WithTransport sets the HTTP transport, for instance to trust a private CA. The
// store still bounds every call with its timeout and never follows redirects.
func WithTransport(rt http.RoundTripper) Option {
	return func(o *options) { o.transport = rt }
}

// New returns a store that talks to the Hasura at endpoint with adminSecret.
// The endpoint is Hasura's base URL (http://127.0.0.1:8080), to which
// /v1/graphql is added, or the full URL of a GraphQL endpoint. New does no I/O:
// use Check to test the connection.
func New(endpoint, adminSecret string, opts ...Option) (*Store, error) {
	o := options{timeout: DefaultTimeout}
	for _, opt := range opts {
		opt(&o)
	}

	u, err := graphqlURL(endpoint)
	if err != nil {
		return nil, err
	}
	if adminSecret == "" {
		return nil, fmt.Errorf("%w: the admin secret is empty", ErrConfig)
	}
	if o.timeout <= 0 {
		return nil, fmt.Errorf("%w: timeout must be positive", ErrConfig)
	}

	s := &Store{endpoint: u, secret: adminSecret, timeout: o.timeout}
	s.client = graphql.NewClient(u.String(), newHTTPClient(o)).
		WithRequestModifier(s.authorize(""))
	return s, nil
}

// graphqlURL parses endpoint and adds Hasura's GraphQL path when it has none.
func graphqlURL(endpoint string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(endpoint))
	if err != nil {
		return nil, fmt.Errorf("%w: endpoint: %v", ErrConfig, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("%w: endpoint must be an http(s) URL with a host",
			ErrConfig)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/v1/graphql"
	}
	return u, nil
}

// newHTTPClient returns a client whose every step is bounded and which does not
// follow redirects: a redirect would carry the admin secret to another URL.
func newHTTPClient(o options) *http.Client {
	rt := o.transport
	if rt == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.ResponseHeaderTimeout = o.timeout
		t.TLSHandshakeTimeout = o.timeout
		t.MaxIdleConnsPerHost = 16
		rt = t
	}
	return &http.Client{
		Transport: limitedBody{rt},
		Timeout:   o.timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// authorize returns a request modifier that sends the admin secret and, when role
// is set, asks Hasura to evaluate the request as that role.
func (s *Store) authorize(role string) graphql.RequestModifier {
	return func(r *http.Request) {
		r.Header.Set(AdminSecretHeader, s.secret)
		if role != "" {
			r.Header.Set("x-hasura-role", role)
		}
	}
}

// Endpoint returns the GraphQL URL the store calls, without any user info.
func (s *Store) Endpoint() string { return s.endpoint.Redacted() }

// exec runs one GraphQL operation and decodes its data into out.
func (s *Store) exec(ctx context.Context, c *graphql.Client, op operation,
	vars map[string]any, out any) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()

	data, err := c.ExecRaw(ctx, op.query, vars, graphql.OperationName(op.name))
	if err != nil {
		return classify(op.name, err)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return unavailable(fmt.Errorf("%s: data does not match the query: %w", op.name, err))
	}
	return nil
}

// FindByEmail returns the user with this email and the roles stored for it, or
// auth.ErrUserNotFound.
func (s *Store) FindByEmail(ctx context.Context, email string) (*auth.User, error) {
	var out findUserData
	vars := map[string]any{"email": strings.ToLower(email)}
	if err := s.exec(ctx, s.client, opFindUser, vars, &out); err != nil {
		return nil, err
	}
	if len(out.User) == 0 {
		return nil, auth.ErrUserNotFound
	}
	return out.User[0].user(), nil
}

// Create inserts a user with auth.DefaultRole in one statement. A uniqueness
// violation on the email, in any letter case, gives auth.ErrEmailTaken.
func (s *Store) Create(ctx context.Context, email, passwordHash string) (*auth.User, error) {
	var out insertUserData
	vars := map[string]any{
		"email":    strings.ToLower(email),
		"password": passwordHash,
		"role":     auth.DefaultRole,
	}
	if err := s.exec(ctx, s.client, opInsertUser, vars, &out); err != nil {
		return nil, err
	}
	if out.InsertUserOne == nil {
		return nil, fmt.Errorf("%w: %s: no row returned", ErrUnexpected, opInsertUser.name)
	}
	u := out.InsertUserOne.user()
	u.PasswordHash = passwordHash
	return u, nil
}

// ReplaceHash sets user id's hash to newHash in one conditional update that
// matches only while the stored hash is still oldHash, and returns
// auth.ErrHashChanged when it matched nothing.
func (s *Store) ReplaceHash(ctx context.Context, id int64, oldHash, newHash string) error {
	var out replaceHashData
	vars := map[string]any{"id": id, "old": oldHash, "new": newHash}
	if err := s.exec(ctx, s.client, opReplaceHash, vars, &out); err != nil {
		return err
	}
	if out.UpdateUser == nil || out.UpdateUser.AffectedRows == 0 {
		return auth.ErrHashChanged
	}
	return nil
}

// userRow is a row of table "user" as the queries select it.
type userRow struct {
	ID          int64     `json:"id"`
	Email       string    `json:"email"`
	Password    *string   `json:"password"`
	DefaultRole string    `json:"default_role"`
	Roles       []roleRow `json:"roles"`
}

type roleRow struct {
	Role string `json:"role"`
}

// user converts a row; extra roles are sorted and unique.
func (r *userRow) user() *auth.User {
	u := &auth.User{ID: r.ID, Email: r.Email, DefaultRole: r.DefaultRole}
	if r.Password != nil {
		u.PasswordHash = *r.Password
	}
	for _, role := range r.Roles {
		if role.Role != "" {
			u.Roles = append(u.Roles, role.Role)
		}
	}
	slices.Sort(u.Roles)
	u.Roles = slices.Compact(u.Roles)
	return u
}
