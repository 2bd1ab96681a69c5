package portal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"
	"unicode"

	"github.com/sipdesk/sipdesk/audio"
	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/metrics"
)

// MusicUpload describes an upload: where it goes and how it came.
type MusicUpload struct {
	Kind MusicKind
	// Name is the file name the customer gave; it is only shown, never
	// used as a path. Empty: "hold.mp3" and the like.
	Name string
	// Via is how the upload came (ssh, scp, sftp) and so how the licence
	// notice was shown: printed by the command, or on the channel's stderr.
	Via    string
	Remote string // the client's address, for the audit trail
	// Declared is the size the client announced before sending (legacy
	// scp does); 0 if unknown. A declared size over the limit is refused
	// before a byte is read, so the client need not send the file.
	Declared int64
}

// Errors an upload can match with errors.Is, besides the audio package's
// ErrEmpty, ErrWMA, ErrUnsupported, ErrCorrupt, ErrTruncated, ErrTooShort and
// ErrTooLong.
var (
	ErrMusicTooLarge     = errors.New("the file is larger than the limit")
	ErrUploadInterrupted = errors.New("the upload was interrupted")
)

// MusicRefusedError is an upload that was not accepted. Reason is written
// for the customer and says what is wrong; nothing was stored and the
// music that plays is unchanged.
type MusicRefusedError struct {
	Kind   MusicKind
	Name   string
	Reason string // English, for customer care and the log
	// Code is the reason's stable code and parameters (Refused*); faces
	// show it in the customer's language with Voice.MusicRefusal.
	Code string
	err  error
}

func (e *MusicRefusedError) Error() string { return e.Reason }
func (e *MusicRefusedError) Unwrap() error { return e.err }

// UploadMusic is the one way music enters the portal, whatever the
// client (ssh command, scp, sftp). It reads r through a limit of the
// kind's size plus one byte, so it never holds more than that however
// much is sent; validates the content with the audio package (the name
// does not matter); and stores the file as pending in one transaction,
// replacing any older upload of the kind that is not active yet. The
// music that plays does not change until a worker has converted the file
// (ActivateNextMusic).
//
// A refused upload (too large, not wav or mp3, broken, interrupted)
// returns a *MusicRefusedError, stores no music file and is recorded as
// the kind's last refusal, because some clients show only "Failure".
func (s *Service) UploadMusic(ctx context.Context, acct db.Account, up MusicUpload, r io.Reader) (MusicFile, error) {
	if _, err := ParseMusicKind(string(up.Kind)); err != nil {
		return MusicFile{}, err
	}
	up.Name = cleanMusicName(up.Name)
	limit := up.Kind.Limit()
	if up.Declared > limit {
		return MusicFile{}, s.refuse(ctx, acct, up, 0, ErrMusicTooLarge, fmt.Sprintf("%s may be at most %s; this file has %s bytes",
			up.Kind.Label(), up.Kind.LimitText(), GroupDigits(up.Declared)), refusalCode(RefusedDeclared, fmt.Sprint(up.Declared)))
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	switch {
	case err != nil:
		return MusicFile{}, s.refuse(ctx, acct, up, int64(len(data)), ErrUploadInterrupted, fmt.Sprintf("%s after %s bytes (%v); nothing was changed",
			ErrUploadInterrupted, GroupDigits(int64(len(data))), err), refusalCode(RefusedInterrupted, fmt.Sprint(len(data))))
	case int64(len(data)) > limit:
		// Stop here: the rest is never read.
		return MusicFile{}, s.refuse(ctx, acct, up, int64(len(data)), ErrMusicTooLarge, up.Kind.TooLargeReason(), RefusedTooLarge)
	}
	info, err := audio.Decode(data)
	if err != nil {
		// The audio package's messages are written for the customer;
		// only a play time out of bounds needs the kind named.
		reason := err.Error()
		var le *audio.LengthError
		if errors.As(err, &le) {
			reason = le.For(up.Kind.Label())
		}
		return MusicFile{}, s.refuse(ctx, acct, up, int64(len(data)), err, reason, audioRefusalCode(err))
	}
	if up.Name == "" {
		up.Name = string(up.Kind) + "." + string(info.Format)
	}
	now := s.now()
	row := db.NewMusicFile{
		AccountID: acct.ID, Kind: string(up.Kind), Name: up.Name, Format: string(info.Format),
		ContentType: contentType(info.Format), Codec: info.Codec, Original: data,
		DurationMS: info.Duration.Milliseconds(), Via: up.Via, LicenceShownAt: now, UploadedAt: now,
	}
	var id int64
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		if _, err := db.SupersedeMusic(ctx, tx, acct.ID, row.Kind, "replaced by a newer upload before it was activated"); err != nil {
			return err
		}
		var err error
		if id, err = db.InsertMusicFile(ctx, tx, row); err != nil {
			return err
		}
		return s.audit(ctx, tx, acct, acct.ID, "music.upload",
			fmt.Sprintf("%s: %s, %s bytes, via %s", up.Kind, up.Name, GroupDigits(int64(len(data))), up.Via), up.Remote)
	})
	if err != nil {
		return MusicFile{}, fmt.Errorf("store the upload: %w", err)
	}
	s.Metrics.MusicUpload(string(up.Kind), metrics.UploadAccepted)
	return MusicFile{
		ID: id, Kind: up.Kind, Status: "pending", Name: up.Name, Format: row.Format, Codec: info.Codec,
		Size: int64(len(data)), Duration: info.Duration, DurationSeconds: info.Duration.Seconds(), UploadedAt: now, Via: up.Via,
	}, nil
}

// refuse records a refusal as the kind's last one (on a context of its
// own: the client that caused it may be gone) and returns it; cause is
// what errors.Is matches, reason the English and code what the customer
// reads (refusalCode).
func (s *Service) refuse(ctx context.Context, acct db.Account, up MusicUpload, size int64, cause error, reason, code string) error {
	e := &MusicRefusedError{Kind: up.Kind, Name: up.Name, Reason: reason, Code: code, err: cause}
	s.Metrics.MusicUpload(string(up.Kind), uploadOutcome(cause))
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	err := db.InsertMusicRefusal(rctx, s.DB, db.MusicRefusal{
		AccountID: acct.ID, Kind: string(up.Kind), Name: up.Name, SizeBytes: size, Reason: reason, ReasonCode: code,
		Via: up.Via, RemoteAddr: up.Remote, RefusedAt: s.now(),
	})
	if err != nil {
		s.Log.Warn("could not record a music refusal", "account", acct.UserID, "err", err)
	}
	s.Log.Info("music upload refused", "account", acct.UserID, "kind", up.Kind, "via", up.Via, "bytes", size, "reason", reason)
	return e
}

func contentType(f audio.Format) string {
	if f == audio.FormatMP3 {
		return "audio/mpeg"
	}
	return "audio/wav"
}

// cleanMusicName keeps a client's file name fit for display: the last
// path element, printable characters only, at most 100 of them.
func cleanMusicName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" {
		return ""
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return -1
	}, name)
	if r := []rune(name); len(r) > 100 {
		name = string(r[:100])
	}
	return strings.TrimSpace(name)
}
