package embedded

import "errors"

// ErrInUse is returned by Open when another process (or another Store in this process)
// holds the database's lock past the lock timeout.
var ErrInUse = errors.New("embedded: data directory is in use by another latch process")

// ErrInvalidRole is returned by SetRoles for an empty role name.
var ErrInvalidRole = errors.New("embedded: role names must not be empty")
