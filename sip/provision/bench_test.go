package provision_test

import (
	"context"
	"errors"
	"sort"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
)

// BenchmarkVoIPPasswordChangeToRegistrar measures, per change, the time
// from `voip-password --new` (RegenerateVoIPPassword, as the ssh command
// and the card call it) until the real registrar answers a REGISTER with
// the new password with 200, with the provisioning worker running as in
// production (woken by the change). Run it as
//
//	go test -run '^$' -bench VoIPPasswordChange -benchtime 50x ./sip/provision/
//
// It reports p50 and p99 over the b.N changes, and the cost of one sipsak
// REGISTER alone (a fresh process and two round trips), which is included.
func BenchmarkVoIPPasswordChangeToRegistrar(b *testing.B) {
	p := setup(b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p.worker.Poll = time.Hour // only the change's wake-up counts
	done := make(chan struct{})
	go func() { defer close(done); p.worker.Run(ctx) }()
	defer func() { cancel(); <-done }()
	p.assign(b, pbx, portal.ProductPBX)
	c := p.credentials(b, pbx)
	for errors.Is(p.register(b, c.Username, c.Password), kamtest.ErrUnauthorized) {
	}
	var samples, regOnly []time.Duration
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		c, err := p.svc.RegenerateVoIPPassword(ctx, p.alice, pbx, "")
		if err != nil {
			b.Fatal(err)
		}
		for {
			t0 := time.Now()
			err := p.register(b, c.Username, c.Password)
			if err == nil {
				regOnly = append(regOnly, time.Since(t0))
				break
			}
		}
		samples = append(samples, time.Since(start))
	}
	b.StopTimer()
	b.ReportMetric(ms(percentile(samples, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(samples, 99)), "p99-ms")
	b.ReportMetric(ms(percentile(regOnly, 50)), "register-p50-ms")
}

func percentile(d []time.Duration, p int) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[(len(s)*p+99)/100-1]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
