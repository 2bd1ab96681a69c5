package i18n

// keyMessages are the remaining key hints of the portal's pages and forms
// (see tuiMessages for the frame's): what a key does, in a word or two, so
// the footer fits 60 columns in German too.
var keyMessages = []msg{
	{key: "key.last", en: "last", de: "letzte", fr: "dernier", it: "ultimo"},
	{key: "key.first", en: "first", de: "erste", fr: "premier", it: "primo"},
	{key: "key.bottom", en: "bottom", de: "Ende", fr: "fin", it: "fine"},
	{key: "key.top", en: "top", de: "Anfang", fr: "début", it: "inizio"},
	{key: "key.saved_them", en: "I saved them", de: "gespeichert", fr: "je les ai notés", it: "li ho salvati"},
	{key: "key.type_code", en: "type the code", de: "Code eingeben", fr: "saisir le code", it: "inserisci il codice"},
	{key: "key.keep", en: "keep", de: "behalten", fr: "garder", it: "mantieni"},
	{key: "key.more", en: "more", de: "weiter", fr: "suite", it: "altro"},
	{key: "key.page_down", en: "page down", de: "Seite runter", fr: "page suivante", it: "pagina giù"},
	{key: "key.page_up", en: "page up", de: "Seite hoch", fr: "page précédente", it: "pagina su"},
	{key: "key.scroll_up", en: "scroll up", de: "nach oben", fr: "remonter", it: "scorri su"},
	{key: "key.previous_field", en: "previous field", de: "vorheriges Feld", fr: "champ précédent", it: "campo precedente"},
	{key: "key.revert", en: "revert", de: "zurücksetzen", fr: "rétablir", it: "ripristina"},
	{key: "key.up", en: "up", de: "hoch", fr: "haut", it: "su"},
	{key: "key.down", en: "down", de: "runter", fr: "bas", it: "giù"},
	{key: "key.make_codes", en: "make new codes", de: "neue Codes erstellen", fr: "créer des codes", it: "crea nuovi codici"},
	{key: "key.activate", en: "activate", de: "aktivieren", fr: "activer", it: "attiva"},
	{key: "key.default_piece", en: "default piece", de: "Standardstück", fr: "morceau par défaut", it: "brano predefinito"},
	{key: "key.previous_page", en: "previous page", de: "vorherige Seite", fr: "page précédente", it: "pagina precedente"},
	{key: "key.timezone", en: "time zone", de: "Zeitzone", fr: "fuseau horaire", it: "fuso orario"},

	{key: "scroll.more_both", en: "↑↓ more above and below: pgup/pgdn", de: "↑↓ mehr oben und unten: pgup/pgdn", fr: "↑↓ suite en haut et en bas : pgup/pgdn", it: "↑↓ altro sopra e sotto: pgup/pgdn"},
	{key: "scroll.more_above", en: "↑ more above: pgup", de: "↑ mehr oben: pgup", fr: "↑ suite en haut : pgup", it: "↑ altro sopra: pgup"},
	{key: "scroll.more_below", en: "↓ more below: pgdn", de: "↓ mehr unten: pgdn", fr: "↓ suite en bas : pgdn", it: "↓ altro sotto: pgdn"},
}

// musicPageMessages are the Music page's short words; the longer sentences
// are shared with the music command (messages_music.go).
var musicPageMessages = []msg{
	{key: "music.limit_seconds", en: "1.5 MB ≈ %s s of CD-quality WAV or %s s of MP3 at 128 kbit/s; 3 MB twice that.",
		de: "1,5 MB ≈ %s s WAV in CD-Qualität oder %s s MP3 mit 128 kbit/s; 3 MB das Doppelte.",
		fr: "1,5 Mo ≈ %s s de WAV qualité CD ou %s s de MP3 à 128 kbit/s ; 3 Mo le double.",
		it: "1,5 MB ≈ %s s di WAV qualità CD o %s s di MP3 a 128 kbit/s; 3 MB il doppio."},
	{key: "music.word_pending", en: "pending", de: "wartend", fr: "en attente", it: "in attesa"},
	{key: "music.word_failed", en: "failed", de: "fehlgeschlagen", fr: "échec", it: "non riuscito"},
	{key: "music.word_refused", en: "refused", de: "abgelehnt", fr: "refusé", it: "rifiutato"},
	{key: "music.word_upload", en: "upload", de: "Upload", fr: "envoi", it: "caricamento"},
}

