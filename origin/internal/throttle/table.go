package throttle

import (
	"container/list"
	"time"
)

// pendingWait is the retry hint when a key is at its limit only because attempts are
// still running: their outcomes, due within moments, decide whether it stays blocked.
const pendingWait = time.Second

// key identifies an account or a client: a salted digest, never the value itself.
type key [16]byte

// outcome is how a finished attempt changes its counters.
type outcome int

const (
	ignored   outcome = iota // the attempt does not count (a service-side failure)
	counted                  // the attempt counts towards the limit
	succeeded                // a success: tables that reset on success forget the key
)

// table counts events per key in a sliding window. A key is blocked while its events
// younger than the window, plus its running attempts, reach the limit. Times are
// offsets from the owning Accounts' epoch. The caller holds the lock.
type table struct {
	limit
	resets  bool // whether a succeeded outcome forgets the key's events
	maxKeys int
	entries map[key]*entry
	order   list.List // of *entry, least recently touched first
}

// entry is one key's state. It stays in the table only while it has events or
// running attempts.
type entry struct {
	key     key
	events  []time.Duration // oldest first, at most limit.n
	pending int             // admitted attempts not yet finished
	touched time.Duration
	elem    *list.Element // nil once the entry has left the table
}

func newTable(l limit, resets bool, maxKeys int) *table {
	return &table{limit: l, resets: resets, maxKeys: maxKeys, entries: map[key]*entry{}}
}

// blocked returns how long k must wait before its next attempt, or 0 if it may go now.
func (t *table) blocked(k key, now time.Duration) time.Duration {
	e := t.entries[k]
	if e == nil {
		return 0
	}
	e.prune(now - t.window)
	switch {
	case len(e.events)+e.pending < t.n:
		return 0
	case len(e.events) < t.n:
		return pendingWait
	}
	return e.events[0] + t.window - now
}

// reserve records a running attempt for k.
func (t *table) reserve(k key, now time.Duration) *entry {
	e := t.entries[k]
	if e == nil {
		e = t.add(k)
	}
	e.pending++
	t.touch(e, now)
	return e
}

// finish ends an attempt reserved on e. If e was evicted meanwhile, a counted event
// goes to the key's current entry, so eviction loses history but never a failure
// that happens afterwards.
func (t *table) finish(e *entry, now time.Duration, o outcome) {
	e.pending--
	if o == ignored || (o == succeeded && !t.resets) {
		t.settle(e, now)
		return
	}

	if e.elem == nil {
		k := e.key
		e = t.entries[k]
		if e == nil && o == succeeded {
			return
		}
		if e == nil {
			e = t.add(k)
		}
	}

	if o == succeeded {
		e.events = e.events[:0]
	} else {
		e.prune(now - t.window)
		if len(e.events) == t.n {
			e.events = append(e.events[:0], e.events[1:]...)
		}
		e.events = append(e.events, now)
	}
	t.settle(e, now)
}

// settle touches e, or drops it when it no longer holds anything.
func (t *table) settle(e *entry, now time.Duration) {
	if e.elem == nil {
		return
	}
	e.prune(now - t.window)
	if len(e.events) == 0 && e.pending == 0 {
		t.remove(e)
		return
	}
	t.touch(e, now)
}

// sweep drops the least recently touched entries whose events have all expired.
// Each entry is dropped once, so the cost is constant per call on average.
func (t *table) sweep(now time.Duration) {
	for f := t.order.Front(); f != nil; f = t.order.Front() {
		e := f.Value.(*entry)
		if e.pending > 0 || e.touched+t.window > now {
			return
		}
		t.remove(e)
	}
}

// add inserts an empty entry for k, evicting the least recently touched one if the
// table is full.
func (t *table) add(k key) *entry {
	if len(t.entries) >= t.maxKeys {
		t.remove(t.order.Front().Value.(*entry))
	}
	e := &entry{key: k}
	e.elem = t.order.PushBack(e)
	t.entries[k] = e
	return e
}

func (t *table) remove(e *entry) {
	delete(t.entries, e.key)
	t.order.Remove(e.elem)
	e.elem = nil
}

func (t *table) touch(e *entry, now time.Duration) {
	e.touched = max(e.touched, now)
	t.order.MoveToBack(e.elem)
}

// prune drops events at or before cutoff, reusing the slice so that its capacity
// never exceeds the limit.
func (e *entry) prune(cutoff time.Duration) {
	i := 0
	for i < len(e.events) && e.events[i] <= cutoff {
		i++
	}
	if i > 0 {
		e.events = append(e.events[:0], e.events[i:]...)
	}
}
