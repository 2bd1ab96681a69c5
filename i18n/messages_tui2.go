package i18n

// copyManyMessages are the notes for a page with several commands to copy.
var copyManyMessages = []msg{
	// Several commands too wide for the window share one note (the Music
	// page's two scp commands at 60 columns), not one note each.
	{key: "copy.widen_many",
		en: "The commands to copy are wider than this window: widen it to %d columns to see them.",
		de: "Die Befehle zum Kopieren sind breiter als dieses Fenster: Vergrößern Sie es auf %d Spalten, um sie zu sehen.",
		fr: "Les commandes à copier sont plus larges que cette fenêtre : élargissez-la à %d colonnes pour les voir.",
		it: "I comandi da copiare sono più larghi di questa finestra: la allarghi a %d colonne per vederli."},
}
