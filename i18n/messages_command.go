package i18n

var commandMessages = []msg{}
