package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// capacityRun is one concurrency level's settings.
type capacityRun struct {
	conc     int
	duration time.Duration
	max      int
	warmup   int // uncounted calls per worker before the clock starts
	pid      int
}

// capacityCommand runs valid logins at a fixed concurrency until -duration has passed
// or -max calls were made, whichever comes first, and reports throughput, latency,
// answers by status and the origin's peak RSS.
func capacityCommand(args []string, w io.Writer) error {
	fs := newFlags("capacity")
	target := fs.String("url", "", "origin base URL (loopback only)")
	path := fs.String("creds", "", "credentials file written by signup")
	conc := fs.Int("c", 1, "calls in flight")
	duration := fs.Duration("duration", 8*time.Second, "stop starting calls after this long")
	maxCalls := fs.Int("max", 400, "stop starting calls after this many")
	warmup := fs.Int("warmup", 1, "uncounted calls per worker first (RSS still counts them)")
	pid := fs.Int("pid", 0, "origin process whose RSS to report (0: none)")
	hashMiB := fs.Int("hash-mib", 64, "Argon2 memory per hash in MiB, for the memory guard")
	slots := fs.Int("slots", 0, "hashes the origin runs at once if it caps them (0: unknown)")
	out := fs.String("out", "", "append the result to this JSON-lines file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *conc < 1 || *maxCalls < 1 || *duration <= 0 {
		return fmt.Errorf("-c, -max and -duration must be positive")
	}
	u, err := readCredentials(*path)
	if err != nil {
		return err
	}
	c, err := newClient(*target, *conc)
	if err != nil {
		return err
	}

	if why := memoryGuard(*conc, *slots, *hashMiB); why != "" {
		r := record{Kind: "capacity", C: *conc, Skipped: why, Load: loadAverage()}
		fmt.Fprintf(w, "capacity c=%d: skipped: %s\n", *conc, why)
		return appendRecord(*out, r)
	}
	run := capacityRun{
		conc: *conc, duration: *duration, max: *maxCalls, warmup: *warmup, pid: *pid,
	}
	r := run.measure(c, actionBody("Login", u.Email, u.Password))
	printCapacity(w, r)
	return appendRecord(*out, r)
}

// memoryGuard refuses a level whose worst case, at Go's measured ~2x of the Argon2
// memory per hash in flight, would take more than half of the machine's available
// memory, which other processes share. It returns why, or "".
func memoryGuard(conc, slots, hashMiB int) string {
	inFlight := conc
	if slots > 0 {
		inFlight = min(conc, slots)
	}
	needKiB := int64(inFlight*hashMiB*2+64) << 10
	avail, err := memAvailableKiB()
	if err != nil || needKiB <= avail/2 {
		return ""
	}
	return fmt.Sprintf("worst case %d MiB is over half of MemAvailable %d MiB",
		needKiB>>10, avail>>10)
}

// measure runs the level and returns its record.
func (run capacityRun) measure(c *client, body []byte) record {
	ctx, cancel := context.WithTimeout(context.Background(), run.duration+requestTimeout)
	defer cancel()
	peak := sampleRSS(ctx, run.pid)
	run.warm(ctx, c, body)

	start := time.Now()
	stopAt := start.Add(run.duration)
	var issued atomic.Int64
	answers := make([][]answer, run.conc)
	var wg sync.WaitGroup
	for i := range run.conc {
		wg.Go(func() {
			for time.Now().Before(stopAt) && issued.Add(1) <= int64(run.max) {
				a := c.call(ctx, body)
				a.body = nil // a token: nothing to keep
				answers[i] = append(answers[i], a)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	cancel()

	r := tally(slices.Concat(answers...), elapsed)
	r.C, r.Load = run.conc, loadAverage()
	r.PeakRSSKiB, r.RSSSource = <-peak, "VmRSS sampled every 100 ms"
	if hwm, err := procStatusKiB(run.pid, "VmHWM"); run.pid > 0 && err == nil {
		r.PeakRSSKiB, r.RSSSource = hwm, "VmHWM"
	}
	return r
}

// warm makes each worker's first calls, uncounted, so that a freshly started origin's
// first allocations and connections do not weigh on a short level.
func (run capacityRun) warm(ctx context.Context, c *client, body []byte) {
	var wg sync.WaitGroup
	for range run.conc {
		wg.Go(func() {
			for range run.warmup {
				c.call(ctx, body)
			}
		})
	}
	wg.Wait()
}

// tally counts answers by status and computes throughput of successful logins and
// latency percentiles over every answered call.
func tally(answers []answer, elapsed time.Duration) record {
	r := record{Kind: "capacity", Requests: len(answers), ByStatus: map[string]int{},
		Seconds: elapsed.Seconds()}
	var took []time.Duration
	for _, a := range answers {
		if a.err != nil {
			r.ByStatus["error"]++
			continue
		}
		r.ByStatus[strconv.Itoa(a.status)]++
		took = append(took, a.took)
		if a.status == http.StatusOK {
			r.OK++
		}
	}
	r.PerSecond = float64(r.OK) / elapsed.Seconds()
	r.P50, r.P99 = percentile(took, 50), percentile(took, 99)
	return r
}

// sampleRSS reads the VmRSS of pid every 100 ms until ctx is done, then sends the
// largest value seen (0 without a pid) on the returned channel.
func sampleRSS(ctx context.Context, pid int) <-chan int64 {
	out := make(chan int64, 1)
	go func() {
		var peak int64
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for pid > 0 {
			if kib, err := procStatusKiB(pid, "VmRSS"); err == nil {
				peak = max(peak, kib)
			}
			select {
			case <-ctx.Done():
				out <- peak
				return
			case <-tick.C:
			}
		}
		out <- peak
	}()
	return out
}

// statusList formats answers by status, in order, e.g. "200:120 429:3".
func statusList(by map[string]int) string {
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s:%d", k, by[k])
	}
	return strings.Join(parts, " ")
}

// serverErrors counts 5xx answers and calls that got no answer.
func serverErrors(by map[string]int) int {
	n := by["error"]
	for k, v := range by {
		if code, err := strconv.Atoi(k); err == nil && code >= 500 {
			n += v
		}
	}
	return n
}

func printCapacity(w io.Writer, r record) {
	fmt.Fprintf(w, "capacity c=%d: %d calls in %.1f s, %.1f logins/s, p50 %.0f ms, "+
		"p99 %.0f ms, [%s], peak RSS %d MiB (%s), load %s\n",
		r.C, r.Requests, r.Seconds, r.PerSecond, r.P50, r.P99, statusList(r.ByStatus),
		r.PeakRSSKiB>>10, r.RSSSource, r.Load)
	if n := serverErrors(r.ByStatus); n > 0 {
		fmt.Fprintf(w, "  FAIL: %d calls answered 5xx or not at all\n", n)
	}
}
