package action_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/latchauth/latch/core/action"
	"github.com/latchauth/latch/core/apierr"
)

func TestRecordLogLevel(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		level  string
		status int
		code   apierr.Code
	}{
		{"client hung up", fmt.Errorf("find user: %w", context.Canceled),
			"WARN", 499, apierr.Canceled},
		{"client hung up during a store call",
			apierr.ErrUnavailable.WithCause(fmt.Errorf("hasura: %w", context.Canceled)),
			"WARN", 499, apierr.Canceled},
		{"store unavailable", apierr.ErrUnavailable.WithCause(errors.New("refused")),
			"ERROR", 424, apierr.Unavailable},
		{"deadline we set", fmt.Errorf("find user: %w", context.DeadlineExceeded),
			"ERROR", 500, apierr.Internal},
		{"bug", errors.New("nil map"), "ERROR", 500, apierr.Internal},
		{"wrong password", apierr.ErrInvalidCredentials, "WARN", 401,
			apierr.InvalidCredentials},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			log := slog.New(slog.NewJSONHandler(&buf, nil))
			rec := &action.Record{ID: "r1", Action: "Login"}
			rec.Fail(tt.err)
			rec.Log(context.Background(), log, httptest.NewRequest("POST", "/login", nil),
				time.Millisecond)

			var line struct {
				Level  string
				Status int
				Code   apierr.Code
			}
			if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
				t.Fatalf("log line %q: %v", buf.String(), err)
			}
			if line.Level != tt.level || line.Status != tt.status || line.Code != tt.code {
				t.Errorf("logged %s %d %s, want %s %d %s", line.Level, line.Status,
					line.Code, tt.level, tt.status, tt.code)
			}
		})
	}
}
