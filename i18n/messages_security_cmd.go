package i18n

// securityCommandMessages are the `keys`, `sessions` and `security log`
// commands' words: their short help and their output (the JSON keys stay
// English).
var securityCommandMessages = []msg{
	{key: "cmd.keys.short", en: "List, add and remove the SSH keys that log in to this account", de: "SSH-Schlüssel dieses Kontos auflisten, hinzufügen und entfernen", fr: "Lister, ajouter et retirer les clés SSH de ce compte", it: "Elencare, aggiungere e rimuovere le chiavi SSH di questo account"},
	{key: "cmd.keys.list_short", en: "List this account's SSH keys", de: "Die SSH-Schlüssel dieses Kontos auflisten", fr: "Lister les clés SSH de ce compte", it: "Elencare le chiavi SSH di questo account"},
	{key: "cmd.keys.add_short", en: "Add an SSH key: its .pub line, then your password (or one-time code), on stdin", de: "SSH-Schlüssel hinzufügen: seine .pub-Zeile, dann Ihr Passwort (oder Einmalcode), auf stdin", fr: "Ajouter une clé SSH : sa ligne .pub, puis votre mot de passe (ou code à usage unique), sur stdin", it: "Aggiungere una chiave SSH: la riga .pub, poi la password (o un codice monouso), su stdin"},
	{key: "cmd.keys.remove_short", en: "Remove an SSH key; your password (or one-time code) on stdin", de: "SSH-Schlüssel entfernen; Ihr Passwort (oder Einmalcode) auf stdin", fr: "Retirer une clé SSH ; votre mot de passe (ou code à usage unique) sur stdin", it: "Rimuovere una chiave SSH; la password (o un codice monouso) su stdin"},
	{key: "cmd.keys.none", en: "No SSH keys. Add one: ssh ... keys add --name laptop (the .pub line, then your password, on stdin)", de: "Keine SSH-Schlüssel. Einen hinzufügen: ssh ... keys add --name laptop (die .pub-Zeile, dann Ihr Passwort, auf stdin)", fr: "Aucune clé SSH. Pour en ajouter une : ssh ... keys add --name laptop (la ligne .pub, puis votre mot de passe, sur stdin)", it: "Nessuna chiave SSH. Per aggiungerne una: ssh ... keys add --name laptop (la riga .pub, poi la password, su stdin)"},
	{key: "cmd.keys.never", en: "never", de: "nie", fr: "jamais", it: "mai"},
	{key: "cmd.keys.added", en: "Added %s (%s %s). It logs in from now on.", de: "Schlüssel %s hinzugefügt (%s %s); er gilt ab sofort für die Anmeldung.", fr: "Clé %s ajoutée (%s %s) ; elle permet de se connecter dès maintenant.", it: "Chiave %s aggiunta (%s %s); vale da subito per l'accesso."},
	{key: "cmd.keys.removed", en: "Removed %s. Its sessions were ended.", de: "Schlüssel %s entfernt; seine Sitzungen wurden beendet.", fr: "Clé %s retirée ; ses sessions ont été fermées.", it: "Chiave %s rimossa; le sue sessioni sono state chiuse."},
	{key: "cmd.keys.removed_own", en: "sipdesk: this session logged in with that key, so it ends now; log in again with another key or your password.",
		de: "sipdesk: Diese Sitzung hat sich mit diesem Schlüssel angemeldet und endet deshalb jetzt; melden Sie sich mit einem anderen Schlüssel oder Ihrem Passwort neu an.",
		fr: "sipdesk : cette session s'est connectée avec cette clé et se termine donc maintenant ; reconnectez-vous avec une autre clé ou votre mot de passe.",
		it: "sipdesk: questa sessione ha effettuato l'accesso con questa chiave e quindi termina ora; acceda di nuovo con un'altra chiave o con la password."},
	{key: "cmd.keys.col_fingerprint", en: "FINGERPRINT", de: "FINGERABDRUCK", fr: "EMPREINTE", it: "IMPRONTA"},
	{key: "cmd.keys.col_type", en: "TYPE", de: "TYP", fr: "TYPE", it: "TIPO"},
	{key: "cmd.keys.col_name", en: "NAME", de: "NAME", fr: "NOM", it: "NOME"},
	{key: "cmd.keys.col_added", en: "ADDED", de: "HINZUGEFÜGT", fr: "AJOUTÉE", it: "AGGIUNTA"},
	{key: "cmd.keys.col_used", en: "LAST USED", de: "ZULETZT BENUTZT", fr: "DERNIÈRE UTILISATION", it: "ULTIMO USO"},

	{key: "cmd.sessions.short", en: "List the open sessions of this account on every server", de: "Die offenen Sitzungen dieses Kontos auf allen Servern auflisten", fr: "Lister les sessions ouvertes de ce compte sur tous les serveurs", it: "Elencare le sessioni aperte di questo account su tutti i server"},
	{key: "cmd.sessions.revoke_short", en: "End a session (or all others) of this account, on every server within 15 s", de: "Eine Sitzung (oder alle anderen) dieses Kontos beenden, auf allen Servern innert 15 s", fr: "Fermer une session (ou toutes les autres) de ce compte, sur tous les serveurs en 15 s", it: "Chiudere una sessione (o tutte le altre) di questo account, su tutti i server entro 15 s",
		deAT: "Eine Sitzung (oder alle anderen) dieses Kontos beenden, auf allen Servern binnen 15 s"},
	{key: "cmd.sessions.col_id", en: "ID", de: "ID", fr: "ID", it: "ID"},
	{key: "cmd.sessions.col_how", en: "HOW", de: "WIE", fr: "MODE", it: "MODO"},
	{key: "cmd.sessions.col_from", en: "FROM", de: "ADRESSE", fr: "ADRESSE", it: "INDIRIZZO"},
	{key: "cmd.sessions.col_client", en: "CLIENT", de: "CLIENT", fr: "CLIENT", it: "CLIENT"},
	{key: "cmd.sessions.col_login", en: "LOGIN", de: "LOGIN", fr: "CONNEXION", it: "ACCESSO"},
	{key: "cmd.sessions.col_started", en: "STARTED", de: "BEGONNEN", fr: "DÉBUT", it: "INIZIO"},
	{key: "cmd.sessions.col_active", en: "ACTIVE", de: "AKTIV", fr: "ACTIVITÉ", it: "ATTIVITÀ"},
	{key: "cmd.sessions.ended", en: "Session %s ended.", de: "Sitzung %s beendet.", fr: "Session %s fermée.", it: "Sessione %s chiusa."},

	{key: "cmd.security.short", en: "The security timeline of this account", de: "Der Sicherheitsverlauf dieses Kontos", fr: "L'historique de sécurité de ce compte", it: "La cronologia di sicurezza di questo account"},
	{key: "cmd.security.log_short", en: "Logins, failed logins, password, 2FA, key and session changes (90 days kept)", de: "Logins, fehlgeschlagene Logins, Änderungen an Passwort, 2FA, Schlüsseln und Sitzungen (90 Tage aufbewahrt)", fr: "Connexions, échecs de connexion, changements de mot de passe, 2FA, clés et sessions (conservés 90 jours)", it: "Accessi, accessi falliti, modifiche di password, 2FA, chiavi e sessioni (conservati 90 giorni)"},
	{key: "cmd.security.none", en: "No security events in this period.", de: "Keine Sicherheitsereignisse in diesem Zeitraum.", fr: "Aucun événement de sécurité sur cette période.", it: "Nessun evento di sicurezza in questo periodo."},
	{key: "cmd.security.col_when", en: "WHEN", de: "WANN", fr: "QUAND", it: "QUANDO"},
	{key: "cmd.security.col_event", en: "EVENT", de: "EREIGNIS", fr: "ÉVÉNEMENT", it: "EVENTO"},
	{key: "cmd.security.col_detail", en: "DETAIL", de: "DETAIL", fr: "DÉTAIL", it: "DETTAGLIO"},
	{key: "cmd.security.col_by", en: "BY", de: "DURCH", fr: "PAR", it: "DA PARTE DI"},
}

