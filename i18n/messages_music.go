package i18n

var musicMessages = []msg{}
