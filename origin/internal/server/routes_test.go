package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// Every answer of the origin is Hasura-shaped: no plain-text 404 or 405 and no
// redirect, whatever the path or method. The hop keeps its own routes.
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
		{"POST", "/x/../hop/v1/login", 404, "not_found"},
		{"GET", "/actions", 405, "method_not_allowed"},
		{"POST", "/login", 401, "unauthorized"},
	}
	o := start(t, testConfig(t), nil)
	client := o.http.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), tt.method,
				o.http.URL+tt.path, strings.NewReader("{}"))
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
			if tt.code != "" && tt.method != "HEAD" {
				wantError(t, resp.StatusCode, body, tt.status, tt.code)
			}
			if tt.code == "" && tt.method == "GET" && string(body) != `{"status":"ok"}` {
				t.Errorf("body %s", body)
			}
		})
	}
}

// The hop endpoints keep their own signed error shape, and exist only with an edge
// secret; without one, /hop/ is an unknown path like any other.
func TestHopRoutes(t *testing.T) {
	o := start(t, testConfig(t), nil)
	status, body := o.post("/hop/v1/login", nil, []byte("{}"))
	wantHopError(t, status, body, http.StatusUnauthorized, "unauthorized")

	cfg := testConfig(t)
	cfg.EdgeSecret = ""
	o = start(t, cfg, nil)
	status, body = o.post("/hop/v1/login", nil, []byte("{}"))
	wantError(t, status, body, http.StatusNotFound, "not_found")
}
