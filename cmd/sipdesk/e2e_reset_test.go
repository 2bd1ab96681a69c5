package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/pquerna/otp/totp"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

var resetCmdRe = regexp.MustCompile(`ssh -p (\d+) (reset\+[a-z2-7]+)@(\S+)`)

// mailsIn returns the .eml files the server wrote, oldest first.
func mailsIn(t *testing.T, dataDir string) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dataDir, "mail", "*.eml"))
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// waitUntil polls cond until it holds; after 20 s the test fails naming
// what it waited for. It stands for a condition, never for a fixed time.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	waitWithin(t, 20*time.Second, what, cond)
}

// waitWithin polls cond every 20 ms until it holds; after d the test fails
// naming what it waited for.
func waitWithin(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	waitShowing(t, d, what, cond, nil)
}

// waitMail waits for the n-th mail in the data directory.
func waitMail(t *testing.T, dataDir string, n int) string {
	t.Helper()
	var mails []string
	waitShowing(t, 20*time.Second, fmt.Sprintf("mail %d", n), func() bool {
		mails = mailsIn(t, dataDir)
		return len(mails) >= n
	}, func() string { return fmt.Sprintf("%d mails", len(mails)) })
	return mails[n-1]
}

// forgot fills the forgot-password form at a region's portal and returns
// the answer shown.
func forgot(t *testing.T, p *serverProc, region string, fields ...string) string {
	t.Helper()
	args := sshArgs(p, "", "forgot@127.0.0.1")
	args = replacePort(args, p.ports[region])
	term := openTerminal(t, args...)
	term.expect("Forgot your password?")
	if region == "AT" {
		term.expect("User ID")
	}
	for i, f := range fields {
		if i < len(fields)-1 {
			term.send(f + "\t")
		} else {
			term.typeLine(f)
		}
	}
	term.expectNew("q quit")
	answer := term.since()
	term.send("q")
	term.exitCode()
	// Compare what a reader sees: words, not where the terminal wrapped them.
	return strings.Join(strings.Fields(answer[strings.Index(answer, "If the data"):strings.Index(answer, "q quit")]), " ")
}

func replacePort(args []string, port string) []string {
	out := append([]string(nil), args...)
	for i := range out {
		if out[i] == "-p" {
			out[i+1] = port
		}
	}
	return out
}

// resetWith opens the reset link from a mail and sets newPW (and a code).
func resetWith(t *testing.T, p *serverProc, mailText, newPW, code string) *terminal {
	t.Helper()
	m := resetCmdRe.FindStringSubmatch(mailText)
	if m == nil {
		t.Fatalf("no reset command in the mail:\n%s", mailText)
	}
	args := replacePort(sshArgs(p, "", m[2]+"@127.0.0.1"), m[1])
	term := openTerminal(t, args...)
	term.expect("New password")
	fields := newPW + "\t" + newPW
	if code != "" {
		fields += "\t" + code
	}
	term.typeLine(fields)
	return term
}

func TestE2EForgotPasswordOnTheDefaultStore(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir())
	user, oldPW := p.demo(t)

	known := forgot(t, p, "CH", user)
	unknown := forgot(t, p, "CH", "nobody@example.ch")
	if known != unknown || !strings.Contains(known, "within a few minutes") || !strings.Contains(known, "customercare@example.ch") {
		t.Fatalf("answers differ or are incomplete:\n%q\n%q", known, unknown)
	}
	// The form answers after the request's transaction: a mail it queued
	// for the unknown address would be in the outbox by now, whether or
	// not the worker has written it out yet.
	svc := openService(t, p.dataDir)
	queued, err := svc.OutboxMails(context.Background(), false, 100)
	if err != nil || len(queued) != 1 || queued[0].To != user {
		t.Fatalf("outbox after a known and an unknown address: %+v (%v); want one mail, to %s", queued, err, user)
	}
	mailText := waitMail(t, p.dataDir, 1)
	if !strings.Contains(mailText, "To: <"+user+">") || !strings.Contains(mailText, "ssh://reset+") {
		t.Fatalf("mail:\n%s", mailText)
	}
	if strings.Contains(p.logs.String(), resetCmdRe.FindStringSubmatch(mailText)[2]) {
		t.Fatal("the reset token is in the server log")
	}

	newPW := "Reset-pass-2026"
	term := resetWith(t, p, mailText, newPW, "")
	term.expectNew("Your password was changed")
	term.send("q")
	term.exitCode()

	// The used link is refused; the old password no longer works; the new one does.
	m := resetCmdRe.FindStringSubmatch(mailText)
	again := openTerminal(t, replacePort(sshArgs(p, "", "-o", "PreferredAuthentications=keyboard-interactive", m[2]+"@127.0.0.1"), m[1])...)
	again.expect("This link is not valid: it has expired or was already used", "forgot@")
	if rc := again.exitCode(); rc != 255 {
		t.Fatalf("used link: exit %d", rc)
	}
	if _, rc := runCmd(t, p, user, []string{oldPW}, "whoami"); rc == 0 {
		t.Fatal("old password still works")
	}
	if out, rc := runCmd(t, p, user, []string{newPW}, "whoami"); rc != 0 {
		t.Fatalf("new password refused:\n%s", out)
	}
}

