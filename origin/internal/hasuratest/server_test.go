package hasuratest_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/latchauth/latch/origin/internal/hasuratest"
)

// post sends a raw GraphQL request and returns the status and body.
func post(t *testing.T, srv *hasuratest.Server, secret, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.GraphQLURL(), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if secret != "" {
		req.Header.Set("x-hasura-admin-secret", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The double's answers, byte for byte, for the shapes it documents.
func TestShapes(t *testing.T) {
	const findQuery = `{"query":"query { user(where: {email: {_eq: \"a@x.com\"}}) { id email } }"}`
	tests := []struct {
		name   string
		opts   []hasuratest.Option
		secret string
		body   string
		want   string
	}{
		{name: "data", secret: hasuratest.DefaultSecret, body: findQuery,
			want: `{"data":{"user":[{"id":1,"email":"a@x.com"}]}}`},
		{name: "missing secret", body: findQuery,
			want: `{"errors":[{"message":"x-hasura-admin-secret/x-hasura-access-key ` +
				`required, but not found","extensions":{"path":"$","code":"access-denied"}}]}`},
		{name: "wrong secret", secret: "nope", body: findQuery,
			want: `{"errors":[{"message":"invalid x-hasura-admin-secret/x-hasura-access-key",` +
				`"extensions":{"path":"$","code":"access-denied"}}]}`},
		{name: "untracked table", secret: hasuratest.DefaultSecret, body: findQuery,
			opts: []hasuratest.Option{hasuratest.WithoutTable("user")},
			want: `{"errors":[{"message":"field 'user' not found in type: 'query_root'",` +
				`"extensions":{"path":"$.selectionSet.user","code":"validation-failed"}}]}`},
		{name: "missing column", secret: hasuratest.DefaultSecret, body: findQuery,
			opts: []hasuratest.Option{hasuratest.WithoutColumn("user", "email")},
			want: `{"errors":[{"message":"field 'email' not found in type: 'user_bool_exp'",` +
				`"extensions":{"path":"$.selectionSet.user.args.where.email",` +
				`"code":"validation-failed"}}]}`},
		{name: "syntax error", secret: hasuratest.DefaultSecret, body: `{"query":"query {"}`,
			want: `{"errors":[{"message":"not a valid graphql query",` +
				`"extensions":{"path":"$.query","code":"validation-failed"}}]}`},
		{name: "duplicate email", secret: hasuratest.DefaultSecret,
			body: `{"query":"mutation { insert_user_one(object: {email: \"A@x.com\"}) { id } }"}`,
			opts: []hasuratest.Option{hasuratest.WithoutLowercaseCheck()},
			want: `{"errors":[{"message":"Uniqueness violation. duplicate key value violates ` +
				`unique constraint \"user_email_lower_key\"","extensions":{"path":` +
				`"$.selectionSet.insert_user_one.args.object","code":"constraint-violation"}}]}`},
		{name: "missing variable", secret: hasuratest.DefaultSecret,
			body: `{"query":"query Q($e: String!) { user(where: {email: {_eq: $e}}) { id } }"}`,
			want: `{"errors":[{"message":"expecting a value for non-nullable variable: \"e\"",` +
				`"extensions":{"path":"$","code":"validation-failed"}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := hasuratest.New(t, tt.opts...)
			srv.Seed("a@x.com", "h")
			status, body := post(t, srv, tt.secret, tt.body)
			if status != http.StatusOK {
				t.Errorf("status %d, want 200 as Hasura answers on /v1/graphql", status)
			}
			if body != tt.want {
				t.Errorf("body\n got %s\nwant %s", body, tt.want)
			}
		})
	}
}

func TestFailedInsertLeavesNoRow(t *testing.T) {
	srv := hasuratest.New(t)
	srv.Seed("a@x.com", "h")
	_, body := post(t, srv, srv.Secret,
		`{"query":"mutation { insert_user_one(object: {email: \"A@x.com\"}) { id } }"}`)
	if !strings.Contains(body, `"code":"permission-error"`) {
		t.Fatalf("body %s, want the lower-case check to refuse", body)
	}
	if n := len(srv.Users()); n != 1 {
		t.Fatalf("%d rows, want 1", n)
	}
}
