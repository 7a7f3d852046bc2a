package jsonkey_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/latchauth/latch/core/internal/jsonkey"
)

var body = &jsonkey.Rules{
	Keys:  []string{"action", "input"},
	Inner: map[string]*jsonkey.Rules{"action": {Keys: []string{"name"}}},
}

var creds = &jsonkey.Rules{Keys: []string{"email", "password"}, Closed: true}

func TestCheckAccepts(t *testing.T) {
	tests := []struct {
		name  string
		rules *jsonkey.Rules
		in    string
	}{
		{"exact keys", creds, `{"email":"a","password":"b"}`},
		{"a key missing", creds, `{"password":"b"}`},
		{"empty object", creds, `{}`},
		{"unknown keys in an open object", body,
			`{"action":{"name":"Login","extra":1},"input":{},"request_query":"q"}`},
		{"repeats inside a value not checked", body,
			`{"input":{"email":"a","email":"b"},"x":[{"k":1,"k":2}]}`},
		{"inner value not an object", body, `{"action":[{"name":1}],"input":{}}`},
		{"nested values are skipped", body, `{"x":{"a":[1,{"b":[[]]}]},"action":{}}`},
		{"not an object", creds, `["email","email"]`},
		{"a string", creds, `"email"`},
		{"invalid JSON", creds, `{"email":`},
		{"empty", creds, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := jsonkey.Check([]byte(tt.in), tt.rules); err != nil {
				t.Errorf("Check(%s) = %v, want nil", tt.in, err)
			}
		})
	}
}

func TestCheckRefuses(t *testing.T) {
	tests := []struct {
		name  string
		rules *jsonkey.Rules
		in    string
		want  jsonkey.Error
	}{
		{"repeated known key", creds, `{"password":"a","email":"e","password":"b"}`,
			jsonkey.Error{Key: "password", Problem: jsonkey.Repeated}},
		{"capitalized key", creds, `{"Password":"a"}`,
			jsonkey.Error{Key: "Password", Problem: jsonkey.Miscased, Known: "password"}},
		{"upper-case key", creds, `{"email":"a","EMAIL":"b"}`,
			jsonkey.Error{Key: "EMAIL", Problem: jsonkey.Miscased, Known: "email"}},
		{"Kelvin sign folds to k", &jsonkey.Rules{Keys: []string{"kid"}},
			`{"\u212aid":1}`,
			jsonkey.Error{Key: "\u212aid", Problem: jsonkey.Miscased, Known: "kid"}},
		{"unknown key in a closed object", creds, `{"email":"a","role":"admin"}`,
			jsonkey.Error{Key: "role", Problem: jsonkey.Unknown}},
		{"escaped key is the key", creds, `{"email":"a","pass\u0077ord":"b","password":""}`,
			jsonkey.Error{Key: "password", Problem: jsonkey.Repeated}},
		{"repeated top-level key", body, `{"action":{},"input":{},"action":{}}`,
			jsonkey.Error{Key: "action", Problem: jsonkey.Repeated}},
		{"repeated unknown key", body, `{"extra":1,"input":{},"extra":2}`,
			jsonkey.Error{Key: "extra", Problem: jsonkey.Repeated}},
		{"miscased top-level key", body, `{"action":{},"Action":{}}`,
			jsonkey.Error{Key: "Action", Problem: jsonkey.Miscased, Known: "action"}},
		{"repeated inner key", body, `{"action":{"name":"Signup","name":"Login"}}`,
			jsonkey.Error{Object: "action", Key: "name", Problem: jsonkey.Repeated}},
		{"miscased inner key", body, `{"input":{},"action":{"NAME":"Login"}}`,
			jsonkey.Error{Object: "action", Key: "NAME", Problem: jsonkey.Miscased,
				Known: "name"}},
		{"first problem wins", creds, `{"a":1,"email":"","email":""}`,
			jsonkey.Error{Key: "a", Problem: jsonkey.Unknown}},
		{"before invalid JSON", creds, `{"email":1,"email":`,
			jsonkey.Error{Key: "email", Problem: jsonkey.Repeated}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := jsonkey.Check([]byte(tt.in), tt.rules)

			var got *jsonkey.Error
			if !errors.As(err, &got) {
				t.Fatalf("Check(%s) = %v, want %+v", tt.in, err, tt.want)
			}
			if *got != tt.want {
				t.Errorf("Check(%s) = %+v, want %+v", tt.in, *got, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "jsonkey: ") {
				t.Errorf("Error() = %q lacks the package prefix", err)
			}
		})
	}
}

// A wide open object is checked in linear time and memory: the set of other keys is a
// map.
func BenchmarkCheckManyKeys(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"input":{}`)
	for i := range 10000 {
		sb.WriteString(`,"k` + strings.Repeat("x", i%7) + string(rune('a'+i%26)) +
			`` + itoa(i) + `":0`)
	}
	sb.WriteString("}")
	in := []byte(sb.String())
	b.ReportAllocs()
	for b.Loop() {
		if err := jsonkey.Check(in, body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckAction measures a typical Hasura action body.
func BenchmarkCheckAction(b *testing.B) {
	in := []byte(`{"action":{"name":"Login"},"input":{"email":"ana@example.com",` +
		`"password":"hunter22"},"session_variables":{"x-hasura-role":"anonymous"},` +
		`"request_query":"mutation { Login(email: $e, password: $p) { token } }"}`)
	b.ReportAllocs()
	for b.Loop() {
		if err := jsonkey.Check(in, body); err != nil {
			b.Fatal(err)
		}
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// FuzzCheck checks that no input makes Check panic, and that what it refuses is an
// *Error naming a key of the input.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		``, `{}`, `{"email":"a","email":"b"}`, `{"action":{"name":1,"name":2}}`,
		`{"Action":{}}`, `[{"a":1}]`, `{"a":{"b":{"c":[1,2,{"d":null}]}}}`, `{"a":`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, r := range []*jsonkey.Rules{body, creds} {
			err := jsonkey.Check(b, r)
			if err == nil {
				continue
			}
			var e *jsonkey.Error
			if !errors.As(err, &e) || e.Problem == 0 {
				t.Fatalf("Check(%q) = %v, not a *jsonkey.Error", b, err)
			}
		}
	})
}