// securityEventMessages name the security timeline's events on the
// Security page; an event without a name here is shown by its code.
var securityEventMessages = []msg{
	{key: "event.login", en: "login", de: "Login", fr: "connexion", it: "accesso"},
	{key: "event.login.failed", en: "failed login", de: "Login fehlgeschlagen", fr: "échec de connexion", it: "accesso non riuscito"},
	{key: "event.password.change", en: "password changed", de: "Passwort geändert", fr: "mot de passe changé", it: "password cambiata"},
	{key: "event.password.set", en: "password set", de: "Passwort festgelegt", fr: "mot de passe défini", it: "password impostata"},
	{key: "event.password.reset", en: "password reset", de: "Passwort zurückgesetzt", fr: "mot de passe réinitialisé", it: "password reimpostata"},
	{key: "event.password.reset-requested", en: "reset link requested", de: "Reset-Link angefordert", fr: "lien de réinitialisation demandé", it: "link di reimpostazione richiesto"},
	{key: "event.2fa.activate", en: "2FA turned on", de: "2FA eingeschaltet", fr: "2FA activée", it: "2FA attivata"},
	{key: "event.2fa.deactivate", en: "2FA turned off", de: "2FA ausgeschaltet", fr: "2FA désactivée", it: "2FA disattivata"},
	{key: "event.2fa.recovery-code-used", en: "recovery code used", de: "Wiederherstellungscode benutzt", fr: "code de récupération utilisé", it: "codice di recupero usato"},
	{key: "event.2fa.recovery-codes-regenerated", en: "new recovery codes", de: "neue Wiederherstellungscodes", fr: "nouveaux codes de récupération", it: "nuovi codici di recupero"},
	{key: "event.2fa.reset", en: "2FA reset by customer care", de: "2FA vom Kundendienst zurückgesetzt", fr: "2FA réinitialisée par le service clientèle", it: "2FA reimpostata dal servizio clienti"},
	{key: "event.key.add", en: "SSH key added", de: "SSH-Schlüssel hinzugefügt", fr: "clé SSH ajoutée", it: "chiave SSH aggiunta"},
	{key: "event.key.remove", en: "SSH key removed", de: "SSH-Schlüssel entfernt", fr: "clé SSH retirée", it: "chiave SSH rimossa"},
	{key: "event.voip-password.regenerate", en: "new VoIP password", de: "neues VoIP-Passwort", fr: "nouveau mot de passe VoIP", it: "nuova password VoIP"},
	{key: "event.session.revoke", en: "session ended", de: "Sitzung beendet", fr: "session fermée", it: "sessione chiusa"},
	{key: "event.session.revoke-others", en: "other sessions ended", de: "andere Sitzungen beendet", fr: "autres sessions fermées", it: "altre sessioni chiuse"},
	{key: "event.account.create", en: "account created", de: "Konto eröffnet", fr: "compte créé", it: "account creato"},
	{key: "event.account.disable", en: "account disabled", de: "Konto gesperrt", fr: "compte désactivé", it: "account disattivato"},
	{key: "event.account.enable", en: "account enabled", de: "Konto entsperrt", fr: "compte réactivé", it: "account riattivato"},
	{key: "event.account.unlock", en: "login unlocked", de: "Login entsperrt", fr: "connexion débloquée", it: "accesso sbloccato"},
}

