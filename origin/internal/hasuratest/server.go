package hasuratest

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// DefaultSecret is the admin secret a Server expects unless WithSecret says
// otherwise.
const DefaultSecret = "hasuratest-admin-secret"

const adminRole = "admin"

// Fault is a failure the Server plays instead of answering.
type Fault int

// The faults a Server can play.
const (
	// NoFault answers normally.
	NoFault Fault = iota
	// Unexpected answers Hasura's internal error after a failed SQL statement:
	// code "unexpected", message "database query error", with "internal" details
	// that include the statement's arguments, as Hasura shows the admin.
	Unexpected
	// PostgresDown answers Hasura's "connection error" (code "postgres-error"),
	// what Hasura says when it cannot reach its database.
	PostgresDown
	// Stall never answers: the handler waits until the client gives up (its
	// request context ends) or the Server closes.
	Stall
	// Garbage answers 200 with an HTML body, like a captive portal or a wrong port.
	Garbage
	// BadGateway answers 502 with an HTML body, like a proxy in front of a Hasura
	// that is down.
	BadGateway
)

// Row is a row of table "user" with its user_role rows.
type Row struct {
	ID          int64
	Email       string
	Password    string
	DefaultRole string
	Roles       []string // from user_role, in insertion order
	CreatedAt   time.Time
}

// Server is an in-memory stand-in for Hasura's /v1/graphql, for tests.
type Server struct {
	// URL is the base URL, like Hasura's; GraphQL is served at URL + "/v1/graphql".
	URL string
	// Secret is the admin secret the server expects in x-hasura-admin-secret.
	Secret string

	srv  *httptest.Server
	stop chan struct{}

	mu      sync.Mutex
	schema  schema
	data    state
	fault   Fault
	hooks   map[string]func()
	counts  map[string]int
	noCheck bool
}

// Option configures a Server.
type Option func(*Server)

// WithSecret sets the admin secret the Server expects.
func WithSecret(secret string) Option { return func(s *Server) { s.Secret = secret } }

// WithoutTable plays a Hasura where table ("user" or "user_role") is not tracked
// or does not exist: its root fields, type and relationships are gone.
func WithoutTable(name string) Option {
	return func(s *Server) { s.schema.hidden[name] = true }
}

// WithoutColumn plays a database that lacks a column or relationship, such as
// ("user", "default_role") before Latch's migrations or ("user", "roles") when
// the relationship is not in the metadata.
func WithoutColumn(table, name string) Option {
	return func(s *Server) { s.schema.hidden[table+"."+name] = true }
}

// WithSelectColumns sets the columns of table "user" that a non-admin role may
// select. The default is the shipped metadata: role "user" selects id, email,
// default_role and created_at; no other role selects anything.
func WithSelectColumns(role string, columns ...string) Option {
	return func(s *Server) { s.schema.perms[role] = columns }
}

// WithoutLowercaseCheck drops the check constraint that stored emails are
// lower-case, to play a database where only the tutorial's table exists.
func WithoutLowercaseCheck() Option { return func(s *Server) { s.noCheck = true } }

// New starts a Server on a loopback port and closes it when the test ends.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := Start("127.0.0.1:0", opts...)
	if err != nil {
		t.Fatalf("hasuratest: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start runs a Server on addr, for programs such as the hasura-double command that
// serve the double outside a test. addr must be a loopback IP address with a port
// ("127.0.0.1:0" picks a free one); an empty host means 127.0.0.1. Any other
// address is refused: the double holds password hashes behind nothing but the
// admin secret. The caller must Close the Server.
func Start(addr string, opts ...Option) (*Server, error) {
	ln, err := listenLoopback(addr)
	if err != nil {
		return nil, err
	}

	s := &Server{
		Secret: DefaultSecret,
		stop:   make(chan struct{}),
		schema: schema{
			hidden: map[string]bool{},
			perms: map[string][]string{
				"user": {"id", "email", "default_role", "created_at"},
			},
		},
		data:   newState(),
		hooks:  map[string]func(){},
		counts: map[string]int{},
	}
	for _, opt := range opts {
		opt(s)
	}

	s.srv = &httptest.Server{
		Listener: ln,
		Config:   &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second},
	}
	s.srv.Start()
	s.URL = s.srv.URL
	return s, nil
}

// listenLoopback listens on addr after checking that its host is a loopback IP
// literal. Host names are refused rather than looked up.
func listenLoopback(addr string) (net.Listener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("listen address %q: %w", addr, err)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("listen address %q: not a loopback IP address", addr)
	}
	return net.Listen("tcp", net.JoinHostPort(host, port))
}

// Close unblocks stalled requests and stops the server. New arranges it; after
// Start, the caller does.
func (s *Server) Close() {
	select {
	case <-s.stop:
		return
	default:
		close(s.stop)
	}
	s.srv.Close()
}

// GraphQLURL returns the URL of the GraphQL endpoint.
func (s *Server) GraphQLURL() string { return s.URL + "/v1/graphql" }

// SetFault makes every following request play f, until SetFault(NoFault).
func (s *Server) SetFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = f
}

// Before runs fn each time a request for the named operation (such as
// "LatchReplaceHash") has been authorized, just before it executes. Tests use it
// to slip a concurrent change between two calls of the code under test.
func (s *Server) Before(operation string, fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hooks[operation] = fn
}

// Requests returns how many requests named operation the server received.
func (s *Server) Requests(operation string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[operation]
}

