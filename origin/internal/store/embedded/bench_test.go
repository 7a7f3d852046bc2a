package embedded

import (
	"context"
	"fmt"
	"testing"
)

func BenchmarkFindByEmail(b *testing.B) {
	const users = 1000
	s, _ := openTest(b)
	for i := range users {
		mustCreate(b, s, fmt.Sprintf("user%d@example.com", i), hashA)
	}
	ctx := context.Background()

	i := 0
	for b.Loop() {
		email := fmt.Sprintf("user%d@example.com", i%users)
		if _, err := s.FindByEmail(ctx, email); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkCreate measures one durable insert; each is a transaction with an fsync.
func BenchmarkCreate(b *testing.B) {
	s, _ := openTest(b)
	ctx := context.Background()

	i := 0
	for b.Loop() {
		if _, err := s.Create(ctx, fmt.Sprintf("user%d@example.com", i), hashA); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
