package server_test

import (
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/latchauth/latch/origin/internal/password"
	"github.com/latchauth/latch/origin/internal/server"
	"github.com/latchauth/latch/origin/internal/store/hasura"
)

// hasuraActionTimeout is how long Hasura waits for an action's answer by default.
const hasuraActionTimeout = 30 * time.Second

// The embedded store fails under signups in flight (it is closed under the running
// server). Each signup either completes or leaves nothing: every failure is a
// Hasura-shaped error, and once the store is back, each failed email signs up as new
// while each successful one logs in and is a duplicate. No email is stored twice.
func TestEmbeddedStoreFailsMidSignup(t *testing.T) {
	cfg := testConfig(t)
	o := start(t, cfg, nil)

	const n = 8
	ok := make([]bool, n+1)
	var wg sync.WaitGroup
	first := make(chan struct{}, n)
	for i := range n {
		wg.Go(func() {
			status, body := o.call("Signup", emailN(i), "correct horse 40")
			ok[i] = status == http.StatusOK
			if !ok[i] {
				wantError(t, status, body, http.StatusInternalServerError, "internal")
			}
			first <- struct{}{}
		})
	}
	<-first // at least one is through; the others race the failure
	if err := o.srv.Close(); err != nil {
		t.Fatalf("closing the store: %v", err)
	}
	wg.Wait()

	// After the failure, for certain.
	status, body := o.call("Signup", emailN(n), "correct horse 40")
	wantError(t, status, body, http.StatusInternalServerError, "internal")
	wantNoDatabaseWords(t, body)
	o.http.Close()

	o = start(t, cfg, nil) // the store is back
	for i := range n + 1 {
		status, body := o.call("Signup", emailN(i), "correct horse 40")
		switch {
		case ok[i]:
			wantError(t, status, body, http.StatusConflict, "email_taken")
		case status != http.StatusOK:
			t.Errorf("%s failed before; signing up again: %d %s, want 200",
				emailN(i), status, body)
		}
		verifyToken(t, loginToken(t, o, emailN(i), "correct horse 40"))
	}
	o.stop()
	if got := countUsers(t, cfg.DataDir); got != n+1 {
		t.Errorf("%d users stored, want %d", got, n+1)
	}
}

func emailN(i int) string { return fmt.Sprintf("user%d@example.com", i) }

// A stored hash asking for more than the hasher's limits is refused before hashing
// with its parameters (only the dummy verification at the server's small test profile
// runs): the login answers invalid credentials promptly and allocates nowhere near the
// memory the hash asks for. Each row is just past one limit, so a check that slipped
// to after hashing would cost at least 256 MiB (field case: a corrupt row is not a
// DoS).
func TestCorruptHashIsNotHashedWithItsParameters(t *testing.T) {
	const salt, tag = "c29tZXNhbHRzb21lc2FsdA", "GpZ3sK/oH9p7VIiV56G/64Zo/8GaUw434IimaPqxwCo"
	lim := password.DefaultLimits
	tests := []struct {
		name    string
		m, t, p uint32
	}{
		{"memory one KiB above the cap", lim.MaxMemory + 1, 1, 1},
		{"passes above the cap", lim.MaxMemory, lim.MaxTime + 1, 1},
		{"lanes above the cap", lim.MaxMemory, 1, uint32(lim.MaxThreads) + 1},
		{"everything huge", 1<<32 - 1, 1<<32 - 1, 1<<32 - 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			hash := fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s",
				tt.m, tt.t, tt.p, salt, tag)
			st := openStore(t, cfg.DataDir)
			_, err := st.Create(t.Context(), "corrupt@example.com", hash)
			st.Close()
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			o := start(t, cfg, nil)
			o.call("Login", "nobody@example.com", "warm-up") // first-use allocations

			var status int
			var body []byte
			start := time.Now()
			allocated := bytesAllocated(func() {
				status, body = o.call("Login", "corrupt@example.com", "password123")
			})
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("answered after %v", took)
			}
			if status != http.StatusUnauthorized || string(body) != invalidCredentials {
				t.Errorf("Login: %d %s, want 401 %s", status, body, invalidCredentials)
			}
			if allocated > 16<<20 {
				t.Errorf("the login allocated %d MiB; the hash asks for %d MiB",
					allocated>>20, tt.m>>10)
			}
		})
	}
}

// bytesAllocated reports how many heap bytes the process allocated while f ran.
// Tests using it are not parallel.
func bytesAllocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Every timeout that bounds an origin request by default is shorter than Hasura's
// action timeout, and so is the worst case of one login or signup that waits for
// them all in turn: the queue for a hashing slot, then two calls to Hasura (find and
// rehash, or hash and insert). Raising one past the budget fails here.
//
// The HTTP server's WriteTimeout is a literal inside Server.Serve, not readable
// here; it ends a connection, not the work, which the bounds below already cap.
func TestDefaultTimeoutsFitHasurasBudget(t *testing.T) {
	for name, d := range map[string]time.Duration{
		"server.DefaultQueueTimeout": server.DefaultQueueTimeout,
		"hasura.DefaultTimeout":      hasura.DefaultTimeout,
	} {
		if d <= 0 || d >= hasuraActionTimeout {
			t.Errorf("%s = %v, want in (0, %v)", name, d, hasuraActionTimeout)
		}
	}

	// Argon2 at the default profile takes well under a second; allow 5 s for it.
	const hashing = 5 * time.Second
	worst := server.DefaultQueueTimeout + 2*hasura.DefaultTimeout + hashing
	if worst >= hasuraActionTimeout {
		t.Errorf("queue %v + 2 × Hasura %v + hashing %v = %v, want under %v",
			server.DefaultQueueTimeout, hasura.DefaultTimeout, hashing, worst,
			hasuraActionTimeout)
	}
}
