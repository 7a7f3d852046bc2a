package action_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/latchauth/latch/core/action"
	"github.com/latchauth/latch/core/apierr"
)

func TestDecode(t *testing.T) {
	b := `{"action":{"name":"Login"},"input":{"email":"a@b.co","password":"pw"},` +
		`"session_variables":{"x-hasura-role":"anonymous","x-hasura-user-id":"1"},` +
		`"request_query":"mutation { Login }"}`

	req, err := action.Decode([]byte(b))
	if err != nil {
		t.Fatal(err)
	}
	c, err := req.Credentials()
	if err != nil {
		t.Fatal(err)
	}

	if req.Action.Name != "Login" || req.SessionVariables["x-hasura-role"] != "anonymous" {
		t.Errorf("Decode() = %+v", req)
	}
	if c != (action.Credentials{Email: "a@b.co", Password: "pw"}) {
		t.Errorf("Credentials() = %+v", c)
	}
}

func TestCredentialsKeepsEmptyStrings(t *testing.T) {
	req, err := action.Decode([]byte(`{"input":{"email":"","password":""}}`))
	if err != nil {
		t.Fatal(err)
	}

	c, err := req.Credentials()

	if err != nil || c != (action.Credentials{}) {
		t.Errorf("Credentials() = %+v, %v; want two empty strings for the service to judge",
			c, err)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		message string
	}{
		{"not JSON", `email=a`, "Request body is not valid JSON"},
		{"truncated", `{"input":{"email":"a`, "Request body is not valid JSON"},
		{"array", `[1]`, "Request body must be a JSON object"},
		{"number", `42`, "Request body must be a JSON object"},
		{"null", `null`, "Request has no input"},
		{"no input", `{"action":{"name":"Login"}}`, "Request has no input"},
		{"input null", `{"input":null}`, "Request has no input"},
		{"action a string", `{"action":"Login","input":{}}`,
			"Field action must be a JSON object"},
		{"name a number", `{"action":{"name":1},"input":{}}`,
			"Field action.name must be a string"},
		{"session variables an array", `{"session_variables":[],"input":{}}`,
			"Field session_variables must be a JSON object"},
		{"session variable a number", `{"session_variables":{"x-hasura-user-id":1},` +
			`"input":{}}`, "Session variable values must be strings"},
		{"session variable an object", `{"session_variables":{"x-hasura-role":{}},` +
			`"input":{}}`, "Session variable values must be strings"},
		{"trailing data", `{"input":{}} {}`, "Request body has trailing data"},
		{"trailing garbage", `{"input":{}}x`, "Request body has trailing data"},
		{"two actions", `{"action":{"name":"Signup"},"input":{},"action":{"name":"Login"}}`,
			`Request body repeats key "action"`},
		{"two inputs", `{"input":{"email":"a"},"input":{}}`,
			`Request body repeats key "input"`},
		{"two session variables", `{"input":{},"session_variables":{},` +
			`"session_variables":{}}`, `Request body repeats key "session_variables"`},
		{"a repeated unknown key", `{"input":{},"x":1,"x":2}`,
			`Request body repeats key "x"`},
		{"capitalized action", `{"Action":{"name":"Login"},"input":{}}`,
			`Request body key "Action" must be spelled "action"`},
		{"action and ACTION", `{"action":{"name":"Login"},"ACTION":{},"input":{}}`,
			`Request body key "ACTION" must be spelled "action"`},
		{"upper-case input", `{"INPUT":{}}`, `Request body key "INPUT" must be spelled "input"`},
		{"two action names", `{"action":{"name":"Signup","name":"Login"},"input":{}}`,
			`Field action repeats key "name"`},
		{"capitalized action name", `{"action":{"Name":"Login"},"input":{}}`,
			`Field action key "Name" must be spelled "name"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := action.Decode([]byte(tt.body))

			if !errors.Is(err, apierr.ErrBadRequest) || req != nil {
				t.Fatalf("Decode(%s) = %+v, %v; want bad_request", tt.body, req, err)
			}
			if msg := apierr.From(err).Message; msg != tt.message {
				t.Errorf("message = %q, want %q", msg, tt.message)
			}
		})
	}
}

func TestCredentialsErrors(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		message string
	}{
		{"array", `[]`, "Request body must be a JSON object"},
		{"string", `"a@b.co"`, "Request body must be a JSON object"},
		{"no email", `{"password":"x"}`, "Input email is required"},
		{"email null", `{"email":null,"password":"x"}`, "Input email is required"},
		{"no password", `{"email":"a@b.co"}`, "Input password is required"},
		{"password null", `{"email":"a@b.co","password":null}`, "Input password is required"},
		{"password a number", `{"email":"a@b.co","password":12345678}`,
			"Field password must be a string"},
		{"password an object", `{"email":"a@b.co","password":{}}`,
			"Field password must be a string"},
		{"password a bool", `{"email":"a@b.co","password":true}`,
			"Field password must be a string"},
		{"email an array", `{"email":["a@b.co"],"password":"x"}`,
			"Field email must be a string"},
		{"unknown field", `{"email":"a@b.co","password":"x","role":"admin"}`,
			`Unknown input field "role"`},
		{"long unknown field is cut", `{"` + strings.Repeat("k", 200) + `":1}`,
			`Unknown input field "` + strings.Repeat("k", 62) + `..."`},
		{"capitalized password", `{"email":"a@b.co","Password":"x"}`,
			`Input key "Password" must be spelled "password"`},
		{"upper-case email", `{"EMAIL":"a@b.co","password":"x"}`,
			`Input key "EMAIL" must be spelled "email"`},
		{"both spellings", `{"email":"a@b.co","password":"x","PASSWORD":"y"}`,
			`Input key "PASSWORD" must be spelled "password"`},
		{"repeated password, last would win", `{"email":"a@b.co","password":"wrong",` +
			`"password":"right"}`, `Input repeats key "password"`},
		{"repeated email", `{"email":"a@b.co","email":"c@d.co","password":"x"}`,
			`Input repeats key "email"`},
		{"repeated through an escape", `{"email":"a@b.co","password":"x",` +
			`"pass\u0077ord":"y"}`, `Input repeats key "password"`},
		{"long key is cut between characters", `{"email":"a@b.co","password":"x","x` +
			strings.Repeat("é", 40) + `":1}`,
			`Unknown input field "x` + strings.Repeat("é", 30) + `..."`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := action.Decode([]byte(`{"input":` + tt.input + `}`))
			if err != nil {
				t.Fatalf("Decode() error = %v", err)
			}

			c, err := req.Credentials()

			if !errors.Is(err, apierr.ErrBadRequest) || c != (action.Credentials{}) {
				t.Fatalf("Credentials() = %+v, %v; want bad_request", c, err)
			}
			if msg := apierr.From(err).Message; msg != tt.message {
				t.Errorf("message = %q, want %q", msg, tt.message)
			}
		})
	}
}

