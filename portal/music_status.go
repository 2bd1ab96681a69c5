package portal

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sipdesk/sipdesk/audio"
	"github.com/sipdesk/sipdesk/db"
)

// DefaultPieceName is how the built-in music is named everywhere.
const DefaultPieceName = "default piece (licence-free)"

// MusicFile is an upload (or the default piece) as customers see it.
type MusicFile struct {
	ID   int64     `json:"id,omitempty"`
	Kind MusicKind `json:"kind"`
	// Status is pending, processing (being converted), active or failed;
	// "default" for the default piece.
	Status          string        `json:"status"`
	Name            string        `json:"name"`
	Format          string        `json:"format"`
	Codec           string        `json:"codec"`
	Size            int64         `json:"size_bytes"`
	Duration        time.Duration `json:"-"`
	DurationSeconds float64       `json:"duration_seconds"`
	UploadedAt      time.Time     `json:"uploaded_at,omitzero"`
	ActivatedAt     time.Time     `json:"activated_at,omitzero"`
	Error           string        `json:"error,omitempty"` // English; faces show ErrorCode's text
	// Code is the stored failure code with its parameters (tab-separated),
	// for Voice.MusicFailure; ErrorCode is the code alone, for scripts.
	Code      string `json:"-"`
	ErrorCode string `json:"error_code,omitempty"`
	Via       string `json:"via,omitempty"`
	// Rendition is the size of the 8 kHz WAV callers hear (active only).
	Rendition int64 `json:"rendition_bytes,omitempty"`
	// Peaks are the levels (0..1) of the active rendition, for a waveform.
	Peaks []float32 `json:"-"`
}

// Default reports the built-in piece.
func (f MusicFile) Default() bool { return f.Status == "default" }

// MusicRefusal is a refused upload as customers see it.
type MusicRefusal struct {
	Name   string `json:"name"`
	Size   int64  `json:"size_bytes"`
	Reason string `json:"reason"` // English; faces show Code in the reader's language
	// Code is the stored code with its parameters (tab-separated), for
	// Voice.MusicRefusal; ReasonCode is the code alone, for scripts.
	Code       string    `json:"-"`
	ReasonCode string    `json:"reason_code,omitempty"`
	Via        string    `json:"via"`
	At         time.Time `json:"at"`
}

// MusicSlot is everything about one kind of music of an account.
type MusicSlot struct {
	Kind       MusicKind `json:"kind"`
	LimitBytes int64     `json:"limit_bytes"`
	// Playing is what callers hear: the active upload or the default piece.
	Playing MusicFile  `json:"playing"`
	Pending *MusicFile `json:"pending"`
	// LastFailure and LastRefusal are shown only while no newer upload exists.
	LastFailure *MusicFile    `json:"last_failure"`
	LastRefusal *MusicRefusal `json:"last_refusal"`
}

// Busy reports an upload waiting for activation.
func (s MusicSlot) Busy() bool { return s.Pending != nil }

// defaultPiece is synthesised once per process; callers must not modify it.
var defaultPiece = sync.OnceValues(audio.DefaultPiece)

// WarmDefaultPiece synthesises the default piece ahead of the first
// person who needs it (serve calls it at start): that first synthesis
// takes from half a second to several on a busy machine.
func WarmDefaultPiece() { _, _ = defaultPiece() }

func defaultMusicFile(k MusicKind) (MusicFile, error) {
	r, err := defaultPiece()
	if err != nil {
		return MusicFile{}, fmt.Errorf("default piece: %w", err)
	}
	return MusicFile{Kind: k, Status: "default", Name: DefaultPieceName, Format: "wav", Codec: r.Source.Codec,
		Size: int64(len(r.WAV8k)), Rendition: int64(len(r.WAV8k)), Duration: r.Duration,
		DurationSeconds: r.Duration.Seconds(), Peaks: r.Peaks}, nil
}

func musicFileOf(m db.MusicFile) MusicFile {
	d := time.Duration(m.DurationMS) * time.Millisecond
	f := MusicFile{ID: m.ID, Kind: MusicKind(m.Kind), Status: m.Status, Name: m.OriginalName, Format: m.Format,
		Codec: m.Codec, Size: m.SizeBytes, Duration: d, DurationSeconds: d.Seconds(), UploadedAt: m.UploadedAt,
		Error: m.Error, Code: m.ErrorCode, ErrorCode: strings.SplitN(m.ErrorCode, "\t", 2)[0], Via: m.Via, Rendition: m.WAV8kBytes, Peaks: parsePeaks(m.Peaks)}
	if m.ActivatedAt.Valid {
		f.ActivatedAt = m.ActivatedAt.Time
	}
	return f
}

