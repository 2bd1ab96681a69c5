package portal_test

import (
	"errors"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/audio"
	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// silentMP3 is d of valid silent MPEG-2.5 frames (8 kHz mono, 8 kbit/s,
// 72 bytes each): the smallest file that plays for minutes, so an
// 11-minute upload fits in the queue's 3 MB.
func silentMP3(d time.Duration) []byte {
	n := int(d.Seconds() * 8000 / 576)
	b := make([]byte, 0, n*72)
	for range n {
		f := make([]byte, 72) // zero side information: no main data, silence
		copy(f, []byte{0xFF, 0xE3, 0x18, 0xC0})
		b = append(b, f...)
	}
	return b
}

// The play-time limits name the kind of music the customer uploaded to.
func TestMusicLengthRefusalsNameTheKind(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		acct := seedAlice(t, s)
		cases := []struct {
			kind portal.MusicKind
			data []byte
			err  error
			msg  string
		}{
			{portal.MusicHold, portaltest.SilentWAV(160), audio.ErrTooShort, "this file is 0.02 s long; hold music must be at least 1 s"},
			{portal.MusicQueue, portaltest.SilentWAV(1), audio.ErrTooShort, "this file is 0.0001 s long; queue music must be at least 1 s"},
			{portal.MusicQueue, silentMP3(11 * time.Minute), audio.ErrTooLong, "this file plays for 11:00; queue music can be at most 10 minutes long"},
			{portal.MusicHold, silentMP3(11 * time.Minute), audio.ErrTooLong, "this file plays for 11:00; hold music can be at most 10 minutes long"},
		}
		for _, c := range cases {
			_, err := uploadBytes(s, acct, c.kind, "x", c.data)
			var refused *portal.MusicRefusedError
			if !errors.As(err, &refused) || !errors.Is(err, c.err) || err.Error() != c.msg {
				t.Errorf("%s upload of %d bytes: %v, want %q", c.kind, len(c.data), err, c.msg)
			}
		}
		// Exactly one second and exactly ten minutes are accepted.
		if _, err := uploadBytes(s, acct, portal.MusicHold, "one-second.wav", portaltest.SilentWAV(8000)); err != nil {
			t.Errorf("1 s WAV: %v", err)
		}
		if _, err := uploadBytes(s, acct, portal.MusicQueue, "ten.mp3", silentMP3(10*time.Minute)); err != nil {
			t.Errorf("10-minute MP3: %v", err)
		}
	})
}
