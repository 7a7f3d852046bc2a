package embedded

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/latchauth/latch/core/auth"
)

// record is a user as stored in the users bucket; see the package doc.
type record struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email"`
	PasswordHash string    `json:"password_hash"`
	DefaultRole  string    `json:"default_role"`
	Roles        []string  `json:"roles"`
	CreatedAt    time.Time `json:"created_at"`
}

func (r *record) user() *auth.User {
	var roles []string
	if len(r.Roles) > 0 {
		roles = append(roles, r.Roles...)
	}
	return &auth.User{
		ID:           r.ID,
		Email:        r.Email,
		PasswordHash: r.PasswordHash,
		DefaultRole:  r.DefaultRole,
		Roles:        roles,
	}
}

func (r *record) encode() ([]byte, error) {
	if r.Roles == nil {
		r.Roles = []string{} // "roles": [] rather than null, for readers of the file
	}
	return json.Marshal(r)
}

func decodeRecord(id int64, b []byte) (*record, error) {
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("embedded: user %d: decode record: %w", id, err)
	}
	if r.ID != id {
		return nil, fmt.Errorf("embedded: user %d: record holds id %d", id, r.ID)
	}
	return &r, nil
}

// idKey encodes an id as the 8-byte big-endian key used by both buckets.
func idKey(id int64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), uint64(id))
}

func parseIDKey(b []byte) (int64, error) {
	if len(b) != 8 {
		return 0, fmt.Errorf("embedded: malformed id key of %d bytes", len(b))
	}
	return int64(binary.BigEndian.Uint64(b)), nil
}
