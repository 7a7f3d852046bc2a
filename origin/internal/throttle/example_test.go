package throttle_test

import (
	"context"
	"fmt"
	"time"

	"github.com/latchauth/latch/core/apierr"
	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/origin/internal/admission"
	"github.com/latchauth/latch/origin/internal/throttle"
)

// Throttling goes outside admission control, so that a locked-out email never waits
// for a hashing slot.
func Example() {
	var local auth.Accounts = &fakeAccounts{} // auth.NewLocal(hasher, store, log) in serve
	slots := admission.Slots(1<<30, 64*1024, 4)
	accounts := throttle.New(admission.Wrap(local, admission.New(slots, 2*time.Second)))

	ctx := auth.WithClient(context.Background(), "203.0.113.5")
	var err error
	for range 11 {
		_, err = accounts.Authenticate(ctx, "ana@example.com", "wrong")
	}
	e := apierr.From(err)
	fmt.Println(e.Status, e.Code, e.RetryAfter > 0)
	// Output: 429 too_many_attempts true
}
