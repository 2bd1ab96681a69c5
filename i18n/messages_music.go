package i18n

// musicMessages are the Music page, `music status` and the upload
// messages of every path (command, scp, sftp).
var musicMessages = []msg{
	{key: "music.title", en: "Hold and queue music", de: "Warte- und Warteschlangenmusik", fr: "Musique d'attente et de file d'attente", it: "Musica d'attesa e della coda"},
	{key: "music.hold_title", en: "Hold music", de: "Wartemusik", fr: "Musique d'attente", it: "Musica d'attesa"},
	{key: "music.queue_title", en: "Queue music", de: "Warteschlangenmusik", fr: "Musique de file d'attente", it: "Musica della coda d'attesa"},
	{key: "music.load_failed", en: "Could not load your music; press r to try again.", de: "Ihre Musik konnte nicht geladen werden; drücken Sie r für einen neuen Versuch.", fr: "Impossible de charger votre musique ; appuyez sur r pour réessayer.", it: "Impossibile caricare la Sua musica; prema r per riprovare."},
	// Before going back to the default piece: the question, then what the
	// customer loses (an upload that plays, one waiting for activation);
	// with neither, there is nothing to reset and nothing is asked.
	{key: "music.revert_question", en: "Play the %s as your %s again?", de: "Wieder das %s als %s spielen?", fr: "Rejouer le %s comme %s ?", it: "Riprodurre di nuovo il %s come %s?"},
	{key: "music.revert_stops", en: "Your upload stops playing at once.", de: "Ihr Upload verstummt sofort.", fr: "Votre fichier cesse aussitôt d'être diffusé.", it: "Il Suo caricamento smette subito di essere riprodotto."},
	{key: "music.revert_discards", en: "Your upload waiting for activation is discarded and will not play.", de: "Ihr Upload, der auf die Aktivierung wartet, wird verworfen und nicht gespielt.", fr: "Votre fichier en attente d'activation est abandonné et ne sera pas diffusé.", it: "Il Suo caricamento in attesa di attivazione viene scartato e non sarà riprodotto."},
	{key: "music.revert_stops_and_discards", en: "Your upload stops playing at once, and the one waiting for activation is discarded.", de: "Ihr Upload verstummt sofort, und der auf die Aktivierung wartende wird verworfen.", fr: "Votre fichier cesse aussitôt d'être diffusé, et celui en attente d'activation est abandonné.", it: "Il Suo caricamento smette subito di essere riprodotto e quello in attesa di attivazione viene scartato."},
	{key: "music.nothing_to_reset", en: "Your %s is the %s already: nothing was uploaded, so there is nothing to reset.", de: "Ihre %s ist schon das %s: Es wurde nichts hochgeladen, also gibt es nichts zurückzusetzen.", fr: "Votre %s est déjà le %s : aucun fichier n'a été envoyé, il n'y a donc rien à rétablir.", it: "La Sua %s è già il %s: non è stato caricato nulla, quindi non c'è niente da ripristinare."},
	{key: "music.upload_heading", en: "Upload wav or mp3", de: "wav oder mp3 hochladen", fr: "Envoyer un wav ou un mp3", it: "Caricare un wav o un mp3"},
	{key: "music.upload_when", en: "(it plays within seconds, at most 10 minutes):", de: "(spielt innert Sekunden, spätestens nach 10 Minuten):", fr: "(diffusé en quelques secondes, au plus tard après 10 minutes) :", it: "(in riproduzione entro pochi secondi, al massimo 10 minuti):",
		deAT: "(spielt binnen Sekunden, spätestens nach 10 Minuten):"},
	{key: "music.limits", en: "Limits: hold %s, queue %s.", de: "Grenzen: Wartemusik %s, Warteschlangenmusik %s.", fr: "Limites : attente %s, file d'attente %s.", it: "Limiti: attesa %s, coda %s."},
	{key: "music.limit_text", en: "%d bytes (%s)", de: "%d Bytes (%s)", fr: "%d octets (%s)", it: "%d byte (%s)"},
	// Decimals follow the locale (x/text's CLDR data): 1.5 MB in de-CH and
	// it-CH, 1,5 MB in de-AT, 1,5 Mo in fr-CH; a play time 2.0 s, 2,0 s.
	{key: "music.megabytes", en: "%g MB", de: "%g MB", fr: "%g Mo", it: "%g MB"},
	{key: "music.seconds", en: "%.1f s", de: "%.1f s", fr: "%.1f s", it: "%.1f s"},
	{key: "music.upload_commands", en: "Upload wav or mp3:", de: "wav oder mp3 hochladen:", fr: "Envoyer un wav ou un mp3 :", it: "Caricare un wav o un mp3:"},
	{key: "music.too_large", en: "%s may be at most %s; this file is larger", de: "Die %s darf höchstens %s groß sein; diese Datei ist größer", fr: "La %s ne peut dépasser %s ; ce fichier est plus grand", it: "La %s può essere al massimo di %s; questo file è più grande"},
	{key: "music.licence", en: "Licence: for music you upload, you are responsible for its legal use and for any copyright fees (e.g. SUISA). The default piece is licence-free: no fees are due for it.", de: "Lizenz: Für Musik, die Sie hochladen, sind Sie für die rechtmäßige Nutzung und allfällige Urheberrechtsgebühren (z. B. SUISA) verantwortlich. Das Standardstück ist lizenzfrei: Dafür fallen keine Gebühren an.", fr: "Licence : pour la musique que vous envoyez, vous êtes responsable de son utilisation légale et des éventuels droits d'auteur (p. ex. SUISA). Le morceau par défaut est libre de droits : aucune redevance n'est due.", it: "Licenza: per la musica che carica, Lei è responsabile dell'uso legale e degli eventuali diritti d'autore (p. es. SUISA). Il brano predefinito è senza diritti: non sono dovute tasse.",
		deAT: "Lizenz: Für Musik, die Sie hochladen, sind Sie für die rechtmäßige Nutzung und etwaige Urheberrechtsgebühren (z. B. AKM) verantwortlich. Das Standardstück ist lizenzfrei: Dafür fallen keine Gebühren an."},
	{key: "music.reverted", en: "Your %s is the %s again.", de: "Ihre %s ist wieder das %s.", fr: "Votre %s est de nouveau le %s.", it: "La Sua %s è di nuovo il %s."},
	{key: "music.already_default", en: "Your %s was the %s already; nothing changed.", de: "Ihre %s war schon das %s; nichts geändert.", fr: "Votre %s était déjà le %s ; rien n'a changé.", it: "La Sua %s era già il %s; nessuna modifica."},
	{key: "music.revert_failed", en: "Could not go back to the default piece; please try again.", de: "Die Rückkehr zum Standardstück ist fehlgeschlagen; bitte versuchen Sie es noch einmal.", fr: "Impossible de revenir au morceau par défaut ; veuillez réessayer.", it: "Impossibile tornare al brano predefinito; riprovi."},
	{key: "music.playing", en: "%s: playing %s", de: "%s: spielt %s", fr: "%s : diffuse %s", it: "%s: riproduce %s"},
	{key: "music.active_since", en: "active since %s", de: "aktiv seit %s", fr: "active depuis le %s", it: "attiva dal %s"},
	{key: "music.pending", en: "pending: %s, uploaded %s, %s (usually seconds, at most 10 minutes)", de: "ausstehend: %s, hochgeladen %s, %s (meist Sekunden, höchstens 10 Minuten)", fr: "en attente : %s, envoyé le %s, %s (en général quelques secondes, au plus 10 minutes)", it: "in sospeso: %s, caricato il %s, %s (di solito pochi secondi, al massimo 10 minuti)"},
	{key: "music.state_waiting", en: "waiting for activation", de: "wartet auf Aktivierung", fr: "en attente d'activation", it: "in attesa di attivazione"},
	{key: "music.state_converting", en: "being converted", de: "wird umgewandelt", fr: "en cours de conversion", it: "in conversione"},
	{key: "music.failed", en: "failed: %s, uploaded %s: %s", de: "fehlgeschlagen: %s, hochgeladen %s: %s", fr: "échec : %s, envoyé le %s : %s", it: "non riuscito: %s, caricato il %s: %s"},
	{key: "music.refused", en: "refused: %s, %s via %s: %s", de: "abgelehnt: %s, %s über %s: %s", fr: "refusé : %s, %s via %s : %s", it: "rifiutato: %s, %s tramite %s: %s"},
	{key: "music.received", en: "%s received for %s (%s). %s", de: "%s für %s erhalten (%s). %s", fr: "%s reçu pour la %s (%s). %s", it: "%s ricevuto per la %s (%s). %s"},
	{key: "music.was_refused", en: "%s was refused: %s. Your %s is unchanged.", de: "%s wurde abgelehnt: %s. Ihre %s bleibt unverändert.", fr: "%s a été refusé : %s. Votre %s reste inchangée.", it: "%s è stato rifiutato: %s. La Sua %s resta invariata."},
	{key: "music.status_hint", en: "`music status` shows when it plays.", de: "`music status` zeigt, wann sie spielt.", fr: "`music status` indique quand elle est diffusée.", it: "`music status` mostra quando viene riprodotta."},
	{key: "music.unsupported_wma", en: "wma and wmv are not supported; upload wav or mp3", de: "wma und wmv werden nicht unterstützt; laden Sie wav oder mp3 hoch", fr: "wma et wmv ne sont pas pris en charge ; envoyez un wav ou un mp3", it: "wma e wmv non sono supportati; carichi un wav o un mp3"},
	{key: "music.unsupported", en: "only wav and mp3 are accepted", de: "nur wav und mp3 werden angenommen", fr: "seuls les formats wav et mp3 sont acceptés", it: "sono accettati solo wav e mp3"},
	{key: "music.default_file", en: "the %s, %s", de: "das %s, %s", fr: "le %s, %s", it: "il %s, %s"},
	{key: "music.limit_line", en: "limit: %s", de: "Grenze: %s", fr: "limite : %s", it: "limite: %s"},
	{key: "music.unnamed_upload", en: "(unnamed upload)", de: "(Upload ohne Namen)", fr: "(envoi sans nom)", it: "(caricamento senza nome)"},
	{key: "music.the_upload", en: "The upload", de: "Der Upload", fr: "L'envoi", it: "Il caricamento"},
	{key: "music.activation_note", en: "It is being activated; that usually takes seconds and at most 10 minutes. Until then the previous music keeps playing.",
		de: "Sie wird aktiviert; das dauert meist Sekunden, höchstens 10 Minuten. Bis dahin spielt die bisherige Musik weiter.",
		fr: "Elle est en cours d'activation ; cela prend en général quelques secondes, au plus 10 minutes. D'ici là, la musique actuelle continue.",
		it: "È in corso di attivazione; di solito bastano pochi secondi, al massimo 10 minuti. Fino ad allora continua la musica attuale."},
	{key: "music.upload_stopped", en: "the upload was stopped: %s", de: "der Upload wurde abgebrochen: %s", fr: "l'envoi a été interrompu : %s", it: "il caricamento è stato interrotto: %s"},
	{key: "music.not_stored", en: "the upload could not be stored; please try again", de: "der Upload konnte nicht gespeichert werden; bitte versuchen Sie es noch einmal", fr: "l'envoi n'a pas pu être enregistré ; veuillez réessayer", it: "non è stato possibile salvare il caricamento; riprovi"},
	{key: "session.needs_terminal", en: "sipdesk: the portal needs a terminal. Connect with `%s`, or run a command: `%s`.", de: "sipdesk: Das Portal braucht ein Terminal. Verbinden Sie sich mit `%s` oder führen Sie einen Befehl aus: `%s`.", fr: "sipdesk : le portail a besoin d'un terminal. Connectez-vous avec `%s` ou lancez une commande : `%s`.", it: "sipdesk: il portale richiede un terminale. Si colleghi con `%s` oppure esegua un comando: `%s`."},
}
