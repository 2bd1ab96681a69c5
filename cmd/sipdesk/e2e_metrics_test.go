package main

import (
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/sipdesk/sipdesk/metrics/metricstest"
)

var metricsAddrRe = regexp.MustCompile(`msg="metrics and health listening" addr=(\S+)`)

// metricsBase is the base URL of a portal's metrics listener, as its log
// names the address it bound.
func metricsBase(t *testing.T, p *serverProc) string {
	t.Helper()
	m := metricsAddrRe.FindStringSubmatch(p.logs.String())
	if m == nil {
		t.Fatalf("no metrics listener in the log:\n%s", p.logs.String())
	}
	return "http://" + m[1]
}

// sample is the value of one series in exposition text (labels as
// Prometheus writes them, sorted by name), 0 when it is not there yet.
func sample(t *testing.T, text, series string) float64 {
	t.Helper()
	for _, line := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("series %s: %v", series, err)
			}
			return f
		}
	}
	return 0
}

// An operator's view of a day at the portal: a customer in the TUI, a
// script running a command, someone typing a wrong password. /metrics
// counts each, /readyz answers 200, and after SIGTERM 503 while the TUI
// session is still open, until it ends.
func TestE2EMetricsAndReadinessOfTheRunningPortal(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir(), "--metrics-listen", "127.0.0.1:0")
	base := metricsBase(t, p)
	user, password := p.demo(t)
	scrape := func() string {
		t.Helper()
		code, body := metricstest.Get(t, base+"/metrics")
		if code != 200 {
			t.Fatalf("/metrics: %d\n%s", code, body)
		}
		return body
	}
	waitUntil(t, "/readyz answers 200", func() bool { code, _ := metricstest.Get(t, base+"/readyz"); return code == 200 })
	if code, body := metricstest.Get(t, base+"/healthz"); code != 200 || body != "ok\n" {
		t.Fatalf("/healthz: %d %q", code, body)
	}

	const (
		tuiOpen   = `sipdesk_sessions_open{kind="tui",region="ch"}`
		cmdOpen   = `sipdesk_sessions_open{kind="command",region="ch"}`
		cmdTotal  = `sipdesk_sessions_total{kind="command",region="ch"}`
		kbdOK     = `sipdesk_logins_total{method="keyboard-interactive",outcome="success"}`
		kbdFailed = `sipdesk_logins_total{method="keyboard-interactive",outcome="failure"}`
		kbdTimed  = `sipdesk_auth_duration_seconds_count{method="keyboard-interactive"}`
	)
	before := scrape()
	if sample(t, before, tuiOpen) != 0 || sample(t, before, kbdOK) != 0 {
		t.Fatalf("sessions or logins counted before any client came:\n%s", before)
	}
	if !strings.Contains(before, `sipdesk_build_info{`) {
		t.Fatal("no sipdesk_build_info")
	}

	term := loginTUI(t, p, user, password)
	if out, code := sshCommand(t, p, user, password, "whoami"); code != 0 || !strings.Contains(out, user) {
		t.Fatalf("whoami: exit %d\n%s", code, out)
	}
	if _, code := runCmd(t, p, user, []string{"Not-the-password-1"}, "whoami"); code == 0 {
		t.Fatal("a wrong password logged in")
	}
	var after string
	waitUntil(t, "the command session is closed in the metrics", func() bool {
		after = scrape()
		return sample(t, after, cmdTotal) == 1 && sample(t, after, cmdOpen) == 0
	})
	for series, want := range map[string]float64{tuiOpen: 1, kbdOK: 2, kbdFailed: 1, kbdTimed: 3} {
		if got := sample(t, after, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	for _, leak := range []string{user, "127.0.0.1", "+41"} {
		if strings.Contains(after, leak) {
			t.Errorf("/metrics holds %q, which is no label value", leak)
		}
	}
	metricstest.Promtool(t, after)

	// SIGTERM with a TUI and an upload open: TUIs are told at once, the
	// upload may finish, and meanwhile /readyz says the portal drains.
	held := openTerminal(t, sshArgs(p, "", user+"@127.0.0.1", "music", "upload", "hold")...)
	held.expect("Password:")
	held.typeLine(password)
	waitUntil(t, "the held upload is an open command session", func() bool {
		return sample(t, scrape(), cmdOpen) == 1
	})
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "/readyz answers 503 while draining", func() bool {
		code, body := metricstest.Get(t, base+"/readyz")
		return code == 503 && strings.Contains(body, "fail draining")
	})
	if code, _ := metricstest.Get(t, base+"/healthz"); code != 200 {
		t.Error("/healthz must answer while draining")
	}
	if got := sample(t, scrape(), cmdOpen); got != 1 {
		t.Errorf("the upload while draining: %s = %v", cmdOpen, got)
	}
	term.expect("the portal is restarting")
	if code := term.exitCode(); code != 75 {
		t.Fatalf("the TUI: ssh exit %d on SIGTERM, want 75", code)
	}
	held.send("\x04") // end of input: an empty upload, refused
	if code := held.exitCode(); code == 0 {
		t.Fatal("an empty upload was accepted")
	}
	p.stop(t)
}
