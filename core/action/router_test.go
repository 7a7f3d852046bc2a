package action_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/latchauth/latch/core/action"
	"github.com/latchauth/latch/core/apierr"
)

// named answers 200 with its name, to show which handler a request reached.
type named string

func (n named) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	_, _ = w.Write([]byte(n))
}

func TestRouter(t *testing.T) {
	tests := []struct {
		name   string
		method string
		path   string
		status int
		code   apierr.Code // for errors
		body   string      // for answers
	}{
		{"root", "POST", "/", 200, "", "actions"},
		{"actions", "POST", "/actions", 200, "", "actions"},
		{"signup", "POST", "/signup", 200, "", "actions"},
		{"login, any method", "GET", "/login", 200, "", "actions"},
		{"mounted prefix", "POST", "/hop/v1/login", 200, "", "hop"},
		{"mounted prefix, unknown below", "POST", "/hop/x", 200, "", "hop"},
		{"healthz", "GET", "/healthz", 200, "", `{"status":"ok"}`},
		{"healthz HEAD", "HEAD", "/healthz", 200, "", `{"status":"ok"}`},
		{"healthz POST", "POST", "/healthz", 405, apierr.MethodNotAllowed, ""},
		{"healthz DELETE", "DELETE", "/healthz", 405, apierr.MethodNotAllowed, ""},
		{"upper case", "POST", "/ACTIONS", 404, apierr.NotFound, ""},
		{"path parameter", "POST", "/actions;x", 404, apierr.NotFound, ""},
		{"double slash", "POST", "//actions", 404, apierr.NotFound, ""},
		{"dot segment", "POST", "/./actions", 404, apierr.NotFound, ""},
		{"dot-dot segment", "POST", "/x/../actions", 404, apierr.NotFound, ""},
		{"dot-dot into a mount", "POST", "/x/../hop/v1/login", 404, apierr.NotFound, ""},
		{"double slash in a mount", "POST", "/hop//v1/login", 404, apierr.NotFound, ""},
		{"unclean healthz", "GET", "//healthz", 404, apierr.NotFound, ""},
		{"trailing slash", "POST", "/actions/", 404, apierr.NotFound, ""},
		{"healthz trailing slash", "GET", "/healthz/", 404, apierr.NotFound, ""},
		{"mount without its slash", "POST", "/hop", 404, apierr.NotFound, ""},
		{"unknown", "GET", "/admin", 404, apierr.NotFound, ""},
		{"prefix of a route", "POST", "/log", 404, apierr.NotFound, ""},
	}
	var logs bytes.Buffer
	rt := action.NewRouter(named("actions"), slog.New(slog.NewJSONHandler(&logs, nil)))
	rt.Mount("/hop/", named("hop"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs.Reset()
			w := httptest.NewRecorder()
			rt.ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, nil))

			if w.Code != tt.status {
				t.Fatalf("%s %s: status %d, want %d (%s)", tt.method, tt.path, w.Code,
					tt.status, w.Body)
			}
			if w.Header().Get("Location") != "" {
				t.Errorf("answer redirects to %q", w.Header().Get("Location"))
			}
			if tt.code == "" {
				if w.Body.String() != tt.body {
					t.Errorf("body %q, want %q", w.Body, tt.body)
				}
				return
			}
			if code := hasuraError(t, w); code != string(tt.code) {
				t.Errorf("code %q, want %q", code, tt.code)
			}
			if !strings.Contains(logs.String(), `"code":"`+string(tt.code)+`"`) {
				t.Errorf("the refusal was not logged: %q", logs.String())
			}
			if tt.status == 405 && w.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("Allow = %q, want GET, HEAD", w.Header().Get("Allow"))
			}
		})
	}
}
