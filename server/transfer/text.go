package transfer

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// Hosts are the upload commands for this listener and account, shown
// by `music status`, the sftp status file and the scp/sftp messages.
type Hosts struct {
	user, host string
	port       int
}

// NewHosts are the upload commands of acct at listener l.
func NewHosts(acct db.Account, l config.Listener) Hosts {
	return Hosts{user: acct.UserID, host: l.PublicHost, port: l.PublicPort}
}

// SCP is the scp command that uploads kind.
func (h Hosts) SCP(kind portal.MusicKind) string {
	return fmt.Sprintf("scp -P %d %s.mp3 %s@%s:music/%s", h.port, kind, h.user, h.host, kind)
}

// SSH is the ssh command that uploads kind.
func (h Hosts) SSH(kind portal.MusicKind) string {
	return fmt.Sprintf("ssh -p %d %s@%s music upload %s < %s.mp3", h.port, h.user, h.host, kind, kind)
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// describeMusic is one file in a line: name (format, play time, size).
func describeMusic(f portal.MusicFile) string {
	if f.Default() {
		return fmt.Sprintf("the %s, %s", portal.DefaultPieceName, portal.FormatPlayTime(f.Duration))
	}
	return fmt.Sprintf("%s (%s, %s, %s bytes)", f.Name, f.Codec, portal.FormatPlayTime(f.Duration), portal.GroupDigits(f.Size))
}

// WriteStatus prints the slots for people: what plays, what is
// waiting, and the last failure or refusal with its reason.
func WriteStatus(w io.Writer, slots []portal.MusicSlot, hosts Hosts) error {
	var b strings.Builder
	for _, sl := range slots {
		fmt.Fprintf(&b, "%s: playing %s", sl.Kind.Title(), describeMusic(sl.Playing))
		if !sl.Playing.Default() {
			fmt.Fprintf(&b, ", active since %s", stamp(sl.Playing.ActivatedAt))
		}
		b.WriteString("\n")
		if p := sl.Pending; p != nil {
			state := "waiting for activation"
			if p.Status == "processing" {
				state = "being converted"
			}
			fmt.Fprintf(&b, "  pending: %s, uploaded %s, %s (usually seconds, at most 10 minutes)\n",
				describeMusic(*p), stamp(p.UploadedAt), state)
		}
		if f := sl.LastFailure; f != nil {
			fmt.Fprintf(&b, "  failed: %s, uploaded %s: %s\n", f.Name, stamp(f.UploadedAt), f.Error)
		}
		if r := sl.LastRefusal; r != nil {
			fmt.Fprintf(&b, "  refused: %s, %s via %s: %s\n", refusedName(r.Name), stamp(r.At), r.Via, r.Reason)
		}
		fmt.Fprintf(&b, "  limit: %s\n", sl.Kind.LimitText())
	}
	fmt.Fprintf(&b, "\nUpload wav or mp3:\n  %s\n  %s\n%s\n", hosts.SCP(portal.MusicHold), hosts.SSH(portal.MusicQueue), portal.MusicLicenceNotice)
	_, err := io.WriteString(w, b.String())
	return err
}

func refusedName(name string) string {
	if name == "" {
		return "(unnamed upload)"
	}
	return name
}

// RefusalLine is what scp, sftp and the upload command print for a refusal.
func RefusalLine(e *portal.MusicRefusedError) string {
	what := "The upload"
	if e.Name != "" {
		what = e.Name
	}
	return fmt.Sprintf("%s was refused: %s. Your %s is unchanged.", what, e.Reason, e.Kind.Label())
}

// AcceptedLine is what they print for an accepted upload.
func AcceptedLine(f portal.MusicFile) string {
	return fmt.Sprintf("%s received for %s (%s, %s, %s bytes). %s", f.Name, f.Kind.Label(),
		f.Codec, portal.FormatPlayTime(f.Duration), portal.GroupDigits(f.Size), portal.MusicActivationNote)
}