// ServeHTTP answers one request like Hasura's /v1/graphql.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/graphql" {
		http.NotFound(w, r)
		return
	}

	s.mu.Lock()
	fault := s.fault
	s.mu.Unlock()
	if s.playTransportFault(w, r, fault) {
		return
	}

	if e := s.authorize(r); e != nil {
		writeErrors(w, e)
		return
	}

	req, e := readRequest(r)
	if e != nil {
		writeErrors(w, e)
		return
	}
	s.count(req.OperationName)

	if e := dbFault(fault); e != nil {
		writeErrors(w, e)
		return
	}
	s.serveGraphQL(w, r, req)
}

func (s *Server) count(op string) {
	s.mu.Lock()
	s.counts[op]++
	hook := s.hooks[op]
	s.mu.Unlock()
	if hook != nil {
		hook()
	}
}

// playTransportFault plays the faults that happen before Hasura answers.
func (s *Server) playTransportFault(w http.ResponseWriter, r *http.Request, f Fault) bool {
	switch f {
	case Stall:
		select {
		case <-r.Context().Done():
		case <-s.stop:
		}
	case Garbage:
		w.Header().Set("Content-Type", "text/html")
		_, _ = io.WriteString(w, "<html><body>Welcome to nginx!</body></html>\n")
	case BadGateway:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, "<html><body>502 Bad Gateway</body></html>\n")
	default:
		return false
	}
	return true
}

// authorize checks the admin secret like Hasura does when
// HASURA_GRAPHQL_ADMIN_SECRET is set and no JWT or webhook mode applies: a missing
// or wrong header is access-denied at path "$".
func (s *Server) authorize(r *http.Request) *gqlError {
	got, ok := r.Header[http.CanonicalHeaderKey("x-hasura-admin-secret")]
	if !ok || len(got) == 0 {
		return &gqlError{path: "$", code: "access-denied",
			msg: "x-hasura-admin-secret/x-hasura-access-key required, but not found"}
	}
	if subtle.ConstantTimeCompare([]byte(got[0]), []byte(s.Secret)) != 1 {
		return &gqlError{path: "$", code: "access-denied",
			msg: "invalid x-hasura-admin-secret/x-hasura-access-key"}
	}
	return nil
}

// dbFault returns the error Hasura answers for a database fault, after auth.
func dbFault(f Fault) *gqlError {
	switch f {
	case Unexpected:
		return &gqlError{path: "$", code: "unexpected", msg: "database query error",
			internal: ordered{
				{"arguments", []string{"(Oid 25,Just (\"$argon2id$v=19$SECRET-HASH\",Binary))"}},
				{"error", ordered{
					{"description", nil}, {"exec_status", "FatalError"}, {"hint", nil},
					{"message", "terminating connection due to administrator command"},
					{"status_code", "57P01"},
				}},
				{"prepared", true},
				{"statement", "UPDATE \"public\".\"user\" SET ..."},
			}}
	case PostgresDown:
		return &gqlError{path: "$", code: "postgres-error", msg: "connection error"}
	}
	return nil
}

// request is the body of a GraphQL-over-HTTP POST.
type request struct {
	Query         string         `json:"query"`
	Variables     map[string]any `json:"variables"`
	OperationName string         `json:"operationName"`
}

func readRequest(r *http.Request) (*request, *gqlError) {
	if r.Method != http.MethodPost {
		return nil, &gqlError{path: "$", code: "method-not-allowed",
			msg: "only POST is supported by hasuratest"}
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.UseNumber()
	var req request
	if err := dec.Decode(&req); err != nil {
		// Hasura's wording for a body that is not JSON is not reproduced.
		return nil, &gqlError{path: "$", code: "invalid-json", msg: err.Error()}
	}
	return &req, nil
}

func (s *Server) serveGraphQL(w http.ResponseWriter, r *http.Request, req *request) {
	doc, err := parseDocument(req.Query)
	if err != nil {
		writeErrors(w, validationFailed("$.query", "not a valid graphql query"))
		return
	}

	role := adminRole
	if v := r.Header.Get("x-hasura-role"); v != "" {
		role = v
	}
	x := &execCtx{s: s, doc: doc, vars: req.Variables, role: role}
	data, e := x.run()
	if e != nil {
		writeErrors(w, e)
		return
	}
	writeJSON(w, ordered{{"data", data}})
}

// Seed inserts a user with default role "user" and the given extra roles, as if it
// had been there before, and returns its row. It does not check constraints.
func (s *Server) Seed(email, passwordHash string, extraRoles ...string) Row {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data.insertRow(Row{Email: email, Password: passwordHash,
		DefaultRole: "user", Roles: slices.Clone(extraRoles)})
}

// SeedRow inserts row as given (its ID is assigned when zero).
func (s *Server) SeedRow(row Row) Row {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data.insertRow(row)
}

// User returns the row whose email equals email in any letter case.
func (s *Server) User(email string) (Row, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, row := range s.data.rows() {
		if strings.EqualFold(row.Email, email) {
			return row.clone(), true
		}
	}
	return Row{}, false
}

// Users returns every row, by id.
func (s *Server) Users() []Row {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Row
	for _, row := range s.data.rows() {
		out = append(out, row.clone())
	}
	return out
}

// SetPassword replaces a user's hash, as a concurrent password change would.
func (s *Server) SetPassword(id int64, hash string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if row := s.data.users[id]; row != nil {
		row.Password = hash
	}
}

// AddRole gives a user an extra role in table user_role.
func (s *Server) AddRole(id int64, role string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if row := s.data.users[id]; row != nil && !slices.Contains(row.Roles, role) {
		row.Roles = append(row.Roles, role)
	}
}
