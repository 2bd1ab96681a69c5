package i18n

// sipMessages are the live registration status on the SIP-Credentials
// card, in `credentials` and its warning and hint (portal's
// SeveralServersWarning and NotRegisteredHint).
var sipMessages = []msg{
	{key: "sip.registration", en: "Registration", de: "Registrierung", fr: "Enregistrement", it: "Registrazione"},
	{key: "sip.not_registered", en: "not registered", de: "nicht registriert", fr: "non enregistré", it: "non registrato"},
	{key: "sip.registered_one", en: "registered, 1 device", de: "registriert, 1 Gerät", fr: "enregistré, 1 appareil", it: "registrato, 1 dispositivo"},
	{key: "sip.registered_many", en: "registered, %d devices", de: "registriert, %d Geräte", fr: "enregistré, %d appareils", it: "registrato, %d dispositivi"},
	{key: "sip.no_user_agent", en: "(no user agent)", de: "(kein User-Agent)", fr: "(pas d'agent utilisateur)", it: "(nessun user agent)"},
	{key: "sip.contact", en: "%s · %s %s · until %s · at %s", de: "%s · %s %s · bis %s · bei %s", fr: "%s · %s %s · jusqu'à %s · sur %s", it: "%s · %s %s · fino alle %s · su %s"},
	{key: "sip.contact_line", en: "%s %s, %s, until %s, at %s (server %d)", de: "%s %s, %s, bis %s, bei %s (Server %d)", fr: "%s %s, %s, jusqu'au %s, sur %s (serveur %d)", it: "%s %s, %s, fino al %s, su %s (server %d)"},
	{key: "sip.hint", en: "Hint: %s", de: "Hinweis: %s", fr: "Conseil : %s", it: "Suggerimento: %s"},
	{key: "sip.warning", en: "Warning: %s", de: "Warnung: %s", fr: "Attention : %s", it: "Attenzione: %s"},
	{key: "sip.several_servers", en: "This SIP username is registered on more than one SIP server at once: every incoming call rings twice. Enter only one SIP server in the device.",
		de: "Dieser SIP-Benutzername ist gleichzeitig auf mehr als einem SIP-Server registriert: Jeder eingehende Anruf klingelt doppelt. Tragen Sie im Gerät nur einen SIP-Server ein.",
		fr: "Ce nom d'utilisateur SIP est enregistré sur plus d'un serveur SIP à la fois : chaque appel entrant sonne deux fois. N'indiquez qu'un seul serveur SIP dans l'appareil.",
		it: "Questo nome utente SIP è registrato contemporaneamente su più di un server SIP: ogni chiamata in arrivo squilla due volte. Inserisca un solo server SIP nel dispositivo."},
	{key: "sip.not_registered_hint", en: "No device is registered with these credentials. Check the SIP username, the VoIP password (a new one must be entered in every device) and the SIP server in your phone or PBX.",
		de: "Kein Gerät ist mit diesen Zugangsdaten registriert. Prüfen Sie SIP-Benutzername, VoIP-Passwort (ein neues muss in jedem Gerät eingetragen werden) und SIP-Server in Ihrem Telefon oder Ihrer Telefonanlage.",
		fr: "Aucun appareil n'est enregistré avec ces identifiants. Vérifiez le nom d'utilisateur SIP, le mot de passe VoIP (un nouveau doit être saisi dans chaque appareil) et le serveur SIP de votre téléphone ou central.",
		it: "Nessun dispositivo è registrato con queste credenziali. Controlli il nome utente SIP, la password VoIP (una nuova va inserita in ogni dispositivo) e il server SIP del Suo telefono o centralino."},
	{key: "sip.status_unavailable", en: "The registration status is unavailable right now; it is read again in a few seconds.",
		de: "Der Registrierungsstatus ist gerade nicht verfügbar; er wird in einigen Sekunden erneut gelesen.",
		fr: "L'état de l'enregistrement n'est pas disponible pour le moment ; il sera relu dans quelques secondes.",
		it: "Lo stato della registrazione non è disponibile al momento; sarà riletto tra qualche secondo."},
	{key: "sip.status_unavailable_later", en: "The registration status is unavailable right now; please try again later.",
		de: "Der Registrierungsstatus ist gerade nicht verfügbar; bitte versuchen Sie es später noch einmal.",
		fr: "L'état de l'enregistrement n'est pas disponible pour le moment ; veuillez réessayer plus tard.",
		it: "Lo stato della registrazione non è disponibile al momento; riprovi più tardi."},

	{key: "device.key_open", en: "device set-up", de: "Geräte-Einrichtung", fr: "configuration d'appareil", it: "configurazione dispositivo"},
	{key: "device.key_choose", en: "show set-up", de: "Einrichtung zeigen", fr: "afficher la configuration", it: "mostra configurazione"},
	{key: "device.choose_title", en: "Which device do you set up?", de: "Welches Gerät richten Sie ein?", fr: "Quel appareil configurez-vous ?", it: "Quale dispositivo configura?"},
	{key: "device.title", en: "Device set-up: %s", de: "Geräte-Einrichtung: %s", fr: "Configuration de l'appareil : %s", it: "Configurazione del dispositivo: %s"},
	{key: "device.same_as", en: "The same as: %s", de: "Dasselbe wie: %s", fr: "Identique à : %s", it: "Lo stesso di: %s"},
	{key: "device.hidden_card", en: "The VoIP password is hidden: r shows it in the set-up.", de: "Das VoIP-Passwort ist verborgen: r zeigt es in der Einrichtung.", fr: "Le mot de passe VoIP est masqué : r l'affiche dans la configuration.", it: "La password VoIP è nascosta: r la mostra nella configurazione."},
	{key: "device.hidden_command", en: "The VoIP password is not in this output: add --reveal to include it.", de: "Das VoIP-Passwort ist nicht in dieser Ausgabe: Mit --reveal wird es eingefügt.", fr: "Le mot de passe VoIP ne figure pas dans cette sortie : ajoutez --reveal pour l'inclure.", it: "La password VoIP non è in questo output: aggiunga --reveal per includerla."},
	{key: "device.failed", en: "Could not make the device set-up: %s", de: "Die Geräte-Einrichtung konnte nicht erstellt werden: %s", fr: "Impossible de créer la configuration de l'appareil : %s", it: "Impossibile creare la configurazione del dispositivo: %s"},
	{key: "device.use_main", en: "Set up the device with the main number's configuration: %s", de: "Richten Sie das Gerät mit der Konfiguration der Hauptnummer ein: %s", fr: "Configurez l'appareil avec la configuration du numéro principal : %s", it: "Configuri il dispositivo con la configurazione del numero principale: %s"},
}
