package embedded

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/latchauth/latch/core/auth"
)

// FileName is the database file's name inside the data directory.
const FileName = "latch.db"

// DefaultLockTimeout is how long Open waits for another holder of the file lock.
const DefaultLockTimeout = 2 * time.Second

const formatVersion = "1"

var (
	bucketMeta    = []byte("meta")
	bucketUsers   = []byte("users")
	bucketByEmail = []byte("users_by_email")
	keyVersion    = []byte("version")
)

var _ auth.Store = (*Store)(nil)

// Store is a user store in a bbolt file. It is safe for concurrent use.
type Store struct {
	db  *bolt.DB
	now func() time.Time
}

type config struct {
	lockTimeout time.Duration
	now         func() time.Time
}

// Option configures Open.
type Option func(*config)

// WithLockTimeout sets how long Open waits for the file lock before failing with
// ErrInUse. It must be positive; the default is DefaultLockTimeout.
func WithLockTimeout(d time.Duration) Option {
	return func(c *config) { c.lockTimeout = d }
}

// WithClock sets the clock that stamps created_at on new users (time.Now by default).
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// Open opens the store in dir, creating the directory (mode 0700) and the database file
// (mode 0600) if missing. It fails with an error wrapping ErrInUse, naming the file,
// when another process holds the database longer than the lock timeout.
func Open(dir string, opts ...Option) (*Store, error) {
	cfg := config{lockTimeout: DefaultLockTimeout, now: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.lockTimeout <= 0 {
		return nil, fmt.Errorf("embedded: lock timeout must be positive, got %v", cfg.lockTimeout)
	}

	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("embedded: create data directory: %w", err)
	}

	path := filepath.Join(dir, FileName)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: cfg.lockTimeout})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("%w: %s still locked after %v", ErrInUse, path, cfg.lockTimeout)
	}
	if err != nil {
		return nil, fmt.Errorf("embedded: open %s: %w", path, err)
	}

	if err := db.Update(initBuckets); err != nil {
		db.Close()
		return nil, fmt.Errorf("embedded: initialize %s: %w", path, err)
	}
	return &Store{db: db, now: cfg.now}, nil
}

// initBuckets creates the buckets of a new file and checks the version of an old one.
func initBuckets(tx *bolt.Tx) error {
	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return err
	}
	switch v := meta.Get(keyVersion); {
	case v == nil:
		if err := meta.Put(keyVersion, []byte(formatVersion)); err != nil {
			return err
		}
	case string(v) != formatVersion:
		return fmt.Errorf("unsupported file format version %q (want %q)", v, formatVersion)
	}

	for _, name := range [][]byte{bucketUsers, bucketByEmail} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

// Close releases the database file and its lock.
func (s *Store) Close() error {
	return s.db.Close()
}

// view runs fn in a read-only transaction unless ctx is already done.
func (s *Store) view(ctx context.Context, fn func(*bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(fn)
}

// update runs fn in a read-write transaction unless ctx is done before it starts, which
// includes while waiting for an earlier writer. Once fn runs, the transaction finishes:
// bbolt cannot abandon one half way, and fn is short.
func (s *Store) update(ctx context.Context, fn func(*bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return fn(tx)
	})
}
