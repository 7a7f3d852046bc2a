// Package embedded keeps Latch's users in a single bbolt file, for when no Hasura
// endpoint is configured, so that `latch serve` works with nothing else running.
//
// It implements auth.Store. Every write is one bbolt read-write transaction, and bbolt
// runs those one at a time, so the uniqueness of an email and the conditional hash
// replacement are checked in the same transaction as the write they guard.
//
// # File format (version 1)
//
// The database is <data-dir>/latch.db, mode 0600, in a directory created with mode 0700.
// Only one process may hold it open: bbolt takes an exclusive file lock, and Open gives
// up after a timeout with ErrInUse. It has three top-level buckets:
//
//   - "meta": key "version" holds the format version as ASCII decimal ("1"). Open
//     refuses a file with any other version.
//   - "users": the key is the user id as an 8-byte big-endian unsigned integer, so a
//     cursor walks users in id order; the value is the user record, below. Ids come
//     from the bucket's NextSequence, start at 1 and are never reused.
//   - "users_by_email": the key is the normalized email as UTF-8 bytes, the value the
//     user's id in the same 8-byte encoding. It is the uniqueness constraint on email
//     and is written in the same transaction as the user record.
//
// A user record is a JSON object with these fields:
//
//	{
//	  "id":            1,                      // same as the key
//	  "email":         "ana@example.com",      // normalized by the caller
//	  "password_hash": "$argon2id$v=19$...",   // PHC string
//	  "default_role":  "user",
//	  "roles":         [],                     // allowed roles besides default_role
//	  "created_at":    "2026-01-02T03:04:05Z"  // RFC 3339, UTC
//	}
//
// Readers ignore unknown fields, but this version drops them when it rewrites a record
// (ReplaceHash, SetRoles). A later version that adds a field which must survive being
// rewritten by an older binary should therefore bump the version.
package embedded
