package app_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/latchauth/latch/core/hop"
	"github.com/latchauth/latch/edge/internal/app"
	"github.com/latchauth/latch/edge/internal/hopclient"
)

// hasuraActionTimeout is how long Hasura waits for an action's answer by default.
const hasuraActionTimeout = 30 * time.Second

// unavailableBody is the edge's whole answer when the origin is unusable.
const unavailableBody = `{"message":"Authentication is temporarily unavailable",` +
	`"extensions":{"code":"unavailable"}}`

// dyingOrigin runs the real hop handler but lets fail interfere with its answer. fail
// gets the request, already read, and the answer the origin meant to give.
func dyingOrigin(t *testing.T,
	fail func(w http.ResponseWriter, r *http.Request, meant *httptest.ResponseRecorder),
) *httptest.Server {
	t.Helper()
	h := newOrigin(t).Config.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		meant := httptest.NewRecorder()
		h.ServeHTTP(meant, r)
		fail(w, r, meant)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// hijack takes over the connection of w, failing the test if it cannot.
func hijack(t *testing.T, w http.ResponseWriter) (net.Conn, *bufio.ReadWriter) {
	t.Helper()
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		panic(http.ErrAbortHandler)
	}
	return conn, rw
}

// The origin may die at any point of a hop: after reading the request, half way
// through its answer, with a reset, or behind a proxy that answers an HTML 500. The
// edge answers each, for signup and login alike, with the same prompt Hasura-shaped
// 424 that names neither the origin nor any secret (C-20).
func TestOriginDiesMidRequest(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })

	tests := []struct {
		name string
		fail func(t *testing.T, w http.ResponseWriter, r *http.Request,
			meant *httptest.ResponseRecorder)
	}{
		{"closes without answering", func(t *testing.T, w http.ResponseWriter,
			_ *http.Request, _ *httptest.ResponseRecorder) {
			conn, _ := hijack(t, w)
			_ = conn.Close()
		}},
		{"resets the connection", func(t *testing.T, w http.ResponseWriter,
			_ *http.Request, _ *httptest.ResponseRecorder) {
			conn, _ := hijack(t, w)
			if tcp, ok := conn.(*net.TCPConn); ok {
				_ = tcp.SetLinger(0) // Close sends RST instead of FIN
			}
			_ = conn.Close()
		}},
		{"truncates its signed answer", func(t *testing.T, w http.ResponseWriter,
			_ *http.Request, meant *httptest.ResponseRecorder) {
			if meant.Header().Get(hop.HeaderSignature) == "" {
				t.Error("the origin's answer carries no signature to keep")
			}
			conn, rw := hijack(t, w)
			defer conn.Close()
			body := meant.Body.Bytes()
			fmt.Fprintf(rw, "HTTP/1.1 %d %s\r\n", meant.Code, http.StatusText(meant.Code))
			meant.Header().Set("Content-Length", fmt.Sprint(len(body)))
			_ = meant.Header().Write(rw)
			_, _ = rw.WriteString("\r\n")
			_, _ = rw.Write(body[:len(body)/2])
			_ = rw.Flush()
		}},
		{"stalls before answering", func(_ *testing.T, _ http.ResponseWriter,
			r *http.Request, _ *httptest.ResponseRecorder) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}},
		{"stalls after its headers", func(t *testing.T, w http.ResponseWriter,
			r *http.Request, meant *httptest.ResponseRecorder) {
			for k, v := range meant.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(meant.Code)
			_ = http.NewResponseController(w).Flush()
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}},
		{"answers an HTML 500", func(_ *testing.T, w http.ResponseWriter,
			_ *http.Request, _ *httptest.ResponseRecorder) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(w, "<html><body><h1>500 Internal Server Error</h1>"+
				"<p>upstream at 10.1.2.3:8090 crashed</p></body></html>")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			origin := dyingOrigin(t, func(w http.ResponseWriter, r *http.Request,
				meant *httptest.ResponseRecorder) {
				tt.fail(t, w, r, meant)
			})
			edge := newEdge(t, validConfig(origin.URL), app.WithHopTimeout(500*time.Millisecond))

			for _, action := range []string{"Signup", "Login"} {
				start := time.Now()
				status, body := call(t, edge.URL+"/actions", actionSecret, action,
					"ana@example.com", "correct horse 1")
				if took := time.Since(start); took > 5*time.Second {
					t.Errorf("%s answered after %v", action, took)
				}
				if status != http.StatusFailedDependency || body != unavailableBody {
					t.Errorf("%s: got %d %s, want 424 %s", action, status, body,
						unavailableBody)
				}
				noLeaks(t, body, origin.URL, strings.TrimPrefix(origin.URL, "http://"),
					"10.1.2.3", "html")
			}
		})
	}
}

// Every timeout that bounds an edge request by default leaves the client an answer
// before Hasura gives up on the action, so a slow origin is reported as unavailable
// rather than as Hasura's opaque timeout. Raising one past the budget fails here.
func TestDefaultTimeoutsFitHasurasBudget(t *testing.T) {
	for name, d := range map[string]time.Duration{
		"hopclient.DefaultTimeout": hopclient.DefaultTimeout,
		"app.DefaultHopTimeout":    app.DefaultHopTimeout,
	} {
		if d <= 0 || d >= hasuraActionTimeout {
			t.Errorf("%s = %v, want in (0, %v)", name, d, hasuraActionTimeout)
		}
	}
}
