package password_test

import (
	"fmt"
	"log"

	"github.com/latchauth/latch/origin/internal/password"
)

func Example() {
	h, err := password.New(password.DefaultProfile, password.DefaultLimits)
	if err != nil {
		log.Fatal(err)
	}

	// A hash argon2-cffi wrote with its 21.1 defaults: it verifies, and a match asks
	// for a rewrite with the current profile.
	stored := "$argon2id$v=19$m=102400,t=2,p=8$hZytOuGM5DlQCNF44Mzw+Q$zdvgYasxXFqC2nhDQq0jeg"
	v, err := h.Verify("password123", stored)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("match=%v rehash=%v\n", v.Match, v.Rehash)

	if v.Match && v.Rehash {
		fresh, err := h.Hash("password123")
		if err != nil {
			log.Fatal(err)
		}
		v, _ = h.Verify("password123", fresh)
		fmt.Printf("match=%v rehash=%v\n", v.Match, v.Rehash)
	}

	v, _ = h.Verify("password124", stored)
	fmt.Printf("match=%v rehash=%v\n", v.Match, v.Rehash)
	// Output:
	// match=true rehash=true
	// match=true rehash=false
	// match=false rehash=false
}
