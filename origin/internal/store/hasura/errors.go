package hasura

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	graphql "github.com/hasura/go-graphql-client"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
)

// Errors the store returns, each wrapped with its cause for the logs. Test for them
// with errors.Is. ErrUnavailable is also wrapped in apierr.ErrUnavailable, so that a
// client sees a transient, distinct failure; the others reach clients as internal
// errors, because a client can do nothing about a misconfigured server.
var (
	// ErrConfig reports an unusable endpoint or admin secret given to New.
	ErrConfig = errors.New("hasura: invalid configuration")
	// ErrAdminSecret reports that Hasura refused the admin secret (access-denied).
	ErrAdminSecret = errors.New("hasura: admin secret rejected")
	// ErrSchema reports that Hasura does not expose a table, column or relationship
	// Latch needs (validation-failed): migrations or metadata are missing.
	ErrSchema = errors.New("hasura: schema lacks what latch needs")
	// ErrUnavailable reports that Hasura could not be reached or did not answer like
	// Hasura in time: connection refused, timeout, 5xx, redirect or garbage.
	ErrUnavailable = errors.New("hasura: unavailable")
	// ErrUnexpected reports any other error Hasura answered, such as a database
	// failure (code unexpected) or a constraint Latch does not expect.
	ErrUnexpected = errors.New("hasura: unexpected error")
)

// Hasura error codes the store tells apart. Their spelling is Hasura's
// (server/src-lib/Hasura/Base/Error.hs in hasura/graphql-engine).
const (
	codeAccessDenied        = "access-denied"
	codeValidationFailed    = "validation-failed"
	codeConstraintViolation = "constraint-violation"
	codePostgresError       = "postgres-error"
	codePostgresMaxConns    = "postgres-max-connections-error"
)

// classify turns an error from the GraphQL client into one of the store's errors.
// It never copies Hasura's extensions into the result: with the admin secret,
// Hasura adds the failed SQL statement and its arguments (which may hold a password
// hash) under extensions.internal.
func classify(op string, err error) error {
	if err == nil {
		return nil
	}
	if transport := transportFailure(err); transport != nil {
		return unavailable(fmt.Errorf("%s: %w", op, transport))
	}

	var gqlErrs graphql.Errors
	if !errors.As(err, &gqlErrs) || len(gqlErrs) == 0 {
		return fmt.Errorf("%w: %s: %v", ErrUnexpected, op, err)
	}
	return classifyGraphQL(op, gqlErrs[0])
}

// classifyGraphQL maps one error of Hasura's "errors" array.
func classifyGraphQL(op string, e graphql.Error) error {
	code, _ := e.Extensions["code"].(string)
	switch code {
	case codeAccessDenied:
		return fmt.Errorf("%w: %s: %s", ErrAdminSecret, op, e.Message)
	case codeValidationFailed:
		return fmt.Errorf("%w: %s: %s", ErrSchema, op, e.Message)
	case codeConstraintViolation:
		return constraintViolation(op, e.Message)
	case codePostgresError, codePostgresMaxConns:
		// Hasura cannot reach its database: as transient for Latch as Hasura down.
		return unavailable(fmt.Errorf("%s: %s: %s", op, code, e.Message))
	case "":
		return unavailable(fmt.Errorf("%s: error without a code: %q", op, e.Message))
	default:
		return fmt.Errorf("%w: %s: %s: %s", ErrUnexpected, op, code, e.Message)
	}
}

// constraintViolation maps a uniqueness violation on the email to auth.ErrEmailTaken,
// dropping Hasura's message, which names the database constraint. A violation of
// the primary key means the id sequence is behind the table, typically after rows
// were copied in by hand: that is not a duplicate email.
func constraintViolation(op, msg string) error {
	switch {
	case !strings.HasPrefix(msg, "Uniqueness violation."):
		return fmt.Errorf("%w: %s: constraint violation other than uniqueness",
			ErrUnexpected, op)
	case strings.Contains(msg, `_pkey"`):
		return fmt.Errorf("%w: %s: primary key collision: "+
			"the user id sequence is behind the table's ids", ErrUnexpected, op)
	default:
		return fmt.Errorf("hasura: %s: %w", op, auth.ErrEmailTaken)
	}
}

// transportFailure returns a description of err when the request failed below
// GraphQL: no connection, a timeout, an HTTP status other than 200, or a body that
// is not a GraphQL response. It returns nil for errors Hasura itself answered.
func transportFailure(err error) error {
	var netErr graphql.NetworkError
	var opErr *net.OpError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("no answer in time: %w", context.DeadlineExceeded)
	case errors.Is(err, context.Canceled):
		return context.Canceled
	case errors.As(err, &netErr):
		return fmt.Errorf("HTTP status %d", netErr.StatusCode())
	case errors.As(err, &opErr):
		return fmt.Errorf("%s failed: %v", opErr.Op, opErr.Err)
	}

	var timeout interface{ Timeout() bool }
	if errors.As(err, &timeout) && timeout.Timeout() {
		return fmt.Errorf("no answer in time: %w", context.DeadlineExceeded)
	}

	var gqlErrs graphql.Errors
	if errors.As(err, &gqlErrs) && len(gqlErrs) > 0 {
		switch gqlErrs[0].Extensions["code"] {
		case graphql.ErrRequestError:
			return errors.New("request failed: " + firstLine(gqlErrs[0].Message))
		case graphql.ErrJsonDecode, graphql.ErrGraphQLDecode:
			return errors.New("answer is not a GraphQL response")
		}
	}
	return nil
}

// unavailable wraps cause so that errors.Is finds both ErrUnavailable and
// apierr.ErrUnavailable.
func unavailable(cause error) error {
	return apierr.ErrUnavailable.WithCause(fmt.Errorf("%w: %w", ErrUnavailable, cause))
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	const maxLen = 200
	if len(s) > maxLen {
		s = s[:maxLen]
	}
	return s
}
