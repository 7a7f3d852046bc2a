// Package password hashes and verifies passwords with Argon2 (RFC 9106) using
// golang.org/x/crypto/argon2, stored as PHC strings. Hasher implements auth.Hasher.
//
// # Written format
//
// Hash writes exactly
//
//	$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<tag>
//
// with salt and tag in standard base64 without padding, using the Hasher's Profile.
// Hashes are never compared as strings: Verify recomputes the tag and compares it in
// constant time.
//
// # What Verify accepts
//
// Verify takes the strings argon2-cffi and libargon2 write, and parses them strictly:
//
//   - The type is the exact token between the first two '$'. argon2id and argon2i
//     verify, each with its own function. argon2d, and any other PHC identifier
//     (1–32 characters of [a-z0-9-]), is ErrUnsupportedHash; anything else is
//     ErrInvalidHash.
//   - The version must be present and be v=19 (Argon2 1.3). A string without "v="
//     (Argon2 1.0, version 0x10), v=16 or any other version is ErrUnsupportedHash.
//   - The parameters are m, t and p, each exactly once, in that order, and nothing
//     else: this is the order libargon2 and argon2-cffi write. keyid and data are
//     refused. Values are canonical decimals: digits only, no sign, no leading zero.
//     t ≥ 1, p ≥ 1 and m ≥ 8·p KiB, as RFC 9106 requires.
//   - Salt and tag are standard base64 ('+' and '/'), of at least 8 and 4 bytes (the
//     RFC 9106 minimums); the tag's length is the one computed. Unused trailing bits
//     must be zero, so one hash has one spelling.
//
// A malformed string is ErrInvalidHash, never a mismatch.
//
// # Padding
//
// Latch writes unpadded base64, but a salt or tag carrying exactly the '=' padding
// its length needs is accepted and verified like the unpadded one. On a match, the
// Verdict asks for a rehash, so the row is rewritten in the canonical form. Padding
// of the wrong length is ErrInvalidHash.
//
// # Limits
//
// m, t, p and the salt and tag lengths are checked against the Hasher's Limits while
// parsing, before anything is hashed: a string asking for more is ErrLimitExceeded, so
// a corrupt or hostile row cannot exhaust memory or CPU. See DefaultLimits.
//
// # Rehash
//
// On a match, Verdict.Rehash is set when the type, version, m, t, p, salt length, tag
// length or encoding differ from what Hash would write now. Rewriting the row is the
// caller's job, and only if it still holds the hash that was verified.
package password