func TestE2EForgotPasswordPerRegion(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir(), "--listen", "at=127.0.0.1:0")
	svc := openService(t, p.dataDir)
	ctx := context.Background()
	if _, err := svc.CreateAccount(ctx, svc.DB, portal.NewAccountRequest{UserID: "k-1001", Email: "anna@example.at", Region: "AT", Password: "Wien-2026-pass"}); err != nil {
		t.Fatal(err)
	}
	// The AT portal asks user ID and email; matching and non-matching data
	// get the same answer; only the match sends a mail.
	match := forgot(t, p, "AT", "k-1001", "anna@example.at")
	wrongID := forgot(t, p, "AT", "k-1002", "anna@example.at")
	if match != wrongID {
		t.Fatalf("AT answers differ:\n%q\n%q", match, wrongID)
	}
	mailText := waitMail(t, p.dataDir, 1)
	if !strings.Contains(mailText, "To: <anna@example.at>") || !strings.Contains(mailText, "@localhost:"+p.ports["AT"]) {
		t.Fatalf("AT mail does not point to the AT portal:\n%s", mailText)
	}
	// The CH portal does not know the AT account.
	// The form answers after the request's transaction: a mail it queued
	// would be in the outbox by now.
	forgot(t, p, "CH", "anna@example.at")
	if queued, err := svc.OutboxMails(ctx, false, 100); err != nil || len(queued) != 1 {
		t.Fatalf("%d mails queued (%v); the CH portal mailed an AT account", len(queued), err)
	}
	// An AT account logging in at the CH portal is sent to its portal, after the password.
	out, rc := runCmd(t, p, "k-1001", []string{"Wien-2026-pass"}, "whoami")
	if rc == 0 || !strings.Contains(out, "belongs to the AT customer portal") {
		t.Fatalf("AT account at the CH portal: exit %d\n%s", rc, out)
	}
}

func TestE2EExpiredResetLinkIsRefused(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir(), "--reset-link-validity", "1s")
	user, _ := p.demo(t)
	forgot(t, p, "CH", user)
	mailText := waitMail(t, p.dataDir, 1)
	m := resetCmdRe.FindStringSubmatch(mailText)
	// Wait until the store itself calls the link expired.
	svc := openService(t, p.dataDir)
	token := strings.TrimPrefix(m[2], "reset+")
	waitUntil(t, "the 1s reset link expired", func() bool {
		_, err := svc.ResetAccount(context.Background(), token)
		return errors.Is(err, portal.ErrTokenInvalid)
	})
	// Every method the client has: the refusal ends the login at once,
	// without the password prompts OpenSSH would otherwise go on to.
	term := openTerminal(t, replacePort(sshArgs(p, "", m[2]+"@127.0.0.1"), m[1])...)
	term.expect("This link is not valid")
	if rc := term.exitCode(); rc != 255 {
		t.Fatalf("expired link: exit %d", rc)
	}
	if s := term.screen(); strings.Contains(strings.ToLower(s), "password:") {
		t.Fatalf("a password prompt after the refusal:\n%s", s)
	}
}

func TestE2EResetWithTwoFactorAsksForACode(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir())
	user, _ := p.demo(t)
	svc := openService(t, p.dataDir)
	ctx := context.Background()
	acct, err := db.AccountByUserID(ctx, svc.DB, user)
	if err != nil {
		t.Fatal(err)
	}
	setup, _ := svc.NewTOTPSetup(user)
	code, _ := totp.GenerateCode(setup.Secret, time.Now())
	if _, err := svc.ActivateTOTP(ctx, acct, setup, code); err != nil {
		t.Fatal(err)
	}
	forgot(t, p, "CH", user)
	mailText := waitMail(t, p.dataDir, 2) // the first mail says 2FA was turned on
	if !strings.Contains(mailText, "reset+") {
		mailText = waitMail(t, p.dataDir, 1)
	}
	term := resetWith(t, p, mailText, "Reset-pass-2026", "000000")
	term.expectNew("Wrong or expired one-time code")
	next, _ := totp.GenerateCode(setup.Secret, time.Now().Add(30*time.Second))
	term.typeLine(next) // the code field keeps the focus after a wrong code
	term.expectNew("Your password was changed")
}

// smtpRecorder is a real SMTP server in the test process.
type smtpRecorder struct {
	mu   sync.Mutex
	msgs []string
}

func (r *smtpRecorder) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{r: r}, nil }

type smtpSession struct{ r *smtpRecorder }

func (s *smtpSession) AuthPlain(string, string) error       { return nil }
func (s *smtpSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *smtpSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *smtpSession) Reset()                               {}
func (s *smtpSession) Logout() error                        { return nil }
func (s *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.r.mu.Lock()
	s.r.msgs = append(s.r.msgs, string(b))
	s.r.mu.Unlock()
	return nil
}

func TestE2EResetMailGoesOutThroughSMTP(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	rec := &smtpRecorder{}
	srv := smtp.NewServer(rec)
	srv.Domain, srv.AllowInsecureAuth = "localhost", true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)

	p := startPortal(t, t.TempDir(), "--smtp-host", "127.0.0.1", "--smtp-port", port, "--smtp-security", "none")
	user, _ := p.demo(t)
	forgot(t, p, "CH", user)
	waitShowing(t, 20*time.Second, "a mail at the SMTP server", func() bool {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		return len(rec.msgs) > 0
	}, func() string { return "the portal's log:\n" + p.logs.String() })
	rec.mu.Lock()
	msg := rec.msgs[0]
	rec.mu.Unlock()
	if !strings.Contains(msg, "To: <"+user+">") || !resetCmdRe.MatchString(msg) {
		t.Fatalf("delivered message:\n%s", msg)
	}
	if _, err := os.Stat(filepath.Join(p.dataDir, "mail")); err == nil {
		t.Fatal("with SMTP configured, mails must not be written to files")
	}
}

// The reset link's form speaks the account's language setting, which the
// token identifies, before the client's LANG (English here) (issue 14).
func TestE2EResetFormSpeaksTheAccountsLanguage(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir())
	term := openFrenchResetForm(t, p)
	term.send("\x1b")
	term.exitCode()
}
