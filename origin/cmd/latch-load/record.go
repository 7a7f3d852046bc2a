package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
)

// record is one result line of the -out file: an enumeration run or a capacity level.
type record struct {
	Kind string `json:"kind"` // "enum" or "capacity"
	Load string `json:"load"` // /proc/loadavg when the run ended

	// Enumeration.
	Mode          string  `json:"mode,omitempty"`
	Unknown       int     `json:"unknown,omitempty"` // answered calls of each kind
	Wrong         int     `json:"wrong,omitempty"`
	UnknownP50    float64 `json:"unknown_p50_ms,omitempty"`
	UnknownP90    float64 `json:"unknown_p90_ms,omitempty"`
	WrongP50      float64 `json:"wrong_p50_ms,omitempty"`
	WrongP90      float64 `json:"wrong_p90_ms,omitempty"`
	Ratio         float64 `json:"ratio,omitempty"` // unknown p50 / wrong p50
	Status        int     `json:"status,omitempty"`
	Mismatches    int     `json:"mismatches"` // answers differing from the first one
	Complete      bool    `json:"complete"`
	FirstMismatch string  `json:"first_mismatch,omitempty"`

	// Capacity.
	C          int            `json:"c,omitempty"`
	Skipped    string         `json:"skipped,omitempty"` // why the level did not run
	Seconds    float64        `json:"seconds,omitempty"`
	Requests   int            `json:"requests,omitempty"`
	OK         int            `json:"ok,omitempty"`
	ByStatus   map[string]int `json:"by_status,omitempty"` // "200", "429", "error"
	PerSecond  float64        `json:"ok_per_s,omitempty"`
	P50        float64        `json:"p50_ms,omitempty"`
	P99        float64        `json:"p99_ms,omitempty"`
	PeakRSSKiB int64          `json:"peak_rss_kib,omitempty"`
	RSSSource  string         `json:"rss_source,omitempty"`
}

// appendRecord adds r as one JSON line to path; an empty path writes nothing.
func appendRecord(path string, r record) error {
	if path == "" {
		return nil
	}
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readRecords reads every line appendRecord wrote to path.
func readRecords(path string) ([]record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []record
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		out = append(out, r)
	}
	return out, sc.Err()
}
