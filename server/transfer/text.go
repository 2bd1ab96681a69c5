package transfer

import (
	"fmt"
	"io"
	"strings"

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

// describeMusic is one file in a line: name (format, play time, size).
func describeMusic(v portal.Voice, f portal.MusicFile) string {
	if f.Default() {
		return v.T("music.default_file", v.T("term.default_piece"), v.PlayTime(f.Duration))
	}
	return fmt.Sprintf("%s (%s, %s, %s)", f.Name, f.Codec, v.PlayTime(f.Duration), v.T("music.bytes", int(f.Size)))
}

// WriteStatus prints the slots for people, in v's language and local
// time: what plays, what is waiting, and the last failure or refusal with
// its reason (a refusal's from its code, in v's language).
func WriteStatus(w io.Writer, v portal.Voice, slots []portal.MusicSlot, hosts Hosts) error {
	var b strings.Builder
	for _, sl := range slots {
		b.WriteString(v.T("music.playing", v.MusicTitle(sl.Kind), describeMusic(v, sl.Playing)))
		if !sl.Playing.Default() {
			b.WriteString(", " + v.T("music.active_since", v.Clock.DateTime(sl.Playing.ActivatedAt)))
		}
		b.WriteString("\n")
		if p := sl.Pending; p != nil {
			state := v.T("music.state_waiting")
			if p.Status == "processing" {
				state = v.T("music.state_converting")
			}
			b.WriteString("  " + v.T("music.pending", describeMusic(v, *p), v.Clock.DateTime(p.UploadedAt), state) + "\n")
		}
		if f := sl.LastFailure; f != nil {
			b.WriteString("  " + v.T("music.failed", f.Name, v.Clock.DateTime(f.UploadedAt), v.MusicFailure(sl.Kind, f.Code, f.Error)) + "\n")
		}
		if r := sl.LastRefusal; r != nil {
			b.WriteString("  " + v.T("music.refused", refusedName(v, r.Name), v.Clock.DateTime(r.At), r.Via, v.MusicRefusal(sl.Kind, r.Code, r.Reason)) + "\n")
		}
		b.WriteString("  " + v.T("music.limit_line", v.MusicLimit(sl.Kind)) + "\n")
	}
	fmt.Fprintf(&b, "\n%s\n  %s\n  %s\n%s\n", v.T("music.upload_commands"), hosts.SCP(portal.MusicHold), hosts.SSH(portal.MusicQueue), v.T("music.licence"))
	_, err := io.WriteString(w, b.String())
	return err
}

func refusedName(v portal.Voice, name string) string {
	if name == "" {
		return v.T("music.unnamed_upload")
	}
	return name
}

// RefusalLine is what scp, sftp and the upload command print for a
// refusal, in v's language around the refusal's own reason.
func RefusalLine(v portal.Voice, e *portal.MusicRefusedError) string {
	what := v.T("music.the_upload")
	if e.Name != "" {
		what = e.Name
	}
	return v.T("music.was_refused", what, v.MusicRefusal(e.Kind, e.Code, e.Reason), v.MusicLabel(e.Kind))
}

// AcceptedLine is what they print for an accepted upload.
func AcceptedLine(v portal.Voice, f portal.MusicFile) string {
	about := fmt.Sprintf("%s, %s, %s", f.Codec, v.PlayTime(f.Duration), v.T("music.bytes", int(f.Size)))
	return v.T("music.received", f.Name, v.MusicLabel(f.Kind), about, v.T("music.activation_note"))
}