// FuzzDecode checks that no body makes Decode or Credentials panic, and that every
// failure is a Hasura-shaped 4xx.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		``, `{}`, `null`, `[]`, `{"input":null}`, body("Login", creds),
		body("Signup", `{"email":"a@b.co","password":1}`),
		body("Login", `{"email":"a@b.co","password":"x","extra":[1,2]}`),
		`{"input":{"email":"\ud800","password":"\u0000"}}`, `{"input":{}}}`,
		`{"action":{"name":"Login"},"input":{"email":"a","password":"b"}` + "\xff",
		`{"session_variables":{"x-hasura-user-id":1},"input":{}}`,
		body("Login", `{"email":"a@b.co","password":"wrong","password":"right"}`),
		body("Login", `{"EMAIL":"a@b.co","Password":"x"}`),
		`{"action":{"name":"Signup"},"action":{"name":"Login"},"input":{}}`,
		`{"Action":{"name":"Login","NAME":"Signup"},"input":{"email":"a","password":"b"}}`,
		`{"input":{"email":"a","pass\u0077ord":"b","password":"c"},"x":[{"k":1,"k":2}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		req, err := action.Decode(b)
		if err == nil {
			_, err = req.Credentials()
		}
		if err == nil {
			return
		}
		var e *apierr.Error
		if !errors.As(err, &e) {
			t.Fatalf("error %v is not an *apierr.Error", err)
		}
		if e.Status < 400 || e.Status > 499 || e.Message == "" || e.Code == "" {
			t.Errorf("error = %d %q %q, want a 4xx with message and code",
				e.Status, e.Code, e.Message)
		}
	})
}

func ExampleDecode() {
	req, _ := action.Decode([]byte(`{"action":{"name":"Login"},` +
		`"input":{"email":"ben@example.com","password":"hunter22"}}`))
	c, _ := req.Credentials()
	fmt.Println(req.Action.Name, c.Email)

	_, err := action.Decode([]byte(`{"action":{"name":"Login"}}`))
	fmt.Println(err)
	// Output:
	// Login ben@example.com
	// bad_request: Request has no input
}
