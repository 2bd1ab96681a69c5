package i18n

// sessionPanicMessages end a session the server failed in (a panic): the
// customer is told in their language, the log keeps the English details.
var sessionPanicMessages = []msg{
	{key: "session.internal_error", en: "internal error; the session was closed. Please try again.",
		de: "interner Fehler; die Sitzung wurde geschlossen. Bitte versuchen Sie es noch einmal.",
		fr: "erreur interne ; la session a été fermée. Veuillez réessayer.",
		it: "errore interno; la sessione è stata chiusa. Riprovi."},
}
