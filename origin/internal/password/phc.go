package password

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"strings"
)

// variant is an Argon2 type this package can compute.
type variant uint8

const (
	argon2i variant = iota + 1
	argon2id
)

func (v variant) String() string {
	if v == argon2i {
		return "argon2i"
	}
	return "argon2id"
}

// version13 is Argon2 version 1.3, written "v=19"; the only one x/crypto implements.
const version13 = 0x13

// phc is a parsed Argon2 PHC string.
type phc struct {
	variant variant
	memory  uint32 // KiB
	time    uint32
	threads uint8
	salt    []byte
	tag     []byte
	padded  bool // salt or tag carried base64 '=' padding
}

// String formats h the one way this package writes hashes: version 19, m,t,p in that
// order, salt and tag in standard base64 without padding.
func (h phc) String() string {
	return fmt.Sprintf("$%s$v=%d$m=%d,t=%d,p=%d$%s$%s",
		h.variant, version13, h.memory, h.time, h.threads,
		base64.RawStdEncoding.EncodeToString(h.salt),
		base64.RawStdEncoding.EncodeToString(h.tag))
}

// parsePHC parses s strictly and checks it against lim before anything is decoded or
// computed. The layout is $<type>$v=<version>$m=<m>,t=<t>,p=<p>$<salt>$<tag>.
func parsePHC(s string, lim Limits) (phc, error) {
	// At most 7 pieces, so a string full of '$' cannot make this allocate much.
	f := strings.SplitN(s, "$", 7)
	if len(f) < 2 || f[0] != "" {
		return phc{}, fmt.Errorf("%w: must start with $<type>$", ErrInvalidHash)
	}

	var h phc
	var err error
	if h.variant, err = parseType(f[1]); err != nil {
		return phc{}, err
	}
	if len(f) == 5 && strings.HasPrefix(f[2], "m=") {
		return phc{}, fmt.Errorf("%w: no version field (argon2 1.0)", ErrUnsupportedHash)
	}
	if len(f) != 6 {
		return phc{}, fmt.Errorf("%w: want 5 $-separated fields, got %d", ErrInvalidHash, len(f)-1)
	}
	if err := parseVersion(f[2]); err != nil {
		return phc{}, err
	}
	if err := h.parseParams(f[3], lim); err != nil {
		return phc{}, err
	}

	saltPadded, tagPadded := false, false
	if h.salt, saltPadded, err = decodeField("salt", f[4], minSaltLen, lim.MaxSaltLen); err != nil {
		return phc{}, err
	}
	if h.tag, tagPadded, err = decodeField("tag", f[5], minTagLen, lim.MaxKeyLen); err != nil {
		return phc{}, err
	}
	h.padded = saltPadded || tagPadded
	return h, nil
}

// parseType maps the exact token between the first two '$' to a variant.
func parseType(id string) (variant, error) {
	switch id {
	case "argon2id":
		return argon2id, nil
	case "argon2i":
		return argon2i, nil
	}
	if isPHCIdentifier(id) {
		return 0, fmt.Errorf("%w: type %q", ErrUnsupportedHash, id)
	}
	return 0, fmt.Errorf("%w: malformed type %.16q", ErrInvalidHash, id)
}

