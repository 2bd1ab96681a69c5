package portal_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/audio"
	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
)

// reasonIn is a refusal's text in each language a customer reads.
type reasonIn struct{ de, fr, it, en string }

// inFormat is the refusal of a file in another format, named as it is
// called in every language.
func inFormat(name string) reasonIn {
	return reasonIn{
		de: "diese Datei ist im Format " + name + "; laden Sie wav oder mp3 hoch",
		fr: "ce fichier est au format " + name + " ; envoyez un wav ou un mp3",
		it: "questo file è in formato " + name + "; carichi un wav o un mp3",
		en: "this file is in " + name + " format; upload wav or mp3",
	}
}

// wavCodec is the refusal of a wav file of a codec we do not decode.
func wavCodec(name string) reasonIn {
	return reasonIn{
		de: "diese wav-Datei verwendet den Codec " + name + "; angenommen werden nur wav-Dateien mit PCM, Float, mu-law oder A-law",
		fr: "ce fichier wav utilise le codec " + name + " ; seuls les fichiers wav en PCM, float, mu-law ou A-law sont acceptés",
		it: "questo file wav usa il codec " + name + "; sono accettati solo file wav PCM, float, mu-law o A-law",
		en: "this wav file uses the " + name + " codec; only PCM, float, mu-law and A-law wav files are accepted",
	}
}

// wavVariant is the refusal of RF64 and Wave64, which issue 16 wants
// named.
func wavVariant(name string) reasonIn {
	return reasonIn{
		de: "diese Datei ist im Format " + name + ", einer wav-Variante, die nicht angenommen wird; speichern Sie sie als gewöhnliches wav oder als mp3",
		fr: "ce fichier est au format " + name + ", une variante de wav qui n'est pas acceptée ; enregistrez-le en wav standard ou en mp3",
		it: "questo file è in formato " + name + ", una variante di wav che non è accettata; lo salvi come wav standard o come mp3",
		en: "this file is in " + name + " format, a variant of wav that is not accepted; save it as a standard wav or as mp3",
	}
}

