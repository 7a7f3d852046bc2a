package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// loadAverage returns the first three fields of /proc/loadavg, or "?" where unreadable.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// procStatusKiB returns a "kB" field, such as VmRSS or VmHWM, of /proc/<pid>/status.
func procStatusKiB(pid int, field string) (int64, error) {
	return kibField(fmt.Sprintf("/proc/%d/status", pid), field)
}

// memAvailableKiB returns MemAvailable from /proc/meminfo.
func memAvailableKiB() (int64, error) { return kibField("/proc/meminfo", "MemAvailable") }

// kibField reads "<field>: <n> kB" from a /proc file.
func kibField(path, field string) (int64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		num, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
		return strconv.ParseInt(num, 10, 64)
	}
	return 0, fmt.Errorf("%s: no %s", path, field)
}
