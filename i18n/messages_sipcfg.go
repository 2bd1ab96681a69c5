package i18n

// sipConfigMessages are the words around a device set-up: the refusal
// when a region has no SIP server, and what each device's output is
// (device.what.NAME; the devices keep their own names).
var sipConfigMessages = []msg{
	{key: "device.error.no_server",
		en: "No SIP server is configured for your region, so no device can be set up; please contact customer care.",
		de: "Für Ihre Region ist kein SIP-Server eingerichtet, daher kann kein Gerät eingerichtet werden; bitte wenden Sie sich an den Kundendienst.",
		fr: "Aucun serveur SIP n'est configuré pour votre région, aucun appareil ne peut donc être configuré ; contactez le service clientèle.",
		it: "Per la Sua regione non è configurato alcun server SIP, quindi nessun dispositivo può essere configurato; contatti il servizio clienti."},
	{key: "device.what.yealink", en: "provisioning .cfg", de: "Provisioning-Datei .cfg", fr: "fichier de provisioning .cfg", it: "file di provisioning .cfg"},
	{key: "device.what.snom", en: "provisioning XML", de: "Provisioning-XML", fr: "XML de provisioning", it: "XML di provisioning"},
	{key: "device.what.freeswitch", en: "gateway XML", de: "Gateway-XML", fr: "XML de passerelle", it: "XML del gateway"},
	{key: "device.what.baresip", en: "accounts line", de: "Zeile für accounts", fr: "ligne pour accounts", it: "riga per accounts"},
	{key: "device.what.linphone", en: "fields", de: "Felder", fr: "champs", it: "campi"},
	{key: "device.what.microsip", en: "fields", de: "Felder", fr: "champs", it: "campi"},
}
