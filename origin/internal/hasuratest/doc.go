// Package hasuratest is a test double for Hasura's GraphQL endpoint, for Latch's
// tests only: no Hasura engine runs on the machines that test Latch. New starts an
// httptest server on loopback that keeps table "user" (with user_role) in memory
// and answers the GraphQL operations Latch's Hasura store sends, with the response
// shapes and error codes real Hasura v2 answers.
//
// Start does the same outside a test, on a loopback address of the caller's
// choosing; the hasura-double command serves it as a process for the end-to-end
// run (scripts/e2e.sh) and for showing `latch hasura check` at work.
//
// # What it reproduces, and where each behaviour comes from
//
// Sources are files of github.com/hasura/graphql-engine (server/src-lib/...) and
// public reports quoting real answers.
//
//   - Envelope: {"data": {...}} on success; {"errors": [{"message": ...,
//     "extensions": {"path": "$...", "code": ...}}]} on failure, always HTTP 200
//     on /v1/graphql (Hasura/Base/Error.hs encodeGQLErr; Hasura/Server/App.hs
//     routes v1/graphql through allMod200).
//   - Admin secret: a missing x-hasura-admin-secret answers access-denied
//     "x-hasura-admin-secret/x-hasura-access-key required, but not found"; a wrong
//     one access-denied "invalid x-hasura-admin-secret/x-hasura-access-key", path
//     "$", status 200 (quoted in hasura/graphql-engine#5563 and
//     citrineos/citrineos#145, the latter with its status 200).
//   - A field a type lacks, such as an untracked table or a missing column:
//     validation-failed "field 'user' not found in type: 'query_root'" at path
//     "$.selectionSet.user" (quoted in hasura/go-graphql-client#115 and
//     hasura/graphql-engine#7366).
//   - A document that does not parse: validation-failed "not a valid graphql
//     query" at "$.query" (quoted by client test suites against real Hasura).
//   - A non-null variable without a value: validation-failed "expecting a value
//     for non-nullable variable: \"email\"" at "$" (GraphQL/Execute/Resolve.hs).
//   - Uniqueness violations: constraint-violation "Uniqueness violation. " followed
//     by Postgres's message naming the constraint (user_pkey, user_email_key,
//     user_email_lower_key) at "$.selectionSet.insert_user_one.args.object"; a
//     check violation is permission-error "Check constraint violation. ..."
//     (Backends/Postgres/Execute/Types.hs mkTxErrorHandler).
//   - Database failure: unexpected "database query error" with
//     extensions.internal holding the statement and its arguments, which Hasura
//     shows the admin role (Types.hs unexpectedError; Error.hs internalError);
//     database unreachable: postgres-error "connection error" (Error.hs
//     fromPGConnErr).
//   - Semantics: an insert is one statement (the id sequence advances even when
//     it fails, as Postgres sequences do); update_user applies its where clause
//     and _set atomically; all root fields of a mutation form one transaction;
//     emails are unique case-insensitively and must be stored lower-case, as the
//     shipped migrations enforce.
//   - Roles: with the admin secret, x-hasura-role makes Hasura answer as that
//     role; introspection of type "user" then lists only the role's selectable
//     columns (WithSelectColumns), or null without a select permission.
//
// Approximations, marked so nobody mistakes them for Hasura's words: the messages
// for a wrong argument name, a missing required argument or selection set, an
// unbound variable, a variable of the wrong type and a body that is not JSON; the
// paths of errors inside update_user arguments; the exact "internal" contents.
// What it does not implement answers code "not-supported" (never a Hasura code):
// fragments, directives, _and/_or/_not, comparison operators other than _eq and
// _neq, object-typed variables, data queries as a non-admin role.
//
// Faults (SetFault) play what surrounds Hasura: Stall never answers, Garbage and
// BadGateway answer HTML as a wrong port or a proxy would.
package hasuratest
