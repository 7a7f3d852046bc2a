package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// riseThreshold is the gain below which doubling the concurrency counts as no longer
// raising throughput.
const riseThreshold = 1.10

// maxLevel caps the concurrency plan asks for.
const maxLevel = 64

// measuredLevels returns the capacity records that ran, one per concurrency (the last
// one wins), in increasing concurrency.
func measuredLevels(recs []record) []record {
	by := map[int]record{}
	for _, r := range recs {
		if r.Kind == "capacity" && r.Skipped == "" {
			by[r.C] = r
		}
	}
	out := make([]record, 0, len(by))
	for _, r := range by {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b record) int { return a.C - b.C })
	return out
}

// capacityLevel returns the concurrency where throughput stops rising: the first level
// whose next measured level gains less than riseThreshold. If every step still gains,
// it returns the highest level and rising is true. levels is sorted by concurrency.
func capacityLevel(levels []record) (conc int, rising bool) {
	if len(levels) == 0 {
		return 0, false
	}
	for i := 0; i+1 < len(levels); i++ {
		if levels[i+1].PerSecond < levels[i].PerSecond*riseThreshold {
			return levels[i].C, false
		}
	}
	return levels[len(levels)-1].C, true
}

// planCommand prints the concurrency levels at 2x and 4x capacity that are not
// measured yet, separated by spaces (nothing when none are missing).
func planCommand(args []string, w io.Writer) error {
	fs := newFlags("plan")
	in := fs.String("in", "", "JSON-lines results file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	recs, err := readRecords(*in)
	if err != nil {
		return err
	}
	done := map[int]bool{}
	for _, r := range recs {
		if r.Kind == "capacity" {
			done[r.C] = true
		}
	}
	levels := measuredLevels(recs)
	capC, _ := capacityLevel(levels)
	var need []string
	for _, m := range []int{2, 4} {
		if c := capC * m; c > 0 && c <= maxLevel && !done[c] {
			need = append(need, strconv.Itoa(c))
		}
	}
	fmt.Fprintln(w, strings.Join(need, " "))
	return nil
}

// summaryCommand prints the compact table of every result in -in.
func summaryCommand(args []string, w io.Writer) error {
	fs := newFlags("summary")
	in := fs.String("in", "", "JSON-lines results file")
	slots := fs.String("slots", "", "--argon2-slots default from serve --help (empty: none)")
	budget := fs.String("budget", "", "--memory-budget default from serve --help")
	hashMiB := fs.Int("hash-mib", 64, "Argon2 memory per hash in MiB")
	profile := fs.String("profile", "", "Argon2 profile, printed as given")
	if err := fs.Parse(args); err != nil {
		return err
	}
	recs, err := readRecords(*in)
	if err != nil {
		return err
	}

	s := summary{w: w, slots: *slots, budget: *budget, hashMiB: *hashMiB}
	fmt.Fprintf(w, "== latch bench summary ==\nmachine: %d CPUs, shared with other work: "+
		"figures are noisy; Argon2id %s\n", runtime.NumCPU(), *profile)
	enums := 0
	for _, r := range recs {
		if r.Kind == "enum" {
			s.enum(r)
			enums++
		}
	}
	if enums == 0 {
		s.fail("no enumeration result")
	}
	s.capacity(recs)
	s.admission(measuredLevels(recs))
	fmt.Fprintf(w, "verdict: %d FAIL line(s)\n", s.fails)
	return nil
}

// summary writes the summary table and counts its FAIL lines.
type summary struct {
	w       io.Writer
	slots   string
	budget  string
	hashMiB int
	fails   int
}

func (s *summary) fail(format string, args ...any) {
	s.fails++
	fmt.Fprintf(s.w, "  FAIL: "+format+"\n", args...)
}

func (s *summary) enum(r record) {
	verdict := enumVerdict(r)
	fmt.Fprintf(s.w, "enumeration [%s] %d+%d calls, load %s\n", r.Mode, r.Unknown, r.Wrong,
		r.Load)
	fmt.Fprintf(s.w, "  unknown email p50 %.1f / p90 %.1f ms; wrong password p50 %.1f / "+
		"p90 %.1f ms\n", r.UnknownP50, r.UnknownP90, r.WrongP50, r.WrongP90)
	fmt.Fprintf(s.w, "  median ratio %.3f: %s (target within %.2f)\n", r.Ratio, verdict,
		enumTarget)
	if verdict != "PASS" {
		s.fails++
	}
	if r.Mismatches > 0 || r.Status == 0 {
		s.fail("%d answers differ in status or body: %s", r.Mismatches, r.FirstMismatch)
	} else {
		fmt.Fprintf(s.w, "  answers: PASS, all %d with byte-identical bodies\n", r.Status)
	}
	if !r.Complete {
		s.fail("enumeration stopped at its time bound")
	}
}

func (s *summary) capacity(recs []record) {
	levels := measuredLevels(recs)
	capC, rising := capacityLevel(levels)
	labels := map[int]string{capC: "1x", capC * 2: "2x", capC * 4: "4x"}

	fmt.Fprintln(s.w, "capacity: valid logins of one user, throttling off, "+
		"origin restarted per level, peak RSS is VmHWM")
	fmt.Fprintf(s.w, "  %4s %6s %8s %7s %7s %8s  %-14s  %-5s %s\n", "C", "calls",
		"logins/s", "p50 ms", "p99 ms", "peak MiB", "load 1/5/15", "label", "statuses")
	for _, r := range levels {
		fmt.Fprintf(s.w, "  %4d %6d %8.1f %7.0f %7.0f %8d  %-14s  %-5s %s\n", r.C,
			r.Requests, r.PerSecond, r.P50, r.P99, r.PeakRSSKiB>>10, r.Load, labels[r.C],
			statusList(r.ByStatus))
	}
	for _, r := range recs {
		if r.Kind == "capacity" && r.Skipped != "" {
			fmt.Fprintf(s.w, "  %4d skipped: %s\n", r.C, r.Skipped)
		}
	}
	for _, r := range levels {
		if n := serverErrors(r.ByStatus); n > 0 {
			s.fail("c=%d: %d calls answered 5xx or not at all", r.C, n)
		}
	}
	if capC == 0 {
		s.fail("no capacity level was measured")
		return
	}
	note := fmt.Sprintf("the first level the next doubling raises by less than %.0f%%",
		(riseThreshold-1)*100)
	if rising {
		note = "throughput still rose at the highest level measured"
	}
	fmt.Fprintf(s.w, "  capacity (1x) = c=%d: %s\n", capC, note)
	for _, m := range []int{1, 2, 4} {
		if r, ok := levelOf(levels, capC*m); ok {
			fmt.Fprintf(s.w, "  %dx (c=%d): %.1f logins/s, p50 %.0f ms, p99 %.0f ms, "+
				"peak RSS %d MiB\n", m, r.C, r.PerSecond, r.P50, r.P99, r.PeakRSSKiB>>10)
		} else {
			fmt.Fprintf(s.w, "  %dx (c=%d): not measured\n", m, capC*m)
		}
	}
}

func levelOf(levels []record, conc int) (record, bool) {
	for _, r := range levels {
		if r.C == conc {
			return r, true
		}
	}
	return record{}, false
}

// admission prints the origin's admission control settings and compares each level's
// peak RSS with K x memory per hash x 1.5 + 64 MiB.
func (s *summary) admission(levels []record) {
	if s.slots == "" && s.budget == "" {
		fmt.Fprintln(s.w, "admission control: serve --help lists no --argon2-slots or "+
			"--memory-budget; no RSS bound to compare")
		return
	}
	fmt.Fprintf(s.w, "admission control: --argon2-slots %s, --memory-budget %s\n",
		orNone(s.slots), orNone(s.budget))
	k, err := strconv.Atoi(s.slots)
	if err != nil || k <= 0 {
		fmt.Fprintln(s.w, "  K is not a fixed number in the help text; no RSS bound computed")
		return
	}
	bound := float64(k*s.hashMiB)*1.5 + 64
	fmt.Fprintf(s.w, "  RSS bound K x %d MiB x 1.5 + 64 MiB = %.0f MiB (K=%d)\n",
		s.hashMiB, bound, k)
	for _, r := range levels {
		if peak := float64(r.PeakRSSKiB) / 1024; peak > bound {
			s.fail("c=%d: peak RSS %.0f MiB is over the bound %.0f MiB", r.C, peak, bound)
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "(not listed)"
	}
	return s
}
