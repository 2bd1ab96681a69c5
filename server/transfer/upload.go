// Package transfer serves hold and queue music as files: uploads from the
// music command's stdin, the legacy scp protocol, SFTP (OpenSSH's sftp and
// scp), and the small virtual music tree they see. Every path ends in the
// portal's one upload function.
package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// Music serves hold and queue music over every upload path of a replica
// (the music command's stdin, scp and SFTP) and its small file tree. It
// holds what those paths share: the bound on uploads read at once and the
// activation worker to wake.
type Music struct {
	svc     *portal.Service
	log     *slog.Logger
	uploads *uploadLimiter
	music   *portal.MusicWorker
	pace    pacing
	// StoreTimeout bounds each store call made for a session outside an
	// upload's own stream (SFTP's listings and status): the
	// --store-timeout setting, DefaultStoreTimeout when zero.
	StoreTimeout time.Duration
}

// New makes the replica's music transfers; worker activates the uploads.
func New(svc *portal.Service, worker *portal.MusicWorker, log *slog.Logger) *Music {
	return &Music{svc: svc, log: log, uploads: newUploadLimiter(), music: worker, pace: defaultPacing}
}

// DefaultStoreTimeout is StoreTimeout when none is set.
const DefaultStoreTimeout = 5 * time.Second

func (s *Music) storeTimeout() time.Duration {
	if s.StoreTimeout > 0 {
		return s.StoreTimeout
	}
	return DefaultStoreTimeout
}

// Upload is the portal's one upload function, followed by a wake-up
// of this replica's activation worker, so an upload here plays within
// seconds instead of at the next poll.
func (s *Music) Upload(ctx context.Context, acct db.Account, up portal.MusicUpload, r io.Reader) (portal.MusicFile, error) {
	release, err := s.uploads.acquire(acct.ID)
	if err != nil {
		return portal.MusicFile{}, err
	}
	defer release()
	// The slot is held only while the file arrives at a fair pace.
	pr := s.pace.paced(r)
	defer pr.close()
	f, err := s.svc.UploadMusic(ctx, acct, up, pr)
	if isTooSlow(err) {
		s.log.Info("upload too slow", "account", acct.UserID, "via", up.Via, "err", err)
	}
	if err == nil {
		s.music.Wake()
	}
	return f, err
}

// uploadLimiter bounds the uploads a replica reads at once. Each holds up
// to its limit in memory until it is checked, so without a bound one
// customer opening many sftp handles, or many sessions, could exhaust it.
type uploadLimiter struct {
	mu         sync.Mutex
	perAccount map[int64]int
	total      int
}

// At most this many uploads are read at once, per account and in all.
const (
	uploadsPerAccount = 2
	uploadsInAll      = 16
)

var (
	errUploadsBusy   = errors.New("you have two uploads in progress already; send the next file when one has finished")
	errServerTooBusy = errors.New("too many uploads in progress right now; please try again in a minute")
)

func newUploadLimiter() *uploadLimiter { return &uploadLimiter{perAccount: map[int64]int{}} }

func (l *uploadLimiter) acquire(accountID int64) (release func(), err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.perAccount[accountID] >= uploadsPerAccount:
		return nil, errUploadsBusy
	case l.total >= uploadsInAll:
		return nil, errServerTooBusy
	}
	l.perAccount[accountID]++
	l.total++
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.total--
			if l.perAccount[accountID]--; l.perAccount[accountID] == 0 {
				delete(l.perAccount, accountID)
			}
		})
	}, nil
}

// errConnectionLost ends an upload whose client went away.
var errConnectionLost = errors.New("the connection was lost")

// confirmedEOF is an ssh session's stdin for an upload. A channel reports
// io.EOF both when the client has sent everything and when the connection
// drops, so at EOF it asks the client for a reply: a dead connection
// turns the EOF into errConnectionLost, and the half-sent file is never
// mistaken for a whole one.
type confirmedEOF struct {
	r     io.Reader
	alive func() error
	sess  ssh.Session
	voice portal.Voice // the language of the abort's line
}

// abortUpload ends an upload that arrives too slowly: the client reads
// why on stderr, then the session ends, which ends the blocked read.
func (c *confirmedEOF) abortUpload(err error) {
	_, _ = fmt.Fprintf(c.sess.Stderr(), "sipdesk: %s\n", c.voice.T("music.upload_stopped", say(c.voice, err)))
	_ = c.sess.Exit(cmdkit.ExitUploadRefused) // an interrupted upload: the music is unchanged
}

func (c *confirmedEOF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err == io.EOF {
		if aerr := c.alive(); aerr != nil {
			return n, aerr
		}
	}
	return n, err
}

// ConfirmedStdin is a session's stdin for an upload: its EOF counts only
// once the client has answered a keepalive (see confirmedEOF).
func ConfirmedStdin(sess ssh.Session, r io.Reader, v portal.Voice) io.Reader {
	return &confirmedEOF{r: r, alive: clientAlive(sess), sess: sess, voice: v}
}

// clientAlive sends a keepalive request that OpenSSH answers (with a
// failure, which is an answer); no answer means the connection is gone.
// The request travels after everything the client sent before, so an
// answer proves the client was alive when it sent its EOF.
func clientAlive(sess ssh.Session) func() error {
	return func() error {
		conn, ok := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn)
		if !ok {
			return errConnectionLost
		}
		done := make(chan error, 1)
		go func() {
			_, _, err := conn.SendRequest("keepalive@openssh.com", true, nil)
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				return errConnectionLost
			}
			return nil
		case <-sess.Context().Done():
			return errConnectionLost
		case <-time.After(time.Minute):
			return errConnectionLost
		}
	}
}