// The hands-on trial's files, made with ffmpeg, sox and lame and uploaded
// under a .mp3 name: each refusal, stored and read back, names the true
// reason in German (CH), French, Italian and English, not "only wav and
// mp3 are accepted" or "the file is empty" (issue 16).
func TestMusicRefusalsNameTheTrueReasonInEveryLanguage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ff := func(out string, args ...string) []byte {
		t.Helper()
		return makeFile(t, dir, out, "ffmpeg", append(append([]string{"-v", "error", "-nostdin", "-y"}, args...), out)...)
	}
	makeFile(t, dir, "tone.wav", "sox", "-D", "-V1", "-n", "-r", "44100", "-c", "2", "-b", "16", "tone.wav", "synth", "2", "sine", "440", "sine", "660", "gain", "-6")
	makeFile(t, dir, "w8.wav", "sox", "-D", "-V1", "-n", "-r", "8000", "-c", "1", "-b", "16", "w8.wav", "synth", "2", "sine", "440", "gain", "-6")
	makeFile(t, dir, "tone48.wav", "sox", "-D", "-V1", "-n", "-r", "48000", "-c", "2", "-b", "16", "tone48.wav", "synth", "2", "sine", "440", "sine", "660", "gain", "-6")
	tagged := makeFile(t, dir, "tagged.mp3", "lame", "--quiet", "-b", "128", "--tt", "On hold", "--add-id3v2", "tone.wav", "tagged.mp3")
	tagged48 := makeFile(t, dir, "tagged48.mp3", "lame", "--quiet", "-b", "128", "--tt", "Part two", "--add-id3v2", "tone48.wav", "tagged48.mp3")
	tagSize := 10 + (int(tagged[6])<<21 | int(tagged[7])<<14 | int(tagged[8])<<7 | int(tagged[9]))

	cases := []struct {
		name string
		data []byte
		code string // as --json's reason_code gives it
		want reasonIn
	}{
		{"ID3v2 tag only", tagged[:tagSize], portal.RefusedEmpty, reasonIn{
			de: "diese mp3-Datei enthält ein Tag, aber keine Audiodaten",
			fr: "ce fichier mp3 contient un tag, mais aucune donnée audio",
			it: "questo file mp3 contiene un tag, ma nessun dato audio",
			en: "this mp3 file has a tag but no audio",
		}},
		{"MS ADPCM wav", ff("msadpcm.wav", "-i", "w8.wav", "-c:a", "adpcm_ms"), portal.RefusedUnsupported, wavCodec("MS ADPCM")},
		{"IMA ADPCM wav", ff("ima.wav", "-i", "w8.wav", "-c:a", "adpcm_ima_wav"), portal.RefusedUnsupported, wavCodec("IMA ADPCM")},
		{"GSM wav", ff("gsm.wav", "-i", "w8.wav", "-c:a", "libgsm_ms"), portal.RefusedUnsupported, wavCodec("GSM 6.10")},
		{"2000 Hz pcm_u8 wav", ff("u8.wav", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=2000:duration=2", "-c:a", "pcm_u8"),
			portal.RefusedUnsupported, reasonIn{
				de: "eine Abtastrate von 2’000 Hz wird nicht unterstützt; verwenden Sie 8’000 bis 192’000 Hz",
				// French groups digits with a no-break space.
				fr: "une fréquence d'échantillonnage de 2\u00a0000 Hz n'est pas prise en charge ; utilisez de 8\u00a0000 à 192\u00a0000 Hz",
				it: "una frequenza di campionamento di 2’000 Hz non è supportata; usi da 8’000 a 192’000 Hz",
				en: "a sample rate of 2,000 Hz is not supported; use 8,000 to 192,000 Hz",
			}},
		{"RF64", ff("rf64.wav", "-i", "w8.wav", "-rf64", "always"), portal.RefusedUnsupported, wavVariant("RF64")},
		{"Wave64", ff("w64.w64", "-i", "w8.wav", "-f", "w64"), portal.RefusedUnsupported, wavVariant("Wave64")},
		{"Ogg Vorbis", ff("x.ogg", "-i", "tone.wav", "-c:a", "libvorbis"), portal.RefusedUnsupported, inFormat("Ogg Vorbis")},
		{"Opus", ff("x.opus", "-i", "tone.wav", "-c:a", "libopus"), portal.RefusedUnsupported, inFormat("Ogg Opus")},
		{"FLAC", ff("x.flac", "-i", "tone.wav"), portal.RefusedUnsupported, inFormat("FLAC")},
		{"M4A", ff("x.m4a", "-i", "tone.wav", "-c:a", "aac"), portal.RefusedUnsupported, inFormat("M4A (AAC)")},
		{"AAC (ADTS)", ff("x.aac", "-i", "tone.wav", "-c:a", "aac", "-f", "adts"), portal.RefusedUnsupported, inFormat("AAC")},
		{"AIFF", ff("x.aiff", "-i", "tone.wav"), portal.RefusedUnsupported, inFormat("AIFF")},
		{"mp2", ff("x.mp2", "-i", "tone.wav", "-c:a", "mp2"), portal.RefusedUnsupported, inFormat("MPEG Layer I/II (mp2)")},
		{"AC-3", ff("x.ac3", "-i", "tone.wav", "-c:a", "ac3"), portal.RefusedUnsupported, inFormat("AC-3 (Dolby Digital)")},
		{"Matroska audio", ff("x.mka", "-i", "tone.wav", "-c:a", "flac"), portal.RefusedUnsupported, inFormat("Matroska/WebM")},
		{"free-format mp3", makeFile(t, dir, "free.mp3", "lame", "--quiet", "--freeformat", "-b", "640", "tone.wav", "free.mp3"),
			portal.RefusedUnsupported, reasonIn{
				de: "mp3-Dateien im Free-Format werden nicht unterstützt; kodieren Sie die Datei mit einer üblichen Bitrate neu",
				fr: "les fichiers mp3 à débit libre (free format) ne sont pas pris en charge ; réencodez le fichier avec un débit standard",
				it: "i file mp3 a bitrate libero (free format) non sono supportati; ricodifichi il file con un bitrate standard",
				en: "free-format mp3 files are not supported; re-encode the file at a standard bitrate",
			}},
		// Joined with cat: the conversion resamples from one rate.
		{"parts at 44.1 and 48 kHz joined", append(append([]byte(nil), tagged...), tagged48...), portal.RefusedUnsupported, reasonIn{
			de: "diese mp3-Datei wechselt bei 2.0 s die Abtastrate von 44’100 Hz auf 48’000 Hz; fügen Sie nur Teile mit derselben Abtastrate zusammen oder kodieren Sie die ganze Datei neu",
			fr: "ce fichier mp3 change de fréquence d'échantillonnage à 2,0 s, de 44\u00a0100 Hz à 48\u00a0000 Hz ; n'assemblez que des parties de même fréquence ou réencodez tout le fichier",
			it: "questo file mp3 cambia frequenza di campionamento a 2.0 s, da 44’100 Hz a 48’000 Hz; unisca solo parti con la stessa frequenza o ricodifichi l'intero file",
			en: "this mp3 file changes its sample rate at 2.0 s, from 44,100 Hz to 48,000 Hz; join only parts of one sample rate, or re-encode the whole file",
		}},
		// A cut copy and a damaged one say where.
		{"the first half of a file", tagged[:tagSize+(len(tagged)-tagSize)/2], portal.RefusedTruncated, reasonIn{
			de: "die Datei ist unvollständig: sie endet bei 1.0 s von 2.0 s; laden Sie die vollständige Datei hoch",
			fr: "le fichier est incomplet : il s'arrête à 1,0 s sur 2,0 s ; envoyez le fichier complet",
			it: "il file è incompleto: si interrompe a 1.0 s su 2.0 s; carichi il file completo",
			en: "the file is truncated: it ends at 1.0 s of 2.0 s; upload the complete file",
		}},
		{"junk in the middle", append(append(append([]byte(nil), tagged[:tagSize+418*40]...), "some junk"...), tagged[tagSize+418*40:]...), portal.RefusedCorrupt, reasonIn{
			de: "die Datei ist bei 1.0 s beschädigt; laden Sie eine unbeschädigte Kopie hoch",
			fr: "le fichier est endommagé à 1,0 s ; envoyez une copie intacte",
			it: "il file è danneggiato a 1.0 s; carichi una copia integra",
			en: "the file is damaged at 1.0 s; upload an intact copy",
		}},
		// More junk before the first frame than the search window.
		{"64 KiB of junk before the mp3", append(bytes.Repeat([]byte("junk"), 64<<10/4), tagged[tagSize:]...), portal.RefusedUnsupported, reasonIn{
			de: "die mp3-Audiodaten beginnen erst bei Byte 65’536, nach mindestens 64 KiB anderer Daten; entfernen Sie, was davor steht, oder kodieren Sie die Datei neu",
			fr: "les données audio mp3 ne commencent qu'à l'octet 65\u00a0536, après au moins 64 Kio d'autres données ; supprimez ce qui les précède ou réencodez le fichier",
			it: "l'audio mp3 inizia solo al byte 65’536, dopo almeno 64 KiB di altri dati; rimuova ciò che lo precede o ricodifichi il file",
			en: "the mp3 audio starts only at byte 65,536, after at least 64 KiB of other data; remove what comes before it or re-encode the file",
		}},
	}
	voices := []struct {
		loc  i18n.Locale
		want func(reasonIn) string
	}{
		{i18n.DeCH, func(r reasonIn) string { return r.de }},
		{i18n.FrCH, func(r reasonIn) string { return r.fr }},
		{i18n.ItCH, func(r reasonIn) string { return r.it }},
		{i18n.EnCH, func(r reasonIn) string { return r.en }},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		acct := seedAlice(t, s)
		for _, c := range cases {
			_, err := uploadBytes(s, acct, portal.MusicQueue, "music.mp3", c.data)
			var refused *portal.MusicRefusedError
			if !errors.As(err, &refused) {
				t.Fatalf("%s: accepted (%v)", c.name, err)
			}
			r := slot(t, s, acct, portal.MusicQueue).LastRefusal
			if r == nil || r.ReasonCode != c.code || r.Reason != refused.Reason || r.Code != refused.Code {
				t.Fatalf("%s: stored %+v, want reason code %q and the upload's code %q", c.name, r, c.code, refused.Code)
			}
			t.Logf("%s: stored %q (%s)", c.name, r.Code, r.Reason)
			for _, v := range voices {
				want := v.want(c.want)
				if got := voiceOf(v.loc).MusicRefusal(portal.MusicQueue, r.Code, r.Reason); got != want {
					t.Errorf("%s in %s: %q, want %q", c.name, v.loc, got, want)
				}
			}
		}
	})
}

