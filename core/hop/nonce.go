package hop

import (
	"container/heap"
	"sync"
	"time"
)

// NonceCache remembers the nonces of accepted requests, so that a captured request
// cannot be replayed while its timestamp is still inside the window.
type NonceCache interface {
	// Remember records nonce as used until expires. It returns ErrReplay if nonce is
	// already recorded and not expired at now, and ErrNonceCacheFull if it cannot
	// record it. It must never forget an unexpired nonce to make room.
	Remember(nonce string, now, expires time.Time) error
}

// DefaultNonceCapacity bounds the default cache. At the origin's Argon2 rate of tens of
// logins a second, a minute's window holds a few thousand nonces.
const DefaultNonceCapacity = 1 << 16

// MemoryNonceCache is an in-process NonceCache with a fixed capacity. Expired entries
// are dropped as new ones arrive. It is safe for concurrent use.
type MemoryNonceCache struct {
	mu       sync.Mutex
	capacity int
	seen     map[string]time.Time
	byExpiry expiryHeap
}

// NewMemoryNonceCache returns a cache holding at most capacity unexpired nonces;
// capacity below 1 is taken as 1.
func NewMemoryNonceCache(capacity int) *MemoryNonceCache {
	return &MemoryNonceCache{capacity: max(capacity, 1), seen: map[string]time.Time{}}
}

// Remember implements NonceCache.
func (c *MemoryNonceCache) Remember(nonce string, now, expires time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()

	c.dropExpired(now)
	if _, ok := c.seen[nonce]; ok {
		return ErrReplay
	}
	if len(c.seen) >= c.capacity {
		return ErrNonceCacheFull
	}

	c.seen[nonce] = expires
	heap.Push(&c.byExpiry, entry{nonce: nonce, expires: expires})
	return nil
}

// Len returns the number of nonces held, expired ones included until the next
// Remember drops them.
func (c *MemoryNonceCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.seen)
}

func (c *MemoryNonceCache) dropExpired(now time.Time) {
	for len(c.byExpiry) > 0 && now.After(c.byExpiry[0].expires) {
		e := heap.Pop(&c.byExpiry).(entry)
		delete(c.seen, e.nonce)
	}
}

type entry struct {
	nonce   string
	expires time.Time
}

// expiryHeap is a min-heap of entries by expiry, for container/heap.
type expiryHeap []entry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].expires.Before(h[j].expires) }
func (h expiryHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *expiryHeap) Push(x any)        { *h = append(*h, x.(entry)) }

func (h *expiryHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}