// MusicStatus returns the hold and the queue slot of the account.
func (s *Service) MusicStatus(ctx context.Context, accountID int64) ([]MusicSlot, error) {
	// Every store read comes before the default piece: its first synthesis
	// is CPU work of a second or more on a busy machine, and a store
	// deadline already running must not be spent on it.
	live, err := db.LiveMusic(ctx, s.DB, accountID)
	if err != nil {
		return nil, fmt.Errorf("load music: %w", err)
	}
	var out []MusicSlot
	for _, k := range MusicKinds {
		slot := MusicSlot{Kind: k, LimitBytes: k.Limit()}
		var newestID int64
		var newest time.Time
		for _, m := range live {
			if MusicKind(m.Kind) != k {
				continue
			}
			f := musicFileOf(m)
			if m.Status == "active" {
				slot.Playing = f
			} else {
				slot.Pending = &f
			}
			newestID, newest = max(newestID, m.ID), maxTime(newest, m.UploadedAt)
		}
		failed, err := db.LastFailedMusic(ctx, s.DB, accountID, string(k))
		switch {
		case err == nil && failed.ID > newestID:
			f := musicFileOf(failed)
			slot.LastFailure = &f
			newest = maxTime(newest, failed.UploadedAt)
		case err != nil && !errors.Is(err, db.ErrNotFound):
			return nil, fmt.Errorf("load music failures: %w", err)
		}
		ref, err := db.LastMusicRefusal(ctx, s.DB, accountID, string(k))
		switch {
		case err == nil && !ref.RefusedAt.Before(newest):
			slot.LastRefusal = &MusicRefusal{Name: ref.Name, Size: ref.SizeBytes, Reason: ref.Reason, Code: ref.ReasonCode, ReasonCode: strings.SplitN(ref.ReasonCode, "\t", 2)[0], Via: ref.Via, At: ref.RefusedAt}
		case err != nil && !errors.Is(err, db.ErrNotFound):
			return nil, fmt.Errorf("load music refusals: %w", err)
		}
		out = append(out, slot)
	}
	for i := range out {
		if out[i].Playing.Status != "" {
			continue
		}
		if out[i].Playing, err = defaultMusicFile(out[i].Kind); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// ActiveRendition returns the 8 kHz WAV that callers hear for the kind:
// the active upload's, or the default piece's. The bytes are read-only.
func (s *Service) ActiveRendition(ctx context.Context, accountID int64, kind MusicKind) ([]byte, MusicFile, error) {
	b, m, err := db.ActiveRendition(ctx, s.DB, accountID, string(kind))
	if errors.Is(err, db.ErrNotFound) {
		r, err := defaultPiece()
		if err != nil {
			return nil, MusicFile{}, err
		}
		f, err := defaultMusicFile(kind)
		return r.WAV8k, f, err
	}
	if err != nil {
		return nil, MusicFile{}, err
	}
	return b, musicFileOf(m), nil
}

// MusicOriginal returns the file as uploaded, for one of the account's
// active or pending uploads.
func (s *Service) MusicOriginal(ctx context.Context, accountID, id int64) ([]byte, error) {
	return db.MusicOriginal(ctx, s.DB, accountID, id)
}

// ResetMusic makes the default piece play again for the kind, at once:
// the active upload and any pending one are set aside. It reports whether
// anything changed (false: the default piece was playing already).
func (s *Service) ResetMusic(ctx context.Context, acct db.Account, kind MusicKind, remote string) (bool, error) {
	if _, err := ParseMusicKind(string(kind)); err != nil {
		return false, err
	}
	var n int64
	err := s.DB.Tx(ctx, func(tx db.Tx) error {
		var err error
		if n, err = db.ResetMusic(ctx, tx, acct.ID, string(kind)); err != nil || n == 0 {
			return err
		}
		return s.audit(ctx, tx, acct, acct.ID, "music.reset", string(kind), remote)
	})
	if err == nil && n > 0 {
		s.musicChanged()
	}
	return n > 0, err
}

// encodePeaks stores waveform levels compactly: two decimals each.
func encodePeaks(p []float32) string {
	parts := make([]string, len(p))
	for i, v := range p {
		parts[i] = strconv.FormatFloat(float64(v), 'f', 2, 32)
	}
	return strings.Join(parts, ",")
}

func parsePeaks(s string) []float32 {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := make([]float32, 0, len(parts))
	for _, p := range parts {
		v, err := strconv.ParseFloat(p, 32)
		if err != nil {
			return nil
		}
		out = append(out, float32(v))
	}
	return out
}
