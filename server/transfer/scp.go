package transfer

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/ssh"
	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/session"
)

// SCPCommand speaks the legacy scp protocol (`scp -O`, and OpenSSH
// before 9.0), which runs "scp -t PATH" (upload) or "scp -f PATH"
// (download) as a command. Only single files are handled: uploads into
// music/hold or music/queue, downloads of the tree's files.
func (s *Music) SCPCommand(env *session.Env) *cobra.Command {
	sess, acct, l := env.Sess, env.Account, env.Listener
	return &cobra.Command{
		Use:                "scp",
		Short:              "The legacy scp protocol (scp -O)",
		Hidden:             true,
		DisableFlagParsing: true,
		RunE: func(c *cobra.Command, args []string) error {
			code := s.runSCP(sess, acct, l, env.Voice(), args)
			// The protocol has reported every error to the client; exit
			// here so that runCommand prints nothing more (its own exit
			// status is then ignored by the ssh library).
			_ = sess.Exit(code)
			return nil
		},
	}
}

func (s *Music) runSCP(sess ssh.Session, acct db.Account, l config.Listener, v portal.Voice, args []string) int {
	var target string
	sink, source := false, false
	for i, a := range args {
		switch {
		case a == "--":
			if i+1 < len(args) {
				target = strings.Join(args[i+1:], " ")
			}
		case a == "-t":
			sink = true
		case a == "-f":
			source = true
		case strings.HasPrefix(a, "-"):
			// -v, -p, -d, -r: nothing to do for single files.
		default:
			if target == "" {
				target = a
			}
		}
		if a == "--" {
			break
		}
	}
	p := &scpPeer{r: bufio.NewReaderSize(sess, maxSCPLine), w: sess}
	tree := &musicTree{s: s, acct: acct, hosts: NewHosts(acct, l), voice: v}
	switch {
	case sink && !source:
		return s.scpSink(sess, acct, v, p, target)
	case source && !sink:
		return scpSource(sess.Context(), tree, p, target)
	}
	p.fatal("sipdesk: " + say(v, errSCPMode))
	return 1
}

// maxSCPLine bounds every protocol line a client sends ("C0644 SIZE
// NAME", "T...", an error text): a line is read into the reader's buffer
// and no further, so a client streaming bytes without a newline (issue 11:
// 300 MB of zeros into `scp -t`) is refused after this many, not buffered.
const maxSCPLine = 4096

// The legacy protocol's own refusals; the person reads them in the
// session's language (speak.go).
var (
	errSCPLineTooLong = fmt.Errorf("an scp protocol line is longer than %d bytes; refused", maxSCPLine)
	errSCPMode        = errors.New("only scp uploads (-t) and downloads (-f) are supported")
	errSCPProtocol    = errors.New("unexpected scp protocol data")
	errSCPHeader      = errors.New("malformed scp file header")
	errSCPDirectory   = errors.New("directories cannot be uploaded; copy one wav or mp3 file")
)

// scpPeer is one side of the protocol: each step is acknowledged with a
// zero byte, or refused with \x01 (warning, the client goes on) or \x02
// (fatal) and a line the client prints.
type scpPeer struct {
	r *bufio.Reader
	w io.Writer
}

func (p *scpPeer) ok()               { _, _ = p.w.Write([]byte{0}) }
func (p *scpPeer) refuse(msg string) { _, _ = fmt.Fprintf(p.w, "\x01%s\n", msg) }
func (p *scpPeer) fatal(msg string)  { _, _ = fmt.Fprintf(p.w, "\x02%s\n", msg) }

// line reads one protocol line without its newline, at most maxSCPLine
// bytes long.
func (p *scpPeer) line() (string, error) {
	b, err := p.r.ReadSlice('\n')
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		return "", errSCPLineTooLong
	case err != nil:
		return "", err
	}
	return string(b[:len(b)-1]), nil
}

// ack reads the other side's answer to a step.
func (p *scpPeer) ack() error {
	b, err := p.r.ReadByte()
	if err != nil {
		return err
	}
	if b == 0 {
		return nil
	}
	msg, err := p.line()
	if err != nil {
		return err
	}
	return errors.New(strings.TrimSpace(msg))
}

