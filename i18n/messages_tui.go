package i18n

var tuiMessages = []msg{}
