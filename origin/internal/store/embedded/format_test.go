package embedded

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestFileFormat reads the file with bbolt directly and checks it against the layout
// the package doc promises to future migrations.
func TestFileFormat(t *testing.T) {
	created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("CET", 3600))
	s, dir := openTest(t, WithClock(func() time.Time { return created }))
	u := mustCreate(t, s, "ana@example.com", hashA)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	db, err := bolt.Open(filepath.Join(dir, FileName), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	err = db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket([]byte("meta")).Get([]byte("version")); string(v) != "1" {
			t.Errorf("meta/version = %q, want \"1\"", v)
		}

		key := []byte{0, 0, 0, 0, 0, 0, 0, 1}
		id := tx.Bucket([]byte("users_by_email")).Get([]byte("ana@example.com"))
		if string(id) != string(key) {
			t.Errorf("users_by_email value = %x, want %x", id, key)
		}

		raw := tx.Bucket([]byte("users")).Get(key)
		var got map[string]any
		if err := json.Unmarshal(raw, &got); err != nil {
			return err
		}
		want := map[string]any{
			"id":            float64(u.ID),
			"email":         "ana@example.com",
			"password_hash": hashA,
			"default_role":  "user",
			"roles":         []any{},
			"created_at":    "2026-01-02T02:04:05Z",
		}
		if len(got) != len(want) {
			t.Errorf("record has fields %v, want %v", got, want)
		}
		for k, w := range want {
			if g, ok := got[k]; !ok || !jsonEqual(g, w) {
				t.Errorf("record[%q] = %#v, want %#v", k, g, w)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func jsonEqual(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func TestOpenRejectsOtherVersion(t *testing.T) {
	s, dir := openTest(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	db, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("version"), []byte("2"))
	})
	if cerr := db.Close(); err != nil || cerr != nil {
		t.Fatal(errors.Join(err, cerr))
	}

	s, err = Open(dir)
	if err == nil {
		s.Close()
		t.Fatal("Open of a version 2 file succeeded")
	}
	if !strings.Contains(err.Error(), "version") {
		t.Errorf("error %q does not mention the version", err)
	}
}
