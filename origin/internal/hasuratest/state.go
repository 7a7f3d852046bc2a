package hasuratest

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// state is the database behind the double: table "user" with its user_role rows,
// and the sequence of user ids.
type state struct {
	users  map[int64]*Row
	nextID int64 // the serial sequence: nextval, never rolled back
}

func newState() state { return state{users: map[int64]*Row{}, nextID: 1} }

func (r Row) clone() Row {
	r.Roles = slices.Clone(r.Roles)
	return r
}

// snapshot copies the state, so that a failed mutation can be rolled back.
func (st *state) snapshot() state {
	c := state{users: maps.Clone(st.users), nextID: st.nextID}
	for id, row := range c.users {
		r := row.clone()
		c.users[id] = &r
	}
	return c
}

// rows returns the rows ordered by id.
func (st *state) rows() []*Row {
	ids := slices.Sorted(maps.Keys(st.users))
	out := make([]*Row, len(ids))
	for i, id := range ids {
		out[i] = st.users[id]
	}
	return out
}

// insertRow stores row without checks. Like Postgres, an explicit id does not
// advance the sequence, so a later insert can collide with it on the primary key.
func (st *state) insertRow(row Row) Row {
	if row.ID == 0 {
		row.ID = st.nextval()
	}
	if row.DefaultRole == "" {
		row.DefaultRole = "user"
	}
	if row.CreatedAt.IsZero() {
		row.CreatedAt = time.Now().UTC()
	}
	stored := row.clone()
	st.users[row.ID] = &stored
	return row.clone()
}

func (st *state) nextval() int64 {
	id := st.nextID
	st.nextID++
	return id
}

// Names of the constraints the shipped migrations create, as Postgres reports them.
const (
	pkeyConstraint      = "user_pkey"
	emailConstraint     = "user_email_key"       // the tutorial's UNIQUE (email)
	emailLowerIndex     = "user_email_lower_key" // UNIQUE INDEX on lower(email)
	emailLowercaseCheck = "user_email_lowercase" // CHECK (email = lower(email))
)

// checkRow enforces the table's constraints on row, which is stored (or about to
// be) under row.ID, against every other row. The order follows Postgres: check
// constraints before unique indexes, the primary key first among those.
func (st *state) checkRow(path string, row *Row, lowerCheck bool) *gqlError {
	if lowerCheck && row.Email != strings.ToLower(row.Email) {
		return &gqlError{path: path, code: "permission-error",
			msg: `Check constraint violation. new row for relation "user" violates ` +
				`check constraint "` + emailLowercaseCheck + `"`}
	}
	if other := st.users[row.ID]; other != nil && other != row {
		return uniqueViolation(path, pkeyConstraint)
	}
	for _, other := range st.users {
		if other.ID == row.ID {
			continue
		}
		if other.Email == row.Email {
			return uniqueViolation(path, emailConstraint)
		}
		if strings.EqualFold(other.Email, row.Email) {
			return uniqueViolation(path, emailLowerIndex)
		}
	}
	return nil
}

// uniqueViolation is Hasura's answer for Postgres error 23505: the prefix
// "Uniqueness violation. " before Postgres's own message (mkTxErrorHandler in
// server/src-lib/Hasura/Backends/Postgres/Execute/Types.hs).
func uniqueViolation(path, constraint string) *gqlError {
	return &gqlError{path: path, code: "constraint-violation",
		msg: `Uniqueness violation. duplicate key value violates unique constraint "` +
			constraint + `"`}
}