// scpSink receives files: "C<mode> <size> <name>" then the bytes and a
// zero byte, each file answered after it has been checked.
func (s *Music) scpSink(sess ssh.Session, acct db.Account, v portal.Voice, p *scpPeer, target string) int {
	kind, _, err := uploadTarget(target)
	if err != nil {
		p.fatal("sipdesk: " + say(v, err))
		return 1
	}
	p.ok()
	status := 0
	for {
		line, err := p.line()
		if errors.Is(err, errSCPLineTooLong) {
			p.fatal("sipdesk: " + say(v, err))
			return 1
		}
		if err != nil {
			return status // the client is done (EOF) or gone
		}
		if line == "" {
			p.fatal("sipdesk: " + say(v, errSCPProtocol))
			return 1
		}
		switch line[0] {
		case 'T', 'E': // times (scp -p), end of directory
			p.ok()
		case 'D':
			p.refuse("sipdesk: " + say(v, errSCPDirectory))
			status = 1
		case 'C':
			if !s.scpReceive(sess, acct, v, p, kind, line) {
				status = 1
			}
		case 1, 2: // the client could not read its file
			s.log.Info("scp client error", "account", acct.UserID, "msg", session.ShortErr(errors.New(line[1:])))
			status = 1
		default:
			p.fatal("sipdesk: " + say(v, errSCPProtocol))
			return 1
		}
	}
}

// scpReceive takes one file; it reports whether it was accepted. What it
// tells the person (licence, outcome) is in v's language.
func (s *Music) scpReceive(sess ssh.Session, acct db.Account, v portal.Voice, p *scpPeer, kind portal.MusicKind, header string) bool {
	fields := strings.SplitN(header[1:], " ", 3)
	size, err := strconv.ParseInt(fieldAt(fields, 1), 10, 64)
	if len(fields) != 3 || err != nil || size < 0 {
		p.fatal("sipdesk: " + say(v, errSCPHeader))
		return false
	}
	up := portal.MusicUpload{Kind: kind, Name: fields[2], Via: "scp", Remote: sess.RemoteAddr().String(), Declared: size}
	_, _ = fmt.Fprintln(sess.Stderr(), "sipdesk: "+v.T("music.licence"))
	if size > kind.Limit() {
		// Refused before the data: the client skips the file.
		_, err := s.Upload(sess.Context(), acct, up, strings.NewReader(""))
		p.refuse("sipdesk: " + s.scpOutcome(v, err, portal.MusicFile{}))
		return false
	}
	p.ok()
	body := &exactReader{r: io.LimitReader(p.r, size), left: size, abort: func(err error) {
		p.fatal("sipdesk: " + v.T("music.upload_stopped", say(v, err)))
		_ = sess.Exit(1) // ends the blocked read
	}}
	f, err := s.Upload(sess.Context(), acct, up, body)
	_, _ = io.Copy(io.Discard, body) // keep the stream in step if the upload stopped early
	if aerr := p.ack(); aerr != nil && err == nil {
		err = aerr
	}
	if err != nil {
		p.refuse("sipdesk: " + s.scpOutcome(v, err, f))
		return false
	}
	_, _ = fmt.Fprintln(sess.Stderr(), "sipdesk: "+s.scpOutcome(v, nil, f))
	p.ok()
	return true
}

// scpOutcome is the line scp and sftp print for an upload's result.
func (s *Music) scpOutcome(v portal.Voice, err error, f portal.MusicFile) string {
	if err == nil {
		return AcceptedLine(v, f)
	}
	if text, ok := known(v, err); ok {
		return text
	}
	// A fault of the server's: the sentence with the reference the log has.
	return s.svc.ExplainIn(v, err, "store an upload")
}

func fieldAt(f []string, i int) string {
	if i < len(f) {
		return f[i]
	}
	return ""
}

// exactReader turns a short read of an announced size into an error: the
// connection dropped before the whole file arrived.
type exactReader struct {
	r     io.Reader
	left  int64
	abort func(error)
}

func (e *exactReader) abortUpload(err error) { e.abort(err) }

func (e *exactReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	e.left -= int64(n)
	if err == io.EOF && e.left > 0 {
		return n, errConnectionLost
	}
	return n, err
}

// scpSource sends one file of the tree to a downloading client.
func scpSource(ctx context.Context, tree *musicTree, p *scpPeer, path string) int {
	if err := p.ack(); err != nil { // the client's "ready"
		return 1
	}
	e, err := tree.stat(ctx, path)
	err = tree.explain(err, "find a file to download")
	if err == nil && e.dir {
		err = &dirError{path: path, scp: true}
	}
	var data []byte
	if err == nil {
		data, err = e.read(ctx)
		err = tree.explain(err, "read a file to download")
	}
	if err != nil {
		p.refuse("sipdesk: " + say(tree.voice, err))
		return 1
	}
	_, _ = fmt.Fprintf(p.w, "C0644 %d %s\n", len(data), e.name)
	if err := p.ack(); err != nil {
		return 1
	}
	_, _ = p.w.Write(data)
	p.ok()
	if err := p.ack(); err != nil {
		return 1
	}
	return 0
}
