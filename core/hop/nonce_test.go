package hop

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestMemoryNonceCache(t *testing.T) {
	c := NewMemoryNonceCache(2)
	until := epoch.Add(time.Minute)

	steps := []struct {
		nonce string
		now   time.Time
		want  error
	}{
		{"a", epoch, nil},
		{"a", epoch.Add(time.Second), ErrReplay},
		{"b", epoch, nil},
		{"c", epoch, ErrNonceCacheFull}, // full of live nonces: refuse, forget none
		{"a", until, ErrReplay},         // still live at its expiry instant
		{"a", until.Add(time.Nanosecond), nil},
		{"c", until.Add(time.Second), nil}, // "b" expired too, making room
	}
	for i, s := range steps {
		var err error
		if s.nonce == "a" && s.now.After(until) {
			err = c.Remember(s.nonce, s.now, s.now.Add(time.Minute))
		} else {
			err = c.Remember(s.nonce, s.now, until)
		}
		if !errors.Is(err, s.want) {
			t.Fatalf("step %d: Remember(%q) = %v, want %v", i, s.nonce, err, s.want)
		}
	}
	if c.Len() != 2 {
		t.Errorf("Len() = %d, want 2", c.Len())
	}
}

func TestMemoryNonceCacheConcurrent(t *testing.T) {
	c := NewMemoryNonceCache(1000)
	var accepted atomic.Int32
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			for j := range 20 {
				// Every nonce is offered twice, by goroutines i and i^1.
				n := fmt.Sprintf("%d-%d", i/2, j)
				if c.Remember(n, epoch, epoch.Add(time.Minute)) == nil {
					accepted.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if got := accepted.Load(); got != 500 {
		t.Errorf("accepted %d nonces, want each of 500 exactly once", got)
	}
}
