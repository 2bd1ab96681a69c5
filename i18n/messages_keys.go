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
	{key: "key.security", en: "keys & sessions", de: "Schlüssel & Sitzungen", fr: "clés et sessions", it: "chiavi e sessioni"},
	{key: "key.timezone", en: "time zone", de: "Zeitzone", fr: "fuseau horaire", it: "fuso orario"},

	{key: "scroll.more_both", en: "↑↓ more above and below: pgup/pgdn", de: "↑↓ mehr oben und unten: pgup/pgdn", fr: "↑↓ suite en haut et en bas : pgup/pgdn", it: "↑↓ altro sopra e sotto: pgup/pgdn"},
	{key: "scroll.more_above", en: "↑ more above: pgup", de: "↑ mehr oben: pgup", fr: "↑ suite en haut : pgup", it: "↑ altro sopra: pgup"},
	{key: "scroll.more_below", en: "↓ more below: pgdn", de: "↓ mehr unten: pgdn", fr: "↓ suite en bas : pgdn", it: "↓ altro sotto: pgdn"},
}

// musicPageMessages are the Music page's short words; the longer sentences
// are shared with the music command (messages_music.go).
var musicPageMessages = []msg{
	{key: "music.limit_seconds", en: "%s ≈ %d s of CD-quality WAV or %d s of MP3 at 128 kbit/s; %s twice that.",
		de: "%s ≈ %d s WAV in CD-Qualität oder %d s MP3 mit 128 kbit/s; %s das Doppelte.",
		fr: "%s ≈ %d s de WAV qualité CD ou %d s de MP3 à 128 kbit/s ; %s le double.",
		it: "%s ≈ %d s di WAV qualità CD o %d s di MP3 a 128 kbit/s; %s il doppio."},
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

// commandMoreMessages are the customer commands' words the first
// catalogue lacked: on/off, the exit statuses in --help, the language
// command's verbs and the credentials card's rows.
var commandMoreMessages = []msg{
	{key: "cmd.on", en: "on", de: "ein", fr: "activée", it: "attiva"},
	{key: "cmd.off", en: "off", de: "aus", fr: "désactivée", it: "disattiva"},
	{key: "cmd.exit_numbers", en: "Exit status:\n  0  done\n  1  error (e.g. the store is unreachable, the confirmation was not given)\n  2  bad arguments or flags\n  3  no such phone number in your account\n  4  the number's product has no SIP credentials (the reason is printed)",
		de: "Exit-Status:\n  0  erledigt\n  1  Fehler (z. B. Datenbank nicht erreichbar, Bestätigung nicht gegeben)\n  2  falsche Argumente oder Optionen\n  3  keine solche Rufnummer in Ihrem Konto\n  4  das Produkt der Nummer hat keine SIP-Credentials (der Grund wird ausgegeben)",
		fr: "Code de sortie :\n  0  terminé\n  1  erreur (p. ex. base de données injoignable, confirmation non donnée)\n  2  arguments ou options incorrects\n  3  ce numéro n'est pas dans votre compte\n  4  le produit du numéro n'a pas d'identifiants SIP (la raison est affichée)",
		it: "Codice di uscita:\n  0  fatto\n  1  errore (p. es. database non raggiungibile, conferma non data)\n  2  argomenti o opzioni errati\n  3  numero non presente nel Suo account\n  4  il prodotto del numero non ha credenziali SIP (il motivo viene mostrato)"},
	{key: "cmd.exit_music", en: "Exit status:\n  0  done\n  1  error (e.g. the store is unreachable, the confirmation was not given)\n  2  bad arguments or flags\n  5  the upload was refused (the reason is printed; the music that plays is unchanged)",
		de: "Exit-Status:\n  0  erledigt\n  1  Fehler (z. B. Datenbank nicht erreichbar, Bestätigung nicht gegeben)\n  2  falsche Argumente oder Optionen\n  5  der Upload wurde abgelehnt (der Grund wird ausgegeben; die bisherige Musik spielt weiter)",
		fr: "Code de sortie :\n  0  terminé\n  1  erreur (p. ex. base de données injoignable, confirmation non donnée)\n  2  arguments ou options incorrects\n  5  l'envoi a été refusé (la raison est affichée ; la musique actuelle reste inchangée)",
		it: "Codice di uscita:\n  0  fatto\n  1  errore (p. es. database non raggiungibile, conferma non data)\n  2  argomenti o opzioni errati\n  5  il caricamento è stato rifiutato (il motivo viene mostrato; la musica attuale resta invariata)"},
	{key: "cmd.exit_plain", en: "Exit status:\n  0  done\n  1  error\n  2  bad arguments or flags",
		de: "Exit-Status:\n  0  erledigt\n  1  Fehler\n  2  falsche Argumente oder Optionen",
		fr: "Code de sortie :\n  0  terminé\n  1  erreur\n  2  arguments ou options incorrects",
		it: "Codice di uscita:\n  0  fatto\n  1  errore\n  2  argomenti o opzioni errati"},
	{key: "cmd.language.set_short", en: "Choose the language: de, fr, it, en, or auto (your terminal's LANG)", de: "Sprache wählen: de, fr, it, en oder auto (LANG Ihres Terminals)", fr: "Choisir la langue : de, fr, it, en ou auto (LANG de votre terminal)", it: "Scegliere la lingua: de, fr, it, en o auto (LANG del Suo terminale)"},
	{key: "cmd.language.needs_choice", en: "language set needs one of de, fr, it, en or auto", de: "language set braucht eines von de, fr, it, en oder auto", fr: "language set attend de, fr, it, en ou auto", it: "language set richiede uno tra de, fr, it, en o auto"},
	{key: "cmd.language.setting_auto", en: "automatic", de: "automatisch", fr: "automatique", it: "automatica"},
	{key: "cmd.language.line", en: "%s (setting: %s); times in %s", de: "%s (Einstellung: %s); Zeiten in %s", fr: "%s (réglage : %s) ; heures en %s", it: "%s (impostazione: %s); orari in %s"},
	{key: "cmd.credentials.servers_tip", en: "Tip: %s", de: "Tipp: %s", fr: "Conseil : %s", it: "Consiglio: %s"},
	{key: "cmd.voip.confirm_intro", en: "New VoIP password for %s.", de: "Neues VoIP-Passwort für %s.", fr: "Nouveau mot de passe VoIP pour %s.", it: "Nuova password VoIP per %s."},
	{key: "cmd.voip.warning", en: "The old VoIP password stops working immediately: every phone, PBX or softphone registered with it must be reconfigured with the new one.", de: "Das alte VoIP-Passwort gilt sofort nicht mehr: Jedes Telefon, jede Telefonanlage und jedes Softphone, das sich damit anmeldet, braucht das neue.", fr: "L'ancien mot de passe VoIP cesse de fonctionner immédiatement : chaque téléphone, central ou softphone qui l'utilise doit recevoir le nouveau.", it: "La vecchia password VoIP smette subito di funzionare: ogni telefono, centralino o softphone che la usa deve ricevere quella nuova."},
	{key: "cmd.voip.json_flag", en: "print the new credentials as JSON", de: "die neuen Zugangsdaten als JSON ausgeben", fr: "afficher les nouveaux identifiants en JSON", it: "stampa le nuove credenziali in JSON"},
	{key: "cmd.credentials.json_flag", en: "print JSON (number, sip_username, voip_password, sip_domain, sip_servers)", de: "JSON ausgeben (number, sip_username, voip_password, sip_domain, sip_servers)", fr: "afficher en JSON (number, sip_username, voip_password, sip_domain, sip_servers)", it: "stampa JSON (number, sip_username, voip_password, sip_domain, sip_servers)"},
	{key: "cmd.music.upload.json_flag", en: "print the accepted upload as JSON", de: "den angenommenen Upload als JSON ausgeben", fr: "afficher l'envoi accepté en JSON", it: "stampa il caricamento accettato in JSON"},
}
