package i18n

// copyMessages are the portal's notes about commands shown to be copied.
var copyMessages = []msg{
	// A command wider than the window is not cut (it would paste as
	// another command); this note stands in its place.
	{key: "copy.widen",
		en: "The command to copy is wider than this window: widen it to %d columns to see it.",
		de: "Der Befehl zum Kopieren ist breiter als dieses Fenster: Vergrößern Sie es auf %d Spalten, um ihn zu sehen.",
		fr: "La commande à copier est plus large que cette fenêtre : élargissez-la à %d colonnes pour la voir.",
		it: "Il comando da copiare è più largo di questa finestra: la allarghi a %d colonne per vederlo."},
}
