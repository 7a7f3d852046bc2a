package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/latchauth/latch/origin/internal/server"
	"github.com/latchauth/latch/origin/internal/store/hasura"
)

// hasuraActionTimeout is how long Hasura waits for an action's answer by default.
const hasuraActionTimeout = 30 * time.Second

// `latch serve`'s default timeouts on a request's path are each shorter than Hasura's
// action timeout, and so is a request that meets them all in turn: the queue for a
// hashing slot, then two calls to Hasura. Only the shutdown grace period, which no
// client waits on, is exempt. A new "-timeout" flag is checked without editing this.
func TestServeTimeoutDefaultsFitHasurasBudget(t *testing.T) {
	defaults := map[string]time.Duration{}
	for _, f := range serveFlags() {
		d, ok := f.(*cli.DurationFlag)
		if !ok || !strings.HasSuffix(d.Name, "-timeout") || d.Name == "shutdown-timeout" {
			continue
		}
		defaults[d.Name] = d.Value
		if d.Value <= 0 || d.Value >= hasuraActionTimeout {
			t.Errorf("--%s defaults to %v, want in (0, %v)", d.Name, d.Value,
				hasuraActionTimeout)
		}
	}
	queue, ok := defaults["queue-timeout"]
	if !ok {
		t.Fatal("no --queue-timeout flag")
	}
	store, ok := defaults["hasura-timeout"]
	if !ok {
		store = hasura.DefaultTimeout
	}

	// Argon2 at the default profile takes well under a second; allow 5 s for it.
	const hashing = 5 * time.Second
	if worst := queue + 2*store + hashing; worst >= hasuraActionTimeout {
		t.Errorf("queue %v + 2 × Hasura %v + hashing %v = %v, want under %v",
			queue, store, hashing, worst, hasuraActionTimeout)
	}
}

// The shipped metadata gives each action at least Hasura's default timeout, longer
// than anything Latch waits for (the edge's hop, the origin's write timeout), so that a
// slow request reaches the client as Latch's readable error, not as Hasura's timeout.
func TestShippedActionTimeoutOutlastsLatch(t *testing.T) {
	path := filepath.Join("..", "..", "..", "hasura", "metadata", "actions.yaml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	var found int
	for _, line := range strings.Split(string(b), "\n") {
		v, ok := strings.CutPrefix(strings.TrimSpace(line), "timeout:")
		if !ok {
			continue
		}
		found++
		secs, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			t.Fatalf("actions.yaml: %q: %v", line, err)
		}
		d := time.Duration(secs) * time.Second
		if d < hasuraActionTimeout || d <= server.WriteTimeout {
			t.Errorf("actions.yaml sets timeout %v, want at least %v (origin write "+
				"timeout %v)", d, hasuraActionTimeout, server.WriteTimeout)
		}
	}
	if found != 2 {
		t.Errorf("actions.yaml has %d timeouts, want one per action (2)", found)
	}
}
