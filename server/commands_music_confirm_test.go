package server

import (
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// music reset on a terminal asks for the session language's word (ja,
// oui, sì) and takes it, in any case and with or without the accent, as
// well as the English yes; a refusal leaves the music as it was. Where
// nothing was uploaded it asks nothing: there is nothing to reset.
func TestMusicResetConfirmsWithTheLanguagesWord(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), nil)
	alice := p.customer(t, "alice@example.ch")
	c := p.login(t, alice)
	upload := func() {
		t.Helper()
		if _, _, code := runWithStdin(t, c, "music upload hold --name jingle.mp3", audioFixture(t, "mp3-cbr128-stereo-44k.mp3")); code != 0 {
			t.Fatal("upload refused")
		}
		p.waitMusic(t, alice, portal.MusicHold, playing("jingle.mp3"))
	}
	for _, tc := range []struct {
		lang, prompt, typed string
		confirmed           bool
	}{
		{"de_CH.UTF-8", "Zum Bestätigen ja eingeben: ", "ja\r", true},
		{"de_CH.UTF-8", "Zum Bestätigen ja eingeben: ", "JA\r", true},
		{"de_CH.UTF-8", "Zum Bestätigen ja eingeben: ", "yes\r", true},
		{"de_CH.UTF-8", "Zum Bestätigen ja eingeben: ", "nein\r", false},
		{"fr_CH.UTF-8", "Tapez oui pour confirmer : ", "oui\r", true},
		{"fr_CH.UTF-8", "Tapez oui pour confirmer : ", "non\r", false},
		{"it_CH.UTF-8", "Digiti sì per confermare: ", "sì\r", true},
		{"it_CH.UTF-8", "Digiti sì per confermare: ", "si\r", true},
		{"it_CH.UTF-8", "Digiti sì per confermare: ", "Si\r", true},
		{"en_GB.UTF-8", "Type yes to confirm: ", "yes\r", true},
		{"en_GB.UTF-8", "Type yes to confirm: ", "ja\r", false},
	} {
		upload()
		out, code := ptyCommandIn(t, c, tc.lang, "music reset hold", tc.prompt, tc.typed)
		slot := p.waitMusic(t, alice, portal.MusicHold, func(portal.MusicSlot) bool { return true })
		switch {
		case tc.confirmed && (code != 0 || !slot.Playing.Default()):
			t.Errorf("LANG=%s, typed %q: exit %d, playing %q; want the default piece\n%s", tc.lang, tc.typed, code, slot.Playing.Name, out)
		case !tc.confirmed && (code != 1 || slot.Playing.Default()):
			t.Errorf("LANG=%s, typed %q: exit %d, playing %q; want it refused and the upload playing\n%s", tc.lang, tc.typed, code, slot.Playing.Name, out)
		}
	}
	// The question names what stops playing.
	upload()
	if out, _ := ptyCommandIn(t, c, "de_CH.UTF-8", "music reset hold", "eingeben: ", "ja\r"); !strings.Contains(out, "Ihr Upload verstummt sofort.") {
		t.Errorf("the question does not say the upload stops:\n%s", out)
	}

	// Nothing uploaded (the default piece plays): no question, exit 0,
	// with or without a terminal.
	for lang, want := range map[string]string{
		"de_CH.UTF-8": "Ihre Warteschlangenmusik ist schon das Standardstück (lizenzfrei): Es wurde nichts hochgeladen, also gibt es nichts zurückzusetzen.",
		"fr_CH.UTF-8": "Votre musique de file d'attente est déjà le morceau par défaut (libre de droits) : aucun fichier n'a été envoyé, il n'y a donc rien à rétablir.",
		"it_CH.UTF-8": "non c'è niente da ripristinare",
		"en_GB.UTF-8": "Your queue music is the default piece (licence-free) already: nothing was uploaded, so there is nothing to reset.",
	} {
		out, errOut, code := runIn(t, c, lang, "music reset queue")
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("LANG=%s music reset queue: exit %d, want 0 and %q\n%s%s", lang, code, want, out, errOut)
		}
	}
}
