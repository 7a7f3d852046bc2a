package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

// secretEnv names the environment variable holding the action secret.
const secretEnv = "LATCH_ACTION_SECRET"

// maxAnswer caps how much of an answer is read; Latch's answers are a few hundred bytes.
const maxAnswer = 64 << 10

// requestTimeout bounds one call: Hasura's default action timeout plus a margin.
const requestTimeout = 35 * time.Second

// Queries as Hasura forwards them in request_query.
const (
	signupQuery = "mutation Signup($email: String!, $password: String!) " +
		"{ Signup(email: $email, password: $password) { id email } }"
	loginQuery = "mutation Login($email: String!, $password: String!) " +
		"{ Login(email: $email, password: $password) { token } }"
)

// actionCall is the body Hasura POSTs to an action handler.
type actionCall struct {
	Action struct {
		Name string `json:"name"`
	} `json:"action"`
	Input struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	} `json:"input"`
	SessionVariables map[string]string `json:"session_variables"`
	RequestQuery     string            `json:"request_query"`
}

// actionBody returns a complete Hasura action body for Signup or Login by an
// anonymous caller.
func actionBody(name, email, password string) []byte {
	var c actionCall
	c.Action.Name = name
	c.Input.Email, c.Input.Password = email, password
	c.SessionVariables = map[string]string{"x-hasura-role": "anonymous"}
	c.RequestQuery = loginQuery
	if name == "Signup" {
		c.RequestQuery = signupQuery
	}
	b, err := json.Marshal(c)
	if err != nil {
		panic(err) // strings and a map of strings always marshal
	}
	return b
}

// client calls the actions of one origin.
type client struct {
	base   string // scheme://host:port, checked by parseTarget
	secret string
	http   *http.Client
}

// newClient returns a client for target with room for conns parallel calls. The action
// secret comes from LATCH_ACTION_SECRET.
func newClient(target string, conns int) (*client, error) {
	base, err := parseTarget(target)
	if err != nil {
		return nil, err
	}
	secret := os.Getenv(secretEnv)
	if secret == "" {
		return nil, errors.New(secretEnv + " is not set")
	}
	return &client{base: base, secret: secret, http: newHTTPClient(conns, requestTimeout)}, nil
}

// answer is the outcome of one call. err is set when no HTTP answer arrived.
type answer struct {
	status int
	body   []byte
	took   time.Duration
	err    error
}

// call POSTs body to /actions and times the round trip, answer read included.
func (c *client) call(ctx context.Context, body []byte) answer {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/actions",
		bytes.NewReader(body))
	if err != nil {
		return answer{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Action-Secret", c.secret)

	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return answer{err: err, took: time.Since(start)}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	return answer{status: resp.StatusCode, body: b, took: time.Since(start), err: err}
}

// expect200 turns an answer other than 200 into an error quoting the answer.
func expect200(what string, a answer) error {
	switch {
	case a.err != nil:
		return fmt.Errorf("%s: %w", what, a.err)
	case a.status != http.StatusOK:
		return fmt.Errorf("%s: status %d: %.200s", what, a.status, a.body)
	}
	return nil
}
