package transfer

import (
	"bufio"
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/portal"
)

var refRe = regexp.MustCompile(`\((ref|Ref\.) [0-9a-f]{6}\)`)

// Issue 13.4: `scp -O` downloading while the store is gone is refused
// with the plain sentence and a reference, not the driver's words, in the
// session's language (here the Swiss portal's German).
func TestSCPDownloadWithTheStoreGoneShowsAReference(t *testing.T) {
	m, acct := musicFor(t, defaultPacing)
	m.svc.DB.Close()
	tree := &musicTree{s: m, acct: acct, voice: portal.PreLoginVoice("CH")}
	var out bytes.Buffer
	p := &scpPeer{r: bufio.NewReader(strings.NewReader("\x00")), w: &out}
	if code := scpSource(context.Background(), tree, p, "music/hold.wav"); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	got := out.String()
	if !strings.HasPrefix(got, "\x01sipdesk: ein Problem auf unserer Seite") || !refRe.MatchString(got) || strings.Contains(got, "sql:") {
		t.Fatalf("scp was told %q", got)
	}
}
