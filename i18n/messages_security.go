package i18n

// securityMessages are the Security page: SSH keys, open sessions and the
// security timeline.
var securityMessages = []msg{
	{key: "security.title", en: "Security", de: "Sicherheit", fr: "Sécurité", it: "Sicurezza"},
	// Where mails send the customer: My account, k opens Security, whose
	// sections are the keys and the open sessions (%[1]s, %[2]s, %[3]s:
	// page.account, security.title, the section's title).
	{key: "security.menu_path", en: "%s > %s (key k) > %s", de: "%s > %s (Taste k) > %s", fr: "%s > %s (touche k) > %s", it: "%s > %s (tasto k) > %s"},
	{key: "security.keys_title", en: "SSH keys", de: "SSH-Schlüssel", fr: "Clés SSH", it: "Chiavi SSH"},
	{key: "security.keys_none", en: "No SSH keys. Press a to add one: a key logs in without the password.", de: "Keine SSH-Schlüssel. Drücken Sie a, um einen hinzuzufügen: Ein Schlüssel meldet sich ohne Passwort an.", fr: "Aucune clé SSH. Appuyez sur a pour en ajouter une : une clé se connecte sans mot de passe.", it: "Nessuna chiave SSH. Prema a per aggiungerne una: una chiave accede senza password."},
	{key: "security.security_key", en: "security key", de: "Sicherheitsschlüssel", fr: "clé de sécurité", it: "chiave di sicurezza"},
	{key: "security.sessions_title", en: "Open sessions", de: "Offene Sitzungen", fr: "Sessions ouvertes", it: "Sessioni aperte"},
	{key: "security.this_session", en: "this session", de: "diese Sitzung", fr: "cette session", it: "questa sessione"},
	{key: "security.log_title", en: "Security timeline (30 days)", de: "Sicherheitsverlauf (30 Tage)", fr: "Historique de sécurité (30 jours)", it: "Cronologia di sicurezza (30 giorni)"},
	{key: "security.log_none", en: "No security events in the last 30 days.", de: "Keine Sicherheitsereignisse in den letzten 30 Tagen.", fr: "Aucun événement de sécurité ces 30 derniers jours.", it: "Nessun evento di sicurezza negli ultimi 30 giorni."},
	{key: "security.add_title", en: "Add an SSH key", de: "SSH-Schlüssel hinzufügen", fr: "Ajouter une clé SSH", it: "Aggiungere una chiave SSH"},
	{key: "security.add_intro", en: "Paste one line of your .pub file (e.g. ~/.ssh/id_ed25519.pub) and confirm with your login password, or with 2FA a one-time code.", de: "Fügen Sie eine Zeile Ihrer .pub-Datei ein (z. B. ~/.ssh/id_ed25519.pub) und bestätigen Sie mit Ihrem Login-Passwort oder, mit 2FA, einem Einmalcode.", fr: "Collez une ligne de votre fichier .pub (p. ex. ~/.ssh/id_ed25519.pub) et confirmez avec votre mot de passe de connexion ou, avec la 2FA, un code à usage unique.", it: "Incolli una riga del Suo file .pub (ad es. ~/.ssh/id_ed25519.pub) e confermi con la password di login o, con la 2FA, un codice monouso."},
	{key: "security.remove_title", en: "Remove an SSH key", de: "SSH-Schlüssel entfernen", fr: "Retirer une clé SSH", it: "Rimuovere una chiave SSH"},
	{key: "security.remove_intro", en: "Type the key's fingerprint (SHA256:...) and confirm with your login password, or with 2FA a one-time code. Its open sessions end.", de: "Geben Sie den Fingerabdruck des Schlüssels ein (SHA256:...) und bestätigen Sie mit Ihrem Login-Passwort oder, mit 2FA, einem Einmalcode. Seine offenen Sitzungen enden.", fr: "Saisissez l'empreinte de la clé (SHA256:...) et confirmez avec votre mot de passe de connexion ou, avec la 2FA, un code à usage unique. Ses sessions ouvertes sont fermées.", it: "Inserisca l'impronta della chiave (SHA256:...) e confermi con la password di login o, con la 2FA, un codice monouso. Le sue sessioni aperte vengono chiuse."},
	{key: "security.field_key", en: "Key", de: "Schlüssel", fr: "Clé", it: "Chiave"},
	{key: "security.field_name", en: "Name", de: "Name", fr: "Nom", it: "Nome"},
	{key: "security.field_fingerprint", en: "Fingerprint", de: "Fingerabdruck", fr: "Empreinte", it: "Impronta"},
	{key: "security.field_proof", en: "Password or code", de: "Passwort oder Code", fr: "Mot de passe ou code", it: "Password o codice"},
	{key: "security.key_added", en: "Key %s added; a confirmation mail is on its way.", de: "Schlüssel %s hinzugefügt; eine Bestätigung per E-Mail ist unterwegs.", fr: "Clé %s ajoutée ; un e-mail de confirmation est en route.", it: "Chiave %s aggiunta; un'e-mail di conferma è in arrivo."},
	{key: "security.key_removed", en: "Key %s removed; its sessions were ended.", de: "Schlüssel %s entfernt; seine Sitzungen wurden beendet.", fr: "Clé %s retirée ; ses sessions ont été fermées.", it: "Chiave %s rimossa; le sue sessioni sono state chiuse."},
	{key: "security.help_add", en: "add key", de: "Schlüssel hinzufügen", fr: "ajouter une clé", it: "aggiungere chiave"},
	{key: "security.help_remove", en: "remove key", de: "Schlüssel entfernen", fr: "retirer une clé", it: "rimuovere chiave"},
	{key: "security.end_others_confirm", en: "End all other sessions of your account? Each one is told why and must log in again.",
		de: "Alle anderen Sitzungen Ihres Kontos beenden? Jede erfährt den Grund und muss sich neu anmelden.",
		fr: "Fermer toutes les autres sessions de votre compte ? Chacune en est informée et doit se reconnecter.",
		it: "Chiudere tutte le altre sessioni del Suo account? Ognuna ne viene informata e deve accedere di nuovo."},
	{key: "security.help_end_others", en: "end all other sessions", de: "alle anderen Sitzungen beenden", fr: "fermer toutes les autres sessions", it: "chiudere tutte le altre sessioni"},
	{key: "security.help_reload", en: "reload", de: "neu laden", fr: "recharger", it: "ricaricare"},
	{key: "security.auth_password", en: "password", de: "Passwort", fr: "mot de passe", it: "password"},
	{key: "security.how_tui", en: "Portal", de: "Portal", fr: "Portail", it: "Portale"},
	{key: "security.how_command", en: "Command", de: "Befehl", fr: "Commande", it: "Comando"},
	{key: "security.session_times", en: "since %s, last activity %s", de: "seit %s, zuletzt aktiv %s", fr: "depuis le %s, dernière activité le %s", it: "dal %s, ultima attività il %s"},
	{key: "account.security_card", en: "SSH keys, open sessions and the security timeline.", de: "SSH-Schlüssel, offene Sitzungen und Sicherheitsverlauf.", fr: "Clés SSH, sessions ouvertes et historique de sécurité.", it: "Chiavi SSH, sessioni aperte e cronologia di sicurezza."},
}
