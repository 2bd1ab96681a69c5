package i18n

// sipDomainMessages name the SIP domain on the SIP-Credentials card and in
// `credentials`: the digest realm a device registers in, which differs
// from the SIP server's host name.
var sipDomainMessages = []msg{
	{key: "number.sip_domain", en: "SIP domain", de: "SIP-Domain", fr: "Domaine SIP", it: "Dominio SIP"},
}
