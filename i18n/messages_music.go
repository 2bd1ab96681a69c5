package i18n

// musicMessages are the Music page, `music status` and the upload
// messages of every path (command, scp, sftp).
var musicMessages = []msg{
	{key: "music.title", en: "Hold and queue music", de: "Warte- und Warteschlangenmusik", fr: "Musique d'attente et de file d'attente", it: "Musica d'attesa e della coda"},
	{key: "music.hold_title", en: "Hold music", de: "Wartemusik", fr: "Musique d'attente", it: "Musica d'attesa"},
	{key: "music.queue_title", en: "Queue music", de: "Warteschlangenmusik", fr: "Musique de file d'attente", it: "Musica della coda d'attesa"},
	{key: "music.load_failed", en: "Could not load your music; press r to try again.", de: "Ihre Musik konnte nicht geladen werden; drücken Sie r für einen neuen Versuch.", fr: "Impossible de charger votre musique ; appuyez sur r pour réessayer.", it: "Impossibile caricare la Sua musica; prema r per riprovare."},
	{key: "music.revert_confirm", en: "Play the %s as your %s again? Your upload stops at once. y/n", de: "Wieder das %s als %s spielen? Ihr Upload verstummt sofort. y/n", fr: "Rejouer le %s comme %s ? Votre fichier s'arrête aussitôt. y/n", it: "Riprodurre di nuovo il %s come %s? Il Suo caricamento si interrompe subito. y/n"},
	{key: "music.upload_heading", en: "Upload wav or mp3", de: "wav oder mp3 hochladen", fr: "Téléverser un wav ou un mp3", it: "Caricare un wav o un mp3"},
	{key: "music.upload_when", en: "(it plays within seconds, at most 10 minutes):", de: "(spielt innert Sekunden, spätestens nach 10 Minuten):", fr: "(diffusé en quelques secondes, au plus tard après 10 minutes) :", it: "(in riproduzione entro pochi secondi, al massimo 10 minuti):",
		deAT: "(spielt binnen Sekunden, spätestens nach 10 Minuten):"},
	{key: "music.limits", en: "Limits: hold %s, queue %s.", de: "Grenzen: Wartemusik %s, Warteschlangenmusik %s.", fr: "Limites : attente %s, file d'attente %s.", it: "Limiti: attesa %s, coda %s."},
	{key: "music.limit_text", en: "%d bytes (%s)", de: "%d Bytes (%s)", fr: "%d octets (%s)", it: "%d byte (%s)"},
	{key: "music.too_large", en: "%s may be at most %s; this file is larger", de: "Die %s darf höchstens %s groß sein; diese Datei ist größer", fr: "La %s ne peut dépasser %s ; ce fichier est plus grand", it: "La %s può essere al massimo di %s; questo file è più grande"},
	{key: "music.licence", en: "Licence: for music you upload, you are responsible for its legal use and for any copyright fees (e.g. SUISA). The default piece is licence-free: no fees are due for it.", de: "Lizenz: Für Musik, die Sie hochladen, sind Sie für die rechtmäßige Nutzung und allfällige Urheberrechtsgebühren (z. B. SUISA) verantwortlich. Das Standardstück ist lizenzfrei: Dafür fallen keine Gebühren an.", fr: "Licence : pour la musique que vous téléversez, vous êtes responsable de son utilisation légale et des éventuels droits d'auteur (p. ex. SUISA). Le morceau par défaut est libre de droits : aucune redevance n'est due.", it: "Licenza: per la musica che carica, Lei è responsabile dell'uso legale e degli eventuali diritti d'autore (p. es. SUISA). Il brano predefinito è senza diritti: non sono dovute tasse.",
		deAT: "Lizenz: Für Musik, die Sie hochladen, sind Sie für die rechtmäßige Nutzung und etwaige Urheberrechtsgebühren (z. B. AKM) verantwortlich. Das Standardstück ist lizenzfrei: Dafür fallen keine Gebühren an."},
	{key: "music.reverted", en: "Your %s is the %s again.", de: "Ihre %s ist wieder das %s.", fr: "Votre %s est de nouveau le %s.", it: "La Sua %s è di nuovo il %s."},
	{key: "music.already_default", en: "Your %s was the %s already; nothing changed.", de: "Ihre %s war schon das %s; nichts geändert.", fr: "Votre %s était déjà le %s ; rien n'a changé.", it: "La Sua %s era già il %s; nessuna modifica."},
	{key: "music.revert_failed", en: "Could not go back to the default piece; please try again.", de: "Die Rückkehr zum Standardstück ist fehlgeschlagen; bitte versuchen Sie es noch einmal.", fr: "Impossible de revenir au morceau par défaut ; veuillez réessayer.", it: "Impossibile tornare al brano predefinito; riprovi."},
	{key: "music.playing", en: "%s: playing %s", de: "%s: spielt %s", fr: "%s : diffuse %s", it: "%s: riproduce %s"},
	{key: "music.active_since", en: "active since %s", de: "aktiv seit %s", fr: "active depuis le %s", it: "attiva dal %s"},
	{key: "music.pending", en: "pending: %s, uploaded %s, %s (usually seconds, at most 10 minutes)", de: "ausstehend: %s, hochgeladen %s, %s (meist Sekunden, höchstens 10 Minuten)", fr: "en attente : %s, téléversé le %s, %s (en général quelques secondes, au plus 10 minutes)", it: "in sospeso: %s, caricato il %s, %s (di solito pochi secondi, al massimo 10 minuti)"},
	{key: "music.state_waiting", en: "waiting for activation", de: "wartet auf Aktivierung", fr: "en attente d'activation", it: "in attesa di attivazione"},
	{key: "music.state_converting", en: "being converted", de: "wird umgewandelt", fr: "en cours de conversion", it: "in conversione"},
	{key: "music.failed", en: "failed: %s, uploaded %s: %s", de: "fehlgeschlagen: %s, hochgeladen %s: %s", fr: "échec : %s, téléversé le %s : %s", it: "non riuscito: %s, caricato il %s: %s"},
	{key: "music.refused", en: "refused: %s, %s via %s: %s", de: "abgelehnt: %s, %s über %s: %s", fr: "refusé : %s, %s via %s : %s", it: "rifiutato: %s, %s tramite %s: %s"},
	{key: "music.received", en: "%s received for %s (%s). %s", de: "%s für %s erhalten (%s). %s", fr: "%s reçu pour la %s (%s). %s", it: "%s ricevuto per la %s (%s). %s"},
	{key: "music.was_refused", en: "%s was refused: %s. Your %s is unchanged.", de: "%s wurde abgelehnt: %s. Ihre %s bleibt unverändert.", fr: "%s a été refusé : %s. Votre %s reste inchangée.", it: "%s è stato rifiutato: %s. La Sua %s resta invariata."},
	{key: "music.status_hint", en: "`music status` shows when it plays.", de: "`music status` zeigt, wann sie spielt.", fr: "`music status` indique quand elle est diffusée.", it: "`music status` mostra quando viene riprodotta."},
	{key: "music.unsupported_wma", en: "wma and wmv are not supported; upload wav or mp3", de: "wma und wmv werden nicht unterstützt; laden Sie wav oder mp3 hoch", fr: "wma et wmv ne sont pas pris en charge ; téléversez un wav ou un mp3", it: "wma e wmv non sono supportati; carichi un wav o un mp3"},
	{key: "music.unsupported", en: "only wav and mp3 are accepted", de: "nur wav und mp3 werden angenommen", fr: "seuls les formats wav et mp3 sont acceptés", it: "sono accettati solo wav e mp3"},
}
