package portal

import "github.com/sipdesk/sipdesk/audio"

// The play-time limits of every upload, for pages that state them (the
// tui does not import audio).
const (
	MusicMinPlayTime = audio.MinDuration
	MusicMaxPlayTime = audio.MaxDuration
)
