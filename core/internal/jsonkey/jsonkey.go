// Package jsonkey checks the keys of untrusted JSON objects before encoding/json
// decodes them.
//
// encoding/json matches object keys to struct fields case-insensitively and lets the
// last of a repeated key win: {"Password":"x"} fills a field tagged "password", and
// {"password":"a","password":"b"} decodes as "b". Two parsers that resolve such input
// differently can disagree about what a request says (RFC 8259 §4 leaves repeated
// names to the implementation), so Latch refuses it instead: Check runs over the
// tokens of a body before it is decoded.
package jsonkey

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// Rules says which keys an object may hold. Every object checked refuses a repeated
// key, compared exactly.
type Rules struct {
	// Keys are the keys the decoder reads, matched exactly. A key that equals one of
	// them but for case is refused, since encoding/json would read it as that one.
	// At most 64.
	Keys []string
	// Closed refuses any key that is not in Keys.
	Closed bool
	// Inner holds the rules for the value of some keys, applied when that value is an
	// object.
	Inner map[string]*Rules
}

// Problem says why a key was refused.
type Problem uint8

// The problems Check reports.
const (
	Repeated Problem = iota + 1 // the key appears twice in one object
	Miscased                    // the key is one of Rules.Keys but for case
	Unknown                     // the key is not in the Keys of a Closed object
)

// Error reports the first key Check refused.
type Error struct {
	// Object is the key of the object holding Key, as in Rules.Inner: "" for the
	// top level.
	Object  string
	Key     string
	Problem Problem
	// Known is the spelling expected for a Miscased key.
	Known string
}

func (e *Error) Error() string {
	s := "jsonkey: "
	switch e.Problem {
	case Repeated:
		s += "repeated key "
	case Miscased:
		s += "miscased key "
	default:
		s += "unknown key "
	}
	s += strconv.Quote(e.Key)
	if e.Object != "" {
		s += " in " + strconv.Quote(e.Object)
	}
	return s
}

// Check applies r to the JSON object in b. It returns an *Error for the first key
// refused, and nil otherwise, including when b is not an object or not valid JSON:
// reporting those is the decoder's job.
func Check(b []byte, r *Rules) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	var ke *Error
	if err := object(dec, r, ""); errors.As(err, &ke) {
		return ke
	}
	return nil
}

// object reads the next value from dec and, when it is an object, checks its keys
// against r. name is the key the value belongs to.
func object(dec *json.Decoder, r *Rules, name string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return skipRest(dec, tok)
	}

	var seen keySet
	var raw json.RawMessage // reused for the values skipped
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		if e := r.check(key, &seen); e != nil {
			e.Object = name
			return e
		}
		if inner := r.Inner[key]; inner != nil {
			err = object(dec, inner, key)
		} else {
			err = dec.Decode(&raw)
		}
		if err != nil {
			return err
		}
	}
	_, err = dec.Token() // the closing '}'
	return err
}

// check refuses key if r does not allow it in an object that has already shown the
// keys in seen, and records it otherwise.
func (r *Rules) check(key string, seen *keySet) *Error {
	for i, k := range r.Keys {
		if key == k {
			if seen.known&(1<<i) != 0 {
				return &Error{Key: key, Problem: Repeated}
			}
			seen.known |= 1 << i
			return nil
		}
	}
	for _, k := range r.Keys {
		if strings.EqualFold(key, k) {
			return &Error{Key: key, Problem: Miscased, Known: k}
		}
	}
	if r.Closed {
		return &Error{Key: key, Problem: Unknown}
	}
	if _, dup := seen.other[key]; dup {
		return &Error{Key: key, Problem: Repeated}
	}
	if seen.other == nil {
		seen.other = make(map[string]struct{})
	}
	seen.other[key] = struct{}{}
	return nil
}

// keySet holds the keys seen in one object: those of Rules.Keys as bits, by index,
// and others, allocated only when an object has any.
type keySet struct {
	known uint64
	other map[string]struct{}
}

// skipRest reads the rest of the value that tok began.
func skipRest(dec *json.Decoder, tok json.Token) error {
	depth := 0
	for {
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
		var err error
		if tok, err = dec.Token(); err != nil {
			return err
		}
	}
}
