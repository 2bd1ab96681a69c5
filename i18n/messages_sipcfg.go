package i18n

// sipConfigMessages are the words around the SIP servers of a device
// set-up: the refusal when a region has none.
var sipConfigMessages = []msg{
	{key: "device.error.no_server",
		en: "No SIP server is configured for your region, so no device can be set up; please contact customer care.",
		de: "Für Ihre Region ist kein SIP-Server eingerichtet, daher kann kein Gerät eingerichtet werden; bitte wenden Sie sich an den Kundendienst.",
		fr: "Aucun serveur SIP n'est configuré pour votre région, aucun appareil ne peut donc être configuré ; contactez le service clientèle.",
		it: "Per la Sua regione non è configurato alcun server SIP, quindi nessun dispositivo può essere configurato; contatti il servizio clienti."},
}
