package portal

import (
	"context"
	"fmt"
	"strconv"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/moh"
)

// MusicDelivery is told when what callers hear changed (an upload became
// active, music was reset to the default piece), after the change
// committed; *moh.Exporter implements it. Service.MusicDelivery is nil
// when no export directory is configured.
type MusicDelivery interface {
	MusicChanged()
}

func (s *Service) musicChanged() {
	if s.MusicDelivery != nil {
		s.MusicDelivery.MusicChanged()
	}
}

// MusicClassName is the Asterisk musiconhold class of an account's music.
func MusicClassName(accountID int64, kind MusicKind) string {
	return "sipdesk-" + strconv.FormatInt(accountID, 10) + "-" + string(kind)
}

// MusicClasses lists every customer's hold and queue class with the
// upload that plays in it (moh.Source).
func (s *Service) MusicClasses(ctx context.Context) ([]moh.Class, error) {
	rows, err := db.MusicClassRows(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	type key struct {
		id   int64
		kind MusicKind
	}
	active := map[key]int64{}
	var order []db.MusicClassRow
	for _, r := range rows {
		if r.Kind != "" {
			active[key{r.AccountID, MusicKind(r.Kind)}] = r.UploadID
		}
		if len(order) == 0 || order[len(order)-1].AccountID != r.AccountID {
			order = append(order, r)
		}
	}
	out := make([]moh.Class, 0, 2*len(order))
	for _, a := range order {
		for _, k := range MusicKinds {
			c := moh.Class{Name: MusicClassName(a.AccountID, k), Account: a.UserID + " " + string(k) + " music"}
			if id := active[key{a.AccountID, k}]; id != 0 {
				c.Version = strconv.FormatInt(id, 10)
			}
			out = append(out, c)
		}
	}
	return out, nil
}

// MusicRendition loads an active upload's renditions (moh.Source).
func (s *Service) MusicRendition(ctx context.Context, version string) (moh.Rendition, error) {
	id, err := strconv.ParseInt(version, 10, 64)
	if err != nil {
		return moh.Rendition{}, fmt.Errorf("music version %q: %w", version, err)
	}
	r, err := db.ActiveMusicRenditions(ctx, s.DB, id)
	if err != nil {
		return moh.Rendition{}, fmt.Errorf("load upload %d: %w", id, err)
	}
	return moh.Rendition{WAV8k: r.WAV8k, WAV16k: r.WAV16k, ULaw: r.ULaw, ALaw: r.ALaw}, nil
}

// DefaultRendition is the built-in default piece (moh.Source).
func (s *Service) DefaultRendition() (moh.Rendition, error) {
	r, err := defaultPiece()
	if err != nil {
		return moh.Rendition{}, err
	}
	return moh.Rendition{WAV8k: r.WAV8k, WAV16k: r.WAV16k, ULaw: r.ULaw, ALaw: r.ALaw}, nil
}
