package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"time"
)

// enumTarget is the hardening issue's bound on the ratio of the two latency medians,
// taken either way round.
const enumTarget = 1.10

// enumRun holds the answers of one enumeration run.
type enumRun struct {
	unknown, wrong []time.Duration
	first          *answer // every answer must equal this one
	mismatches     int
	firstMismatch  string
}

// check compares a to the first answer: same status, byte-identical body.
func (e *enumRun) check(kind string, a answer) {
	if e.first == nil && a.err == nil {
		e.first = &a
		return
	}
	if a.err == nil && a.status == e.first.status && bytes.Equal(a.body, e.first.body) {
		return
	}
	e.mismatches++
	if e.firstMismatch == "" {
		e.firstMismatch = fmt.Sprintf("%s: status %d err %v body %.120q (first: %d %.120q)",
			kind, a.status, a.err, a.body, e.first.status, e.first.body)
	}
}

// enumCommand logs in alternately with an unknown email and with the right email and a
// wrong password, one call at a time, and compares the two latency distributions and
// the answers (field case C-12).
func enumCommand(args []string, w io.Writer) error {
	fs := newFlags("enum")
	target := fs.String("url", "", "origin base URL (loopback only)")
	path := fs.String("creds", "", "credentials file written by signup")
	n := fs.Int("n", 200, "calls of each kind")
	warmup := fs.Int("warmup", 4, "uncounted calls of each kind first")
	mode := fs.String("mode", "", "how the origin runs, printed with the result")
	out := fs.String("out", "", "append the result to this JSON-lines file")
	timeout := fs.Duration("timeout", 3*time.Minute, "stop counting after this long")
	if err := fs.Parse(args); err != nil {
		return err
	}
	u, err := readCredentials(*path)
	if err != nil {
		return err
	}
	c, err := newClient(*target, 1)
	if err != nil {
		return err
	}

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	run := &enumRun{}
	for i := 0; i < *warmup+*n && ctx.Err() == nil; i++ {
		unknown := fmt.Sprintf("nobody-%d-%s@example.com", i, randomHex(4))
		a := c.call(ctx, actionBody("Login", unknown, u.Password))
		b := c.call(ctx, actionBody("Login", u.Email, "wrong-"+randomHex(8)))
		if i < *warmup {
			continue
		}
		run.check("unknown email", a)
		run.check("wrong password", b)
		if a.err == nil && b.err == nil {
			run.unknown, run.wrong = append(run.unknown, a.took), append(run.wrong, b.took)
		}
	}

	r := run.record(*mode, *n)
	printEnum(w, r)
	return appendRecord(*out, r)
}

func (e *enumRun) record(mode string, n int) record {
	r := record{
		Kind:          "enum",
		Mode:          mode,
		Unknown:       len(e.unknown),
		Wrong:         len(e.wrong),
		UnknownP50:    percentile(e.unknown, 50),
		UnknownP90:    percentile(e.unknown, 90),
		WrongP50:      percentile(e.wrong, 50),
		WrongP90:      percentile(e.wrong, 90),
		Mismatches:    e.mismatches,
		FirstMismatch: e.firstMismatch,
		Complete:      len(e.unknown) >= n && len(e.wrong) >= n,
		Load:          loadAverage(),
	}
	if e.first != nil {
		r.Status = e.first.status
	}
	if r.WrongP50 > 0 {
		r.Ratio = r.UnknownP50 / r.WrongP50
	}
	return r
}

// enumVerdict is PASS when the medians are within enumTarget of each other either way.
func enumVerdict(r record) string {
	if r.Ratio > 0 && math.Max(r.Ratio, 1/r.Ratio) <= enumTarget {
		return "PASS"
	}
	return "FAIL"
}

func printEnum(w io.Writer, r record) {
	fmt.Fprintf(w, "enumeration (%s), sequential, alternating, %d+%d calls, load %s\n",
		r.Mode, r.Unknown, r.Wrong, r.Load)
	fmt.Fprintf(w, "  unknown email:  p50 %7.1f ms  p90 %7.1f ms\n", r.UnknownP50, r.UnknownP90)
	fmt.Fprintf(w, "  wrong password: p50 %7.1f ms  p90 %7.1f ms\n", r.WrongP50, r.WrongP90)
	fmt.Fprintf(w, "  median ratio unknown/wrong %.3f: %s (target: within %.2f either way)\n",
		r.Ratio, enumVerdict(r), enumTarget)
	if r.Mismatches == 0 && r.Status != 0 {
		fmt.Fprintf(w, "  answers: PASS, all status %d with byte-identical bodies\n", r.Status)
	} else {
		fmt.Fprintf(w, "  answers: FAIL, %d differ from the first; first: %s\n",
			r.Mismatches, r.FirstMismatch)
	}
	if !r.Complete {
		fmt.Fprintln(w, "  FAIL: the run stopped at its time bound before all calls were made")
	}
}