// formMessages are the placeholders of the portal's password and code
// fields and the remaining words of the account page and its forms.
var formMessages = []msg{
	{key: "form.ph_current", en: "current password", de: "aktuelles Passwort", fr: "mot de passe actuel", it: "password attuale"},
	{key: "form.ph_new", en: "new password", de: "neues Passwort", fr: "nouveau mot de passe", it: "nuova password"},
	{key: "form.ph_repeat", en: "repeat new password", de: "neues Passwort wiederholen", fr: "répéter le nouveau mot de passe", it: "ripeta la nuova password"},
	{key: "form.ph_login_password", en: "login password", de: "Login-Passwort", fr: "mot de passe de connexion", it: "password di login"},
	{key: "account.activate_button", en: "[ ACTIVATE 2FA ]", de: "[ 2FA AKTIVIEREN ]", fr: "[ ACTIVER LA 2FA ]", it: "[ ATTIVA 2FA ]"},
	{key: "account.lost_phone", en: "Lost your phone? %s", de: "Telefon verloren? %s", fr: "Téléphone perdu ? %s", it: "Ha perso il telefono? %s"},
	{key: "account.lost_phone_text", en: "Type one of your recovery codes where the app's code is asked for, then turn 2FA off here and set it up on your new phone. No recovery code left? Write to customer care at %s from the email address stored in your account.",
		de: "Geben Sie einen Ihrer Wiederherstellungscodes dort ein, wo der Code der App verlangt wird; schalten Sie dann hier 2FA aus und richten Sie sie auf dem neuen Telefon ein. Kein Wiederherstellungscode mehr? Schreiben Sie an den Kundendienst unter %s, und zwar von der in Ihrem Konto hinterlegten E-Mail-Adresse.",
		fr: "Saisissez l'un de vos codes de récupération à la place du code de l'application, puis désactivez ici la 2FA et configurez-la sur votre nouveau téléphone. Plus de code de récupération ? Écrivez au service clientèle à %s depuis l'adresse e-mail enregistrée dans votre compte.",
		it: "Inserisca uno dei Suoi codici di recupero al posto del codice dell'app, poi disattivi qui la 2FA e la configuri sul nuovo telefono. Nessun codice di recupero rimasto? Scriva al servizio clienti a %s dall'indirizzo e-mail registrato nel Suo account."},
	{key: "account.setup_step2_enter", en: "2. Press enter to type the code the app shows.", de: "2. Drücken Sie Enter, um den Code der App einzugeben.", fr: "2. Appuyez sur Entrée pour saisir le code affiché par l'application.", it: "2. Prema Invio per inserire il codice mostrato dall'app."},
	{key: "account.language_now", en: "%s; times in %s", de: "%s; Zeiten in %s", fr: "%s ; heures en %s", it: "%s; orari in %s"},
	{key: "account.choose_language", en: "Choose the portal's language:", de: "Sprache des Portals wählen:", fr: "Choisissez la langue du portail :", it: "Scelga la lingua del portale:"},
	{key: "account.choose_zone", en: "Choose the time zone of the times shown:", de: "Zeitzone der angezeigten Zeiten wählen:", fr: "Choisissez le fuseau horaire des heures affichées :", it: "Scelga il fuso orario degli orari mostrati:"},
	{key: "account.zone_auto", en: "Automatic (%s)", de: "Automatisch (%s)", fr: "Automatique (%s)", it: "Automatico (%s)"},
	{key: "error.busy", en: "The server is busy; please try again in a moment.", de: "Der Server ist ausgelastet; bitte versuchen Sie es gleich noch einmal.", fr: "Le serveur est occupé ; veuillez réessayer dans un instant.", it: "Il server è occupato; riprovi tra un momento."},
}
