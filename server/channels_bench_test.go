package server

import (
	"runtime"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db/dbtest"
)

// BenchmarkEnvFlood measures what a password-less forgot@ connection can
// make the server hold with env requests: 1,500 requests of 130 KB each
// (the attack of issue 11, which raised RSS from 38 to 324 MB). It reports
// the heap still in use after the flood (retained-MB, with the connection
// open) and the largest heap seen during it (peak-heap-MB); the client runs
// in the same process, so both include its own transient buffers.
func BenchmarkEnvFlood(b *testing.B) {
	p := startPortal(b, dbtest.SQLite(b), nil)
	value := strings.Repeat("x", 130_000)
	for i := 0; i < b.N; i++ {
		var before runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		c, err := p.dial("forgot", gossh.Password("x"))
		if err != nil {
			b.Fatal(err)
		}
		s, err := c.NewSession()
		if err != nil {
			b.Fatal(err)
		}
		var peak uint64
		refused := 0
		for j := 0; j < 1500; j++ {
			if s.Setenv("LANG", value) != nil {
				refused++
			}
			if j%100 == 0 {
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
			}
		}
		var after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(refused), "refused")
		b.ReportMetric(float64(int64(after.HeapInuse)-int64(before.HeapInuse))/(1<<20), "retained-MB")
		b.ReportMetric(float64(int64(peak)-int64(before.HeapInuse))/(1<<20), "peak-heap-MB")
		s.Close()
		c.Close()
	}
}
