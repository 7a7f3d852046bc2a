package server

import (
	"github.com/latchauth/latch/origin/internal/config"
	"github.com/latchauth/latch/origin/internal/password"
)

// newHasher returns the Argon2id hasher for the configured profile. The limits on
// stored hashes are the defaults, raised where needed so that the server can always
// verify what it writes.
func newHasher(cfg config.Config) (*password.Hasher, error) {
	p := password.DefaultProfile
	p.Memory, p.Time, p.Threads = cfg.Argon2Memory, cfg.Argon2Time, cfg.Argon2Threads

	lim := password.DefaultLimits
	lim.MaxMemory = max(lim.MaxMemory, p.Memory)
	lim.MaxTime = max(lim.MaxTime, p.Time)
	lim.MaxThreads = max(lim.MaxThreads, p.Threads)
	return password.New(p, lim)
}
