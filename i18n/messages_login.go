package i18n

var loginMessages = []msg{}