// securityDetailMessages say a timeline event's detail in the reader's
// language: how a login was made and what customer care's actions were
// about (portal.Voice.EventDetail). The stored detail, which --json gives,
// stays as written; fingerprints, session IDs and numbers need no words.
var securityDetailMessages = []msg{
	{key: "event.2fa.reset-refused", en: "2FA reset refused", de: "2FA-Zurücksetzung abgelehnt", fr: "réinitialisation de la 2FA refusée", it: "reimpostazione della 2FA rifiutata"},
	{key: "event.password.reset-link-sent", en: "reset link sent by customer care", de: "Reset-Link vom Kundendienst gesendet", fr: "lien de réinitialisation envoyé par le service clientèle", it: "link di reimpostazione inviato dal servizio clienti"},

	{key: "login.method.password", en: "password", de: "Passwort", fr: "mot de passe", it: "password"},
	{key: "login.method.password_code", en: "password and one-time code", de: "Passwort und Einmalcode", fr: "mot de passe et code à usage unique", it: "password e codice monouso"},
	{key: "login.method.key", en: "SSH key %s", de: "SSH-Schlüssel %s", fr: "clé SSH %s", it: "chiave SSH %s"},
	{key: "login.method.key_code", en: "SSH key %s and one-time code", de: "SSH-Schlüssel %s und Einmalcode", fr: "clé SSH %s et code à usage unique", it: "chiave SSH %s e codice monouso"},
	{key: "login.method.security_key", en: "security key %s", de: "Sicherheitsschlüssel %s", fr: "clé de sécurité %s", it: "chiave di sicurezza %s"},
	{key: "login.method.code", en: "one-time code", de: "Einmalcode", fr: "code à usage unique", it: "codice monouso"},
	{key: "login.method.key_change", en: "password to confirm a key change", de: "Passwort zur Bestätigung einer Schlüsseländerung", fr: "mot de passe pour confirmer un changement de clé", it: "password per confermare una modifica delle chiavi"},

	{key: "event.detail.requested_by", en: "requested by %s", de: "angefordert von %s", fr: "demandée par %s", it: "richiesta da %s"},
	{key: "event.detail.requested_by_refused", en: "requested by %s, not the stored address", de: "angefordert von %s, nicht der hinterlegten Adresse", fr: "demandée par %s, qui n'est pas l'adresse enregistrée", it: "richiesta da %s, che non è l'indirizzo registrato"},
	{key: "event.detail.portal", en: "portal %s", de: "Portal %s", fr: "portail %s", it: "portale %s"},
	{key: "event.detail.demo", en: "demo account", de: "Demokonto", fr: "compte de démonstration", it: "account dimostrativo"},
}

// securityDetailPluralMessages are the counted details.
var securityDetailPluralMessages = []pluralMsg{
	{key: "event.detail.cleared_failures", arg: 1,
		en: [2]string{"cleared %d failed login in a row", "cleared %d failed logins in a row"},
		de: [2]string{"%d fehlgeschlagenes Login in Folge gelöscht", "%d fehlgeschlagene Logins in Folge gelöscht"},
		fr: [2]string{"%d échec de connexion consécutif effacé", "%d échecs de connexion consécutifs effacés"},
		it: [2]string{"%d accesso non riuscito consecutivo azzerato", "%d accessi non riusciti consecutivi azzerati"}},
	{key: "event.detail.sessions", arg: 1,
		en: [2]string{"%d session", "%d sessions"},
		de: [2]string{"%d Sitzung", "%d Sitzungen"},
		fr: [2]string{"%d session", "%d sessions"},
		it: [2]string{"%d sessione", "%d sessioni"}},
}
