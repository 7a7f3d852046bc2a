// Package action implements the Hasura Actions contract for Latch's Signup and Login.
//
// Hasura POSTs a JSON body {"action":{"name":...},"input":{...},"session_variables":
// {...},"request_query":"..."} to the action handler and expects the action's output
// object on a 2xx, or {"message","extensions":{"code"}} on a 4xx
// (https://hasura.io/docs/latest/actions/action-handlers/). Handler serves that
// contract on any net/http server, including the Cloudflare Worker.
package action

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/internal/jsonkey"
)

// Action names Latch answers. Matching is case-insensitive, since Hasura action names
// are chosen by whoever writes the metadata.
const (
	Signup = "Signup"
	Login  = "Login"
)

// DefaultMaxBody is the default cap on a request body. A Hasura action body is the
// input plus the session variables and the GraphQL query text, a few KiB at most.
const DefaultMaxBody = 64 << 10

// Request is a Hasura action call.
type Request struct {
	Action struct {
		Name string `json:"name"`
	} `json:"action"`
	Input json.RawMessage `json:"input"`
	// SessionVariables are decoded for completeness but never trusted for identity.
	SessionVariables map[string]string `json:"session_variables"`
	RequestQuery     string            `json:"request_query"`
}

// Credentials is the input of both Signup and Login. Both fields must be JSON strings.
type Credentials struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// bodyKeys and inputKeys are the keys Latch reads. Keys are case-sensitive and none
// may repeat (see jsonkey): the body may carry others, the input may not.
var (
	bodyKeys = &jsonkey.Rules{
		Keys:  []string{"action", "input", "session_variables", "request_query"},
		Inner: map[string]*jsonkey.Rules{"action": {Keys: []string{"name"}}},
	}
	inputKeys = &jsonkey.Rules{Keys: []string{"email", "password"}, Closed: true}
)

// ReadBody reads at most limit bytes of r, answering apierr.ErrTooLarge beyond that and
// apierr.ErrBadRequest for an empty body.
func ReadBody(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, apierr.ErrBadRequest.WithCause(err)
	}
	if int64(len(b)) > limit {
		return nil, apierr.ErrTooLarge
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, apierr.ErrBadRequest.WithMessage("Request body is empty")
	}
	return b, nil
}

// Decode parses an action call body. It fails with apierr.ErrBadRequest on anything
// but one JSON object with an input object, and on a body whose top-level object or
// action object repeats a key or spells one of Latch's keys in another case.
func Decode(body []byte) (*Request, error) {
	var req Request
	if err := decodeStrictly(body, &req, false); err != nil {
		return nil, err
	}
	if err := checkKeys(body, bodyKeys); err != nil {
		return nil, err
	}
	if len(req.Input) == 0 || bytes.Equal(req.Input, []byte("null")) {
		return nil, apierr.ErrBadRequest.WithMessage("Request has no input")
	}
	return &req, nil
}

// Credentials decodes the input as Credentials. Its keys must be exactly "email" and
// "password", each once: other fields mean the action's arguments do not match what
// Latch serves, and a repeated or differently cased key would be read differently by
// another parser.
func (r *Request) Credentials() (Credentials, error) {
	var c struct {
		Email    *string `json:"email"`
		Password *string `json:"password"`
	}
	if err := decodeStrictly(r.Input, &c, true); err != nil {
		return Credentials{}, err
	}
	if err := checkKeys(r.Input, inputKeys); err != nil {
		return Credentials{}, err
	}
	if c.Email == nil {
		return Credentials{}, apierr.ErrBadRequest.WithMessage("Input email is required")
	}
	if c.Password == nil {
		return Credentials{}, apierr.ErrBadRequest.WithMessage("Input password is required")
	}
	return Credentials{Email: *c.Email, Password: *c.Password}, nil
}

// decodeStrictly unmarshals exactly one JSON value into v.
func decodeStrictly(b []byte, v any, noUnknown bool) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if noUnknown {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return apierr.ErrBadRequest.WithMessage(describe(err)).WithCause(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return apierr.ErrBadRequest.WithMessage("Request body has trailing data")
	}
	return nil
}

// checkKeys applies rules to b, which the decoder has accepted, and turns a refused key
// into a bad request that names the key.
func checkKeys(b []byte, rules *jsonkey.Rules) error {
	err := jsonkey.Check(b, rules)
	var e *jsonkey.Error
	if !errors.As(err, &e) {
		return nil
	}

	where := "Request body"
	switch {
	case rules == inputKeys:
		where = "Input"
	case e.Object != "":
		where = "Field " + e.Object
	}
	msg := where + " repeats key " + quoteKey(e.Key)
	switch e.Problem {
	case jsonkey.Miscased:
		msg = where + " key " + quoteKey(e.Key) + " must be spelled " + quoteKey(e.Known)
	case jsonkey.Unknown:
		msg = "Unknown input field " + quoteKey(e.Key)
	}
	return apierr.ErrBadRequest.WithMessage(msg).WithCause(err)
}

// quoteKey quotes a key for a message, cut to about 64 characters.
func quoteKey(k string) string {
	if len(k) <= 64 {
		return strconv.Quote(k)
	}
	cut := 62
	for cut > 0 && !utf8.RuneStart(k[cut]) {
		cut--
	}
	return strconv.Quote(k[:cut] + "...")
}

// describe turns a JSON error into a public message that names the field but not the
// value.
func describe(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		kind := jsonKind(te.Type.Kind().String())
		switch {
		case field == "":
			return "Request body must be a JSON object"
		case field == "session_variables" && kind == "string":
			// The map itself decoded; one of its values is not a string. The decoder
			// names the map, not the key, so say which part is wrong.
			return "Session variable values must be strings"
		}
		return "Field " + field + " must be a " + kind
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if k, err := strconv.Unquote(name); err == nil {
			name = quoteKey(k)
		}
		return "Unknown input field " + name
	}
	return "Request body is not valid JSON"
}

func jsonKind(goKind string) string {
	switch goKind {
	case "ptr", "string":
		return "string"
	case "map", "struct":
		return "JSON object"
	default:
		return goKind
	}
}
