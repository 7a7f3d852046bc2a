package embedded

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/latchauth/latch/core/auth"
)

func Example() {
	dir, err := os.MkdirTemp("", "latch-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)

	s, err := Open(dir)
	if err != nil {
		panic(err)
	}
	defer s.Close()

	ctx := context.Background()
	u, _ := s.Create(ctx, "ana@example.com", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$dGFn")
	_, err = s.Create(ctx, "ana@example.com", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$b3RoZXI")
	fmt.Println(u.ID, errors.Is(err, auth.ErrEmailTaken))

	found, _ := s.FindByEmail(ctx, "ana@example.com")
	fmt.Println(found.Principal().AllowedRoles)
	// Output:
	// 1 true
	// [user]
}
