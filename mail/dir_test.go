package mail

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestDirSender(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data", "mail")
	d, err := NewDirSender(dir, "Acme Voice <noreply@acme.test>")
	if err != nil {
		t.Fatal(err)
	}
	m, data := resetMessage(t)
	m.Body = strings.Replace(m.Body, "Hello,", "Grüß Gott,", 1) // non-ASCII survives 8bit
	m.Subject += " – bitte"

	path, err := d.SendPath(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(path) != dir || !strings.HasSuffix(path, ".eml") {
		t.Fatalf("path %q not a .eml in %q", path, dir)
	}

	if runtime.GOOS != "windows" {
		st, err := os.Stat(dir)
		if err != nil {
			t.Fatal(err)
		}
		if perm := st.Mode().Perm(); perm != 0o700 {
			t.Errorf("dir mode %o, want 700", perm)
		}
		st, err = os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if perm := st.Mode().Perm(); perm != 0o600 {
			t.Errorf("file mode %o, want 600", perm)
		}
	}

	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p := parseMail(t, raw)
	if p.Subject != m.Subject {
		t.Errorf("Subject = %q, want %q", p.Subject, m.Subject)
	}
	if p.Body != m.Body {
		t.Errorf("body differs:\n got %q\nwant %q", p.Body, m.Body)
	}
	if cte := p.Header.Get("Content-Transfer-Encoding"); cte != "8bit" {
		t.Errorf("Content-Transfer-Encoding = %q, want 8bit", cte)
	}
	// The raw file must show the link unbroken, for an operator reading it.
	if !strings.Contains(string(raw), data.Link()) || !strings.Contains(string(raw), data.Command()) {
		t.Errorf("raw .eml does not contain the link verbatim:\n%s", raw)
	}
	for h, want := range map[string]string{
		"Message-Id":     "<outbox-42@eu.portal.acme.test>",
		"Mime-Version":   "1.0",
		"Auto-Submitted": "auto-generated",
	} {
		if got := p.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if from, err := p.Header.AddressList("From"); err != nil || from[0].Address != "noreply@acme.test" || from[0].Name != "Acme Voice" {
		t.Errorf("From = %v (%v)", from, err)
	}
	if to, err := p.Header.AddressList("To"); err != nil || to[0].Address != "jane@example.test" {
		t.Errorf("To = %v (%v)", to, err)
	}
	if date, err := p.Header.Date(); err != nil || time.Since(date) > time.Minute {
		t.Errorf("Date = %v (%v)", date, err)
	}
	if ct := p.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || !strings.Contains(strings.ToLower(ct), "charset=utf-8") {
		t.Errorf("Content-Type = %q", ct)
	}

	// A second mail gets its own file; no temp files are left behind.
	if err := d.Send(context.Background(), Message{To: "b@example.test", Subject: "two", Body: "2\n"}); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("dir has %d entries, want 2", len(entries))
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("leftover temp file %s", e.Name())
		}
	}
}

func TestDirSenderErrors(t *testing.T) {
	t.Parallel()
	if _, err := NewDirSender("", "a@b.test"); err == nil {
		t.Error("empty dir accepted")
	}
	if _, err := NewDirSender(t.TempDir(), "nope"); err == nil {
		t.Error("bad From accepted")
	}
	dir := t.TempDir()
	d, err := NewDirSender(dir, "a@b.test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.SendPath(context.Background(), Message{To: "bad", Subject: "x", Body: "x"}); !IsPermanent(err) {
		t.Errorf("invalid recipient: err = %v, want permanent", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("invalid message left %d files", len(entries))
	}
}
