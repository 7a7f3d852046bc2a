package embedded

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/latchauth/latch/core/auth"
)

// FindByEmail returns the user with this normalized email, or auth.ErrUserNotFound.
func (s *Store) FindByEmail(ctx context.Context, email string) (*auth.User, error) {
	var u *auth.User
	err := s.view(ctx, func(tx *bolt.Tx) error {
		idb := tx.Bucket(bucketByEmail).Get([]byte(email))
		if idb == nil {
			return auth.ErrUserNotFound
		}
		id, err := parseIDKey(idb)
		if err != nil {
			return err
		}

		r, err := getRecord(tx, id)
		if errors.Is(err, auth.ErrUserNotFound) {
			return fmt.Errorf("embedded: email index points at missing user %d", id)
		}
		if err != nil {
			return err
		}
		u = r.user()
		return nil
	})
	return u, err
}

// Create inserts a user with auth.DefaultRole and no other roles, and returns it with
// its new id. It returns auth.ErrEmailTaken if the normalized email exists; the check
// and the insert are one transaction, so concurrent Creates of one email make one user.
func (s *Store) Create(ctx context.Context, email, passwordHash string) (*auth.User, error) {
	if email == "" {
		return nil, errors.New("embedded: empty email")
	}

	r := &record{
		Email:        email,
		PasswordHash: passwordHash,
		DefaultRole:  auth.DefaultRole,
		CreatedAt:    s.now().UTC(),
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		byEmail := tx.Bucket(bucketByEmail)
		if byEmail.Get([]byte(email)) != nil {
			return auth.ErrEmailTaken
		}

		users := tx.Bucket(bucketUsers)
		seq, err := users.NextSequence()
		if err != nil {
			return err
		}
		r.ID = int64(seq)

		if err := putRecord(tx, r); err != nil {
			return err
		}
		return byEmail.Put([]byte(email), idKey(r.ID))
	})
	if err != nil {
		return nil, err
	}
	return r.user(), nil
}

// ReplaceHash sets user id's password hash to newHash only if it is still oldHash. It
// returns auth.ErrHashChanged when it is not (the password changed since oldHash was
// read) and auth.ErrUserNotFound when there is no such user.
func (s *Store) ReplaceHash(ctx context.Context, id int64, oldHash, newHash string) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		r, err := getRecord(tx, id)
		if err != nil {
			return err
		}
		if subtle.ConstantTimeCompare([]byte(r.PasswordHash), []byte(oldHash)) != 1 {
			return auth.ErrHashChanged
		}
		r.PasswordHash = newHash
		return putRecord(tx, r)
	})
}

// SetRoles replaces user id's default role and its other allowed roles. Role names
// must be non-empty; duplicates and a repeat of defaultRole in roles are dropped. It is
// meant for administration and tests: Latch's actions never change roles.
func (s *Store) SetRoles(ctx context.Context, id int64, defaultRole string, roles []string) error {
	if defaultRole == "" || slices.Contains(roles, "") {
		return ErrInvalidRole
	}
	var others []string
	for _, role := range roles {
		if role != defaultRole && !slices.Contains(others, role) {
			others = append(others, role)
		}
	}

	return s.update(ctx, func(tx *bolt.Tx) error {
		r, err := getRecord(tx, id)
		if err != nil {
			return err
		}
		r.DefaultRole = defaultRole
		r.Roles = others
		return putRecord(tx, r)
	})
}

// Count returns the number of stored users. It walks the whole users bucket, so it is
// meant for tests and administration, not for request paths.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	err := s.view(ctx, func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketUsers).Stats().KeyN
		return nil
	})
	return n, err
}

// getRecord reads user id, or returns auth.ErrUserNotFound.
func getRecord(tx *bolt.Tx, id int64) (*record, error) {
	b := tx.Bucket(bucketUsers).Get(idKey(id))
	if b == nil {
		return nil, auth.ErrUserNotFound
	}
	return decodeRecord(id, b)
}

func putRecord(tx *bolt.Tx, r *record) error {
	b, err := r.encode()
	if err != nil {
		return err
	}
	return tx.Bucket(bucketUsers).Put(idKey(r.ID), b)
}
