package app_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// Every answer of the edge is Hasura-shaped, as the origin's: no plain-text 404 or
// 405 and no redirect, whatever the path or method.
func TestRoutesAnswerHasuraShaped(t *testing.T) {
	tests := []struct {
		method string
		path   string
		status int
		code   string // "" for the healthz answer
	}{
		{"GET", "/healthz", 200, ""},
		{"HEAD", "/healthz", 200, ""},
		{"POST", "/healthz", 405, "method_not_allowed"},
		{"PUT", "/healthz", 405, "method_not_allowed"},
		{"POST", "/ACTIONS", 404, "not_found"},
		{"POST", "/actions;x", 404, "not_found"},
		{"POST", "//actions", 404, "not_found"},
		{"POST", "/./actions", 404, "not_found"},
		{"POST", "/x/../actions", 404, "not_found"},
		{"POST", "/actions/", 404, "not_found"},
		{"GET", "/admin", 404, "not_found"},
		{"POST", "/hop/v1/login", 404, "not_found"},
		{"GET", "/actions", 405, "method_not_allowed"},
		{"POST", "/login", 401, "unauthorized"},
	}
	origin := newOrigin(t)
	edge := newEdge(t, validConfig(origin.URL))
	client := edge.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), tt.method,
				edge.URL+tt.path, strings.NewReader("{}"))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}

			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d (%s)", resp.StatusCode, tt.status, body)
			}
			if tt.method == "HEAD" {
				return
			}
			if tt.code == "" {
				if string(body) != `{"status":"ok"}` {
					t.Errorf("body %s", body)
				}
				return
			}
			var e struct {
				Message    string `json:"message"`
				Extensions struct {
					Code string `json:"code"`
				} `json:"extensions"`
			}
			if err := json.Unmarshal(body, &e); err != nil || e.Message == "" ||
				e.Extensions.Code != tt.code {
				t.Errorf("body %s, want a message and code %q", body, tt.code)
			}
		})
	}
	if n := origin.calls.Load(); n != 0 {
		t.Errorf("the origin was called %d times", n)
	}
}
