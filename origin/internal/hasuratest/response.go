package hasuratest

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// gqlError is one entry of the "errors" array Hasura answers on /v1/graphql:
// {"message": ..., "extensions": {"path": ..., "code": ...}}, with "internal" added
// for the admin role on unexpected errors (encodeGQLErr in
// server/src-lib/Hasura/Base/Error.hs of hasura/graphql-engine).
type gqlError struct {
	path, code, msg string
	internal        any
}

func (e *gqlError) Error() string { return e.code + ": " + e.msg }

func (e *gqlError) MarshalJSON() ([]byte, error) {
	ext := ordered{{"path", e.path}, {"code", e.code}}
	if e.internal != nil {
		ext = append(ext, kv{"internal", e.internal})
	}
	return json.Marshal(ordered{{"message", e.msg}, {"extensions", ext}})
}

func validationFailed(path, msg string) *gqlError {
	return &gqlError{path: path, code: "validation-failed", msg: msg}
}

// notFound is Hasura's answer for a field a type does not have, e.g. a table that
// is not tracked: "field 'user' not found in type: 'query_root'".
func notFound(path, typ, name string) *gqlError {
	return validationFailed(path, "field '"+name+"' not found in type: '"+typ+"'")
}

// notSupported marks what this double does not implement. Real Hasura would
// accept the request; a test that meets this error has outgrown the double.
func notSupported(path, what string) *gqlError {
	return &gqlError{path: path, code: "not-supported",
		msg: "hasuratest does not implement " + what}
}

// kv and ordered build JSON objects whose keys keep the order of the query, as
// Hasura's responses do.
type kv struct {
	k string
	v any
}

type ordered []kv

func (o ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(e.k)
		v, err := json.Marshal(e.v)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// writeJSON answers status 200 like Hasura's /v1/graphql, which answers 200 for
// GraphQL errors too (allMod200 in server/src-lib/Hasura/Server/App.hs).
func writeJSON(w http.ResponseWriter, body any) {
	b, err := json.Marshal(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

func writeErrors(w http.ResponseWriter, e *gqlError) {
	writeJSON(w, ordered{{"errors", []*gqlError{e}}})
}