// isPHCIdentifier reports whether id is a function name as the PHC string format
// allows one: 1 to 32 characters from [a-z0-9-].
func isPHCIdentifier(id string) bool {
	if id == "" || len(id) > 32 {
		return false
	}
	for _, c := range []byte(id) {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// parseVersion accepts exactly "v=19".
func parseVersion(field string) error {
	digits, ok := strings.CutPrefix(field, "v=")
	if !ok {
		return fmt.Errorf("%w: want v=<version>", ErrInvalidHash)
	}
	v, err := parseDecimal(digits)
	if err != nil {
		return fmt.Errorf("%w: version: %w", ErrInvalidHash, err)
	}
	if v != version13 {
		return fmt.Errorf("%w: version %d, only 19 (argon2 1.3)", ErrUnsupportedHash, v)
	}
	return nil
}

// parseParams reads "m=<m>,t=<t>,p=<p>": each key exactly once, in that order, with
// nothing else. Each value is checked against lim as soon as it is read.
func (h *phc) parseParams(field string, lim Limits) error {
	parts := strings.SplitN(field, ",", 4)
	if len(parts) != 3 {
		return fmt.Errorf("%w: want parameters m,t,p, got %d", ErrInvalidHash, len(parts))
	}

	keys := [3]string{"m", "t", "p"}
	caps := [3]uint32{lim.MaxMemory, lim.MaxTime, uint32(lim.MaxThreads)}
	var vals [3]uint32
	for i, part := range parts {
		key, digits, _ := strings.Cut(part, "=")
		if key != keys[i] {
			return fmt.Errorf("%w: parameter %d is %.16q, want %q",
				ErrInvalidHash, i+1, key, keys[i])
		}
		v, err := parseDecimal(digits)
		if errors.Is(err, errOverflow) || err == nil && v > caps[i] {
			return fmt.Errorf("%w: %s=%.16s is above %d", ErrLimitExceeded, key, digits, caps[i])
		}
		if err != nil {
			return fmt.Errorf("%w: %s: %w", ErrInvalidHash, key, err)
		}
		vals[i] = v
	}

	m, t, p := vals[0], vals[1], vals[2]
	switch {
	case t < 1:
		return fmt.Errorf("%w: t must be at least 1", ErrInvalidHash)
	case p < 1:
		return fmt.Errorf("%w: p must be at least 1", ErrInvalidHash)
	case uint64(m) < blocksPerLane*uint64(p):
		return fmt.Errorf("%w: m=%d is below 8 KiB per lane", ErrInvalidHash, m)
	}
	h.memory, h.time, h.threads = m, t, uint8(p)
	return nil
}

// Decimal parse errors; overflow is told apart because it means "above any cap".
var (
	errNotDecimal = errors.New("not a canonical decimal number")
	errOverflow   = errors.New("number out of range")
)

// parseDecimal reads a canonical unsigned decimal: digits only, no sign, no leading
// zero, at most math.MaxUint32. It stops reading as soon as the value overflows.
func parseDecimal(s string) (uint32, error) {
	if s == "" || s[0] == '0' && len(s) > 1 {
		return 0, errNotDecimal
	}
	var n uint64
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, errNotDecimal
		}
		n = n*10 + uint64(c-'0')
		if n > math.MaxUint32 {
			// Still reject trailing garbage as malformed rather than too large.
			if strings.Trim(s, "0123456789") != "" {
				return 0, errNotDecimal
			}
			return 0, errOverflow
		}
	}
	return uint32(n), nil
}

// decodeField decodes a salt or tag: standard base64, unpadded, or padded with exactly
// the '=' its length needs. The encoded length is checked against maxLen first.
func decodeField(name, s string, minLen, maxLen uint32) (b []byte, padded bool, err error) {
	body := strings.TrimRight(s, "=")
	pad := len(s) - len(body)
	padded = pad > 0

	if uint64(len(body)) > uint64(base64.RawStdEncoding.EncodedLen(int(maxLen))) {
		return nil, false, fmt.Errorf("%w: %s longer than %d bytes", ErrLimitExceeded, name, maxLen)
	}
	if padded && pad != (4-len(body)%4)%4 {
		return nil, false, fmt.Errorf("%w: %s has wrong base64 padding", ErrInvalidHash, name)
	}
	if !isBase64Body(body) {
		return nil, false, fmt.Errorf("%w: %s is not standard base64", ErrInvalidHash, name)
	}

	b, err = base64.RawStdEncoding.Strict().DecodeString(body)
	if err != nil {
		return nil, false, fmt.Errorf("%w: %s is not canonical base64", ErrInvalidHash, name)
	}
	if uint32(len(b)) < minLen {
		return nil, false, fmt.Errorf("%w: %s shorter than %d bytes", ErrInvalidHash, name, minLen)
	}
	if uint32(len(b)) > maxLen {
		return nil, false, fmt.Errorf("%w: %s longer than %d bytes", ErrLimitExceeded, name, maxLen)
	}
	return b, padded, nil
}

// isBase64Body reports whether s holds only the standard alphabet. The decoder alone
// would also skip '\r' and '\n', which must not make two strings decode the same.
func isBase64Body(s string) bool {
	for _, c := range []byte(s) {
		ok := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ||
			c == '+' || c == '/'
		if !ok {
			return false
		}
	}
	return true
}
