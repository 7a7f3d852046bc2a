package password

import (
	"errors"
	"testing"
)

func TestDefaultsAreUsable(t *testing.T) {
	want := Profile{Memory: 65536, Time: 3, Threads: 4, SaltLen: 16, KeyLen: 32}
	if DefaultProfile != want {
		t.Errorf("DefaultProfile = %+v, want %+v", DefaultProfile, want)
	}
	if _, err := New(DefaultProfile, DefaultLimits); err != nil {
		t.Errorf("New(DefaultProfile, DefaultLimits): %v", err)
	}
}

func TestNewRejects(t *testing.T) {
	tests := []struct {
		name string
		p    Profile
		lim  Limits
	}{
		{"zero profile", Profile{}, DefaultLimits},
		{"t=0", with(func(p *Profile) { p.Time = 0 }), DefaultLimits},
		{"p=0", with(func(p *Profile) { p.Threads = 0 }), DefaultLimits},
		{"m below 8 per lane", with(func(p *Profile) { p.Memory, p.Threads = 15, 2 }),
			DefaultLimits},
		{"short salt", with(func(p *Profile) { p.SaltLen = 8 }), DefaultLimits},
		{"short key", with(func(p *Profile) { p.KeyLen = 8 }), DefaultLimits},
		{"zero limits", testProfile, Limits{}},
		{"limits refuse minimum salt", testProfile,
			withLimits(func(l *Limits) { l.MaxSaltLen = 7 })},
		{"profile above memory cap", with(func(p *Profile) { p.Memory = 1 << 20 }),
			DefaultLimits},
		{"profile above time cap", with(func(p *Profile) { p.Time = 11 }), DefaultLimits},
		{"profile above lane cap", with(func(p *Profile) { p.Threads = 33; p.Memory = 1024 }),
			DefaultLimits},
		{"profile above salt cap", with(func(p *Profile) { p.SaltLen = 65 }), DefaultLimits},
		{"profile above key cap", with(func(p *Profile) { p.KeyLen = 65 }), DefaultLimits},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := New(tt.p, tt.lim)
			if !errors.Is(err, ErrInvalidProfile) || h != nil {
				t.Fatalf("New = %v, %v; want ErrInvalidProfile", h, err)
			}
		})
	}
}

// with returns testProfile changed by edit.
func with(edit func(*Profile)) Profile {
	p := testProfile
	edit(&p)
	return p
}

// withLimits returns DefaultLimits changed by edit.
func withLimits(edit func(*Limits)) Limits {
	l := DefaultLimits
	edit(&l)
	return l
}
