package server

import (
	"bytes"
	"strings"
	"testing"

	"github.com/pkg/sftp"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db/dbtest"
)

// Issue 11: `head -c 300M /dev/zero | ssh ... scp -t music/hold` was read
// as one header line and grew the server by 700 MB. A line has a bound.
func TestSCPHeaderLinesAreBounded(t *testing.T) {
	t.Parallel()
	c := aliceConnection(t)
	out, _, code := runWithStdin(t, c, "scp -t music/hold", make([]byte, 1<<20))
	if want := "\x02sipdesk: an scp protocol line is longer than 4,096 bytes; refused\n"; code != 1 || !strings.Contains(out, want) {
		t.Fatalf("exit %d, stdout %q; want exit 1 and %q", code, out, want)
	}
}

// The legacy protocol's refusals are in the session's language like every
// other upload message: a directory (`scp -O -r`), and what only a broken
// client sends.
func TestSCPRefusalsSpeakTheSessionsLanguage(t *testing.T) {
	t.Parallel()
	c := aliceConnection(t)
	for _, tc := range []struct{ lang, cmd, stdin, want string }{
		{"de_CH.UTF-8", "scp -r -t music/hold", "D0755 0 ordner\n", "\x01sipdesk: Verzeichnisse lassen sich nicht hochladen; kopieren Sie eine einzelne wav- oder mp3-Datei\n"},
		{"fr_CH.UTF-8", "scp -t music/hold", "C0644 beaucoup x.wav\n", "\x02sipdesk: en-tête de fichier scp invalide\n"},
		{"it_CH.UTF-8", "scp -t music/hold", "?\n", "\x02sipdesk: dati inattesi nel protocollo scp\n"},
		{"de_CH.UTF-8", "scp music/hold", "", "\x02sipdesk: nur scp-Uploads (-t) und -Downloads (-f) werden unterstützt\n"},
		{"de_CH.UTF-8", "scp -t music/hold", strings.Repeat("C", 5000), "\x02sipdesk: eine Zeile des scp-Protokolls ist länger als 4’096 Bytes; abgelehnt\n"},
	} {
		out, errOut, code := runSession(t, c, tc.lang, tc.cmd, []byte(tc.stdin))
		if code != 1 || !strings.Contains(out, tc.want) {
			t.Errorf("LANG=%s %s < %.20q: exit %d, stdout %q, stderr %q; want exit 1 and %q", tc.lang, tc.cmd, tc.stdin, code, out, errOut, tc.want)
		}
	}
}

// Issue 11: 8,000 writes of 32 KB at offsets 1..N were all parked (406 MB),
// even after the upload was refused.
func TestSFTPOverlappingWritesAreRefusedAtTheLimit(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	p.customer(t, "alice@example.ch")
	sc, _ := p.sftpLogin(t, "alice@example.ch")
	f, err := sc.Create("music/hold/ooo.wav")
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte{'x'}, 32<<10)
	refused := 0
	for off := int64(1); off <= 400; off++ {
		if _, err := f.WriteAt(chunk, off); err != nil {
			if !strings.Contains(statusMessage(err), "hold music may be at most 1,572,864 bytes") {
				t.Fatalf("write at %d: %v", off, err)
			}
			refused++
		}
	}
	// 1.5 MB of parked writes is the most a hold upload may hold: every
	// write after that, and after the refusal, is refused.
	if taken := 400 - refused; taken > 48 {
		t.Fatalf("%d overlapping writes of 32 KB were taken", taken)
	}
	if err := f.Close(); err == nil {
		t.Fatal("the refused upload closed without an error")
	}
}

// Issue 11: 150 read handles on one file held 150 copies of it.
func TestSFTPOpenHandlesPerSessionAreCapped(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	p.customer(t, "alice@example.ch")
	sc, _ := p.sftpLogin(t, "alice@example.ch")
	var open []*sftp.File
	defer func() {
		for _, f := range open {
			f.Close()
		}
	}()
	for i := range 150 {
		f, err := sc.Open("music/hold.wav")
		if err != nil {
			if i != 16 || !strings.Contains(statusMessage(err), "too many files open in this session (at most 16)") {
				t.Fatalf("open %d: %v", i+1, err)
			}
			break
		}
		if i == 16 {
			t.Fatal("a 17th handle was opened")
		}
		open = append(open, f)
	}
	// Closing one makes room for the next; the content is the same.
	open[0].Close()
	open = open[1:]
	f, err := sc.Open("music/hold.wav")
	if err != nil {
		t.Fatalf("open after a close: %v", err)
	}
	open = append(open, f)
	var a, b bytes.Buffer
	if _, err := f.WriteTo(&a); err != nil {
		t.Fatal(err)
	}
	if _, err := open[0].WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if a.Len() == 0 || !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("two handles read %d and %d bytes", a.Len(), b.Len())
	}
}

// The upload paths' own refusals reach `music upload` in the session's
// language with the upload exit status: here a third upload while two of
// the account's are still arriving.
func TestAThirdUploadAtOnceIsRefusedInTheSessionsLanguage(t *testing.T) {
	t.Parallel()
	c := aliceConnection(t)
	for range 2 { // two uploads that keep arriving: their stdin stays open
		s, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		in, _ := s.StdinPipe()
		defer in.Close()
		if err := s.Start("music upload hold"); err != nil {
			t.Fatal(err)
		}
		if _, err := in.Write([]byte("RIFF")); err != nil {
			t.Fatal(err)
		}
	}
	const want = "Sie haben schon zwei Uploads laufen"
	var out, errOut string
	var code int
	waitFor(t, "the third upload is refused as one too many", func() bool {
		out, errOut, code = runSession(t, c, "de_CH.UTF-8", "music upload queue", []byte("RIFF"))
		return strings.Contains(errOut, want)
	})
	if code != 5 || strings.Contains(errOut, "two uploads") {
		t.Fatalf("exit %d, want 5, in German:\n%s%s", code, out, errOut)
	}
}

// aliceConnection is a logged-in SSH connection of a customer on a new
// portal over SQLite, closed when the test ends.
func aliceConnection(t *testing.T) *gossh.Client {
	t.Helper()
	p := startPortal(t, dbtest.SQLite(t), nil)
	p.customer(t, "alice@example.ch")
	c, err := p.dial("alice@example.ch", kbd(testPassword, nil))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}
