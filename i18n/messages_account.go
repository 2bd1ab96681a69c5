package i18n

var accountMessages = []msg{}
