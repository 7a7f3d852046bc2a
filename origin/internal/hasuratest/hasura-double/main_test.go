package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRunServesUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-seed-email", "tut@example.com", "-seed-hash", "h",
			"-seed-role", "editor"}, "s3", w)
	}()

	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "http://127.0.0.1:") {
		t.Fatalf("first line %q (%v), want the URL", line, err)
	}
	body := `{"query":"query { user { email roles { role } } }"}`
	req, _ := http.NewRequest(http.MethodPost, strings.TrimSpace(line)+"/v1/graphql",
		strings.NewReader(body))
	req.Header.Set("x-hasura-admin-secret", "s3")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	want := `{"data":{"user":[{"email":"tut@example.com","roles":[{"role":"editor"}]}]}}`
	if string(got) != want {
		t.Fatalf("body %s, want %s", got, want)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run did not return after cancel")
	}
}

func TestRunRefuses(t *testing.T) {
	tests := []struct {
		name, secret, wantErr string
		args                  []string
	}{
		{"no secret", "", "HASURA_GRAPHQL_ADMIN_SECRET", nil},
		{"public address", "s", "loopback", []string{"-listen", "0.0.0.0:0"}},
		{"host name", "s", "loopback", []string{"-listen", "localhost:0"}},
		{"email without hash", "s", "go together", []string{"-seed-email", "a@x.com"}},
		{"mixed-case seed", "s", "lower-case",
			[]string{"-seed-email", "A@x.com", "-seed-hash", "h"}},
		{"bad select", "s", "ROLE=COL", []string{"-select", "user"}},
		{"stray argument", "s", "unexpected", []string{"serve"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(t.Context(), tt.args, tt.secret, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("run: %v, want an error mentioning %q", err, tt.wantErr)
			}
		})
	}
}