// A refusal stored before details, or with a detail this version does not
// know (a newer replica's) or without its values, reads as its code's
// general text; an old row without a code shows its English.
func TestMusicRefusalDetailsStayReadable(t *testing.T) {
	t.Parallel()
	de := voiceOf(i18n.DeCH)
	for _, c := range []struct{ code, want string }{
		{"unsupported", "nur wav und mp3 werden angenommen"},
		{"empty", "die Datei ist leer"},
		{"unsupported\tsome_future_detail\tX", "nur wav und mp3 werden angenommen"},
		{"unsupported\tlooks_like", "nur wav und mp3 werden angenommen"},
		{"unsupported\twav_rate\t2000", "nur wav und mp3 werden angenommen"},
		{"unsupported\tlooks_like\tOgg Vorbis", "diese Datei ist im Format Ogg Vorbis; laden Sie wav oder mp3 hoch"},
		{"", "as it was stored"},
	} {
		if got := de.MusicRefusal(portal.MusicHold, c.code, "as it was stored"); got != c.want {
			t.Errorf("%q reads %q, want %q", c.code, got, c.want)
		}
	}
	if got := strings.Count(portal.RefusedUnsupported, "\t"); got != 0 {
		t.Errorf("the code itself holds a tab")
	}
}

// Every detail the audio package gives is worded in every language with
// its values, none falls back to its code's general text.
func TestEveryAudioDetailIsWorded(t *testing.T) {
	t.Parallel()
	cases := []struct {
		code string
		args []string
	}{
		{portal.RefusedUnsupported, []string{audio.DetailLooksLike, "Ogg Vorbis"}},
		{portal.RefusedUnsupported, []string{audio.DetailWAVVariant, "RF64"}},
		{portal.RefusedUnsupported, []string{audio.DetailText}},
		{portal.RefusedUnsupported, []string{audio.DetailRIFF}},
		{portal.RefusedUnsupported, []string{audio.DetailFreeFormat}},
		{portal.RefusedUnsupported, []string{audio.DetailWAVCodec, "MS ADPCM"}},
		{portal.RefusedUnsupported, []string{audio.DetailWAVFormatTag, "0x1234"}},
		{portal.RefusedUnsupported, []string{audio.DetailWAVSubformat}},
		{portal.RefusedUnsupported, []string{audio.DetailWAVChannels, "40", "32"}},
		{portal.RefusedUnsupported, []string{audio.DetailWAVRate, "100", "800", "900"}},
		{portal.RefusedUnsupported, []string{audio.DetailWAVBits, "16", "IEEE float"}},
		{portal.RefusedUnsupported, []string{audio.DetailRateChange, "3.0 s", "441", "480"}},
		{portal.RefusedUnsupported, []string{audio.DetailLateStart, "64", "999"}},
		{portal.RefusedEmpty, []string{audio.DetailTagOnly}},
		{portal.RefusedEmpty, []string{audio.DetailNoAudio, "wav"}},
		{portal.RefusedTruncated, []string{audio.DetailStoppedAt, "1.2 s", "2.0 s"}},
		{portal.RefusedTruncated, []string{audio.DetailStoppedAt, "1.2 s"}},
		{portal.RefusedCorrupt, []string{audio.DetailDamagedAt, "1.0 s"}},
	}
	for _, loc := range []i18n.Locale{i18n.DeCH, i18n.DeAT, i18n.FrCH, i18n.ItCH, i18n.EnCH} {
		v := voiceOf(loc)
		for _, c := range cases {
			code := strings.Join(append([]string{c.code}, c.args...), "\t")
			got := v.MusicRefusal(portal.MusicHold, code, "english")
			if got == v.MusicRefusal(portal.MusicHold, c.code, "english") || strings.Contains(got, "[") {
				t.Errorf("%s %q: %q is the general text or no text", loc, code, got)
			}
			for _, a := range c.args[1:] {
				// Play times in the locale's decimals.
				if !strings.Contains(got, a) && !strings.Contains(got, strings.ReplaceAll(a, ".", ",")) {
					t.Errorf("%s %q: %q lacks %q", loc, code, got, a)
				}
			}
		}
	}
}
