package i18n

// musicFailureMessages are why an accepted upload could not be converted
// (portal.Voice.MusicFailure); the other reasons are the refusals'.
var musicFailureMessages = []msg{
	{key: "music.failure.attempts", en: "the file could not be converted after %d attempts; please upload it again", de: "die Datei ließ sich nach %d Versuchen nicht umwandeln; bitte laden Sie sie erneut hoch", fr: "le fichier n'a pas pu être converti après %d tentatives ; veuillez l'envoyer à nouveau", it: "non è stato possibile convertire il file dopo %d tentativi; lo carichi di nuovo"},
	{key: "music.failure.not_converted", en: "the file could not be converted; please upload it again or contact customer care", de: "die Datei ließ sich nicht umwandeln; bitte laden Sie sie erneut hoch oder wenden Sie sich an den Kundendienst", fr: "le fichier n'a pas pu être converti ; veuillez l'envoyer à nouveau ou contacter le service clientèle", it: "non è stato possibile convertire il file; lo carichi di nuovo o contatti il servizio clienti"},
}
