package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// The server is measured from outside, as an operator would: its resident
// memory and CPU time from /proc. USER_HZ is 100 on Linux.
const clockTicks = 100

// memory is the server's resident set and proportional set size in bytes.
type memory struct{ rss, pss int64 }

func readMemory(pid int) (memory, error) {
	var m memory
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return m, err
	}
	m.rss = kbField(status, "VmRSS:")
	if rollup, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid)); err == nil {
		m.pss = kbField(rollup, "Pss:")
	}
	return m, nil
}

func kbField(data []byte, name string) int64 {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, name); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n * 1024
			}
		}
	}
	return 0
}

// cpuTime is utime+stime of the process.
func cpuTime(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name may hold spaces; fields count from after its ')'.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat", pid)
	}
	f := strings.Fields(string(data[i+1:]))
	// After ')': state is field 3, so utime (14) and stime (15) are f[11], f[12].
	if len(f) < 13 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat", pid)
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / clockTicks, nil
}

// settledMemory samples memory a few times and returns the median RSS and
// PSS: the Go heap breathes with each collection.
func settledMemory(pid int, samples int, every time.Duration) (memory, error) {
	var rss, pss []float64
	for i := range samples {
		if i > 0 {
			time.Sleep(every)
		}
		m, err := readMemory(pid)
		if err != nil {
			return memory{}, err
		}
		rss = append(rss, float64(m.rss))
		pss = append(pss, float64(m.pss))
	}
	return memory{rss: int64(median(rss)), pss: int64(median(pss))}, nil
}

const mib = 1 << 20
