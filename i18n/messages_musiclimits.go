package i18n

// musicLimitMessages state the play-time limits on the Music page, beside
// the byte limits: a file within the bytes may still play too long or too
// short, and customers should know before they upload.
var musicLimitMessages = []msg{
	{key: "music.play_time_limits", en: "Play time: at least %d s, at most %d minutes.",
		de: "Spieldauer: mindestens %d s, höchstens %d Minuten.",
		fr: "Durée : au moins %d s, au plus %d minutes.",
		it: "Durata: almeno %d s, al massimo %d minuti."},
}
