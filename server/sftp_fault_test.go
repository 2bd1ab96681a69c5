package server

import (
	"regexp"
	"strings"
	"testing"

	"github.com/pkg/sftp"

	"github.com/sipdesk/sipdesk/db/dbtest"
)

var refRe = regexp.MustCompile(`\(ref [0-9a-f]{6}\)`)

// Issue 13.4: SFTP listings, stats and downloads that fail for the
// store's reasons answer with the plain sentence and a reference, never
// the driver's words; the log has the detail.
func TestSFTPWithTheStoreGoneAnswersWithAReference(t *testing.T) {
	t.Parallel()
	p, sc := sftpWithTheStoreGone(t)
	_, listErr := sc.ReadDir("/music")
	_, statErr := sc.Stat("/music/hold.wav")
	_, openErr := sc.Open("/music/hold.wav")
	for name, err := range map[string]error{"list": listErr, "stat": statErr, "open": openErr} {
		if msg := statusMessage(err); !isReference(msg) {
			t.Errorf("%s with the store gone: %q", name, msg)
		}
	}
	if !strings.Contains(p.log.String(), "sql: database is closed") {
		t.Errorf("the detail is not in the log:\n%s", p.log.String())
	}
}

// An upload whose storing fails on the store is answered like every other
// server fault: the plain sentence with a reference, on the status line and
// stderr, never the driver's words ("store the upload: begin transaction:
// sql: database is closed" reached the client before).
func TestSFTPUploadWithTheStoreGoneAnswersWithAReference(t *testing.T) {
	t.Parallel()
	_, sc := sftpWithTheStoreGone(t)
	err := put(sc, "music/hold/tone.mp3", audioFixture(t, "mp3-cbr16-mono-8k.mp3"))
	if msg := statusMessage(err); !isReference(msg) {
		t.Errorf("upload with the store gone: %q", msg)
	}
}

// sftpWithTheStoreGone is an SFTP session of alice that was served, and
// then the store closed under it.
func sftpWithTheStoreGone(t *testing.T) (*testPortal, *sftp.Client) {
	t.Helper()
	d := dbtest.SQLite(t)
	p := startPortal(t, d, nil)
	p.customer(t, "alice@example.ch")
	sc, _ := p.sftpLogin(t, "alice@example.ch")
	if _, err := sc.ReadDir("/music"); err != nil {
		t.Fatal(err)
	}
	d.Close()
	return p, sc
}

// isReference reports an answer that is the plain sentence of a server
// fault with its reference, without the driver's words.
func isReference(msg string) bool {
	return strings.Contains(msg, "a problem on our side") && refRe.MatchString(msg) && !strings.Contains(msg, "sql:")
}
