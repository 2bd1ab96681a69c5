package i18n

var numberMessages = []msg{}
