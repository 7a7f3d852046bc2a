package password

import "testing"

// The benchmarks run at DefaultProfile, the cost a login pays in production.

func BenchmarkHashDefault(b *testing.B) {
	h := newHasher(b, DefaultProfile)
	for b.Loop() {
		if _, err := h.Hash("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyDefault(b *testing.B) {
	h := newHasher(b, DefaultProfile)
	stored, err := h.Hash("correct horse battery staple")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if v, err := h.Verify("correct horse battery staple", stored); err != nil || !v.Match {
			b.Fatal(v, err)
		}
	}
}

func BenchmarkDummyVerify(b *testing.B) {
	h := newHasher(b, DefaultProfile)
	for b.Loop() {
		h.DummyVerify("correct horse battery staple")
	}
}
