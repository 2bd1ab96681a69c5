package server

import gossh "golang.org/x/crypto/ssh"

// The algorithms offered: those of OpenSSH 9.x's defaults that x/crypto
// implements, without the ones an audit (ssh-audit) fails or warns about:
// no SHA-1 (diffie-hellman-group14-sha1, hmac-sha1), no encrypt-and-MAC
// (non-ETM MACs), no NIST curves, no 2048-bit groups. OpenSSH 8.x and PuTTY
// (0.68 and later) speak curve25519-sha256 and AES-CTR or -GCM with ETM
// MACs, so they still connect. x/crypto has no sntrup761x25519-sha512;
// mlkem768x25519-sha256 is the post-quantum hybrid it has.
var (
	modernKeyExchanges = []string{
		gossh.KeyExchangeMLKEM768X25519,
		gossh.KeyExchangeCurve25519, // x/crypto adds curve25519-sha256@libssh.org
		gossh.KeyExchangeDH16SHA512,
	}
	modernCiphers = []string{
		gossh.CipherChaCha20Poly1305,
		gossh.CipherAES256GCM,
		gossh.CipherAES128GCM,
		gossh.CipherAES256CTR,
		gossh.CipherAES192CTR,
		gossh.CipherAES128CTR,
	}
	modernMACs = []string{
		gossh.HMACSHA256ETM,
		gossh.HMACSHA512ETM,
	}
)

// offerModernAlgorithms restricts cfg to the modern set.
func offerModernAlgorithms(cfg *gossh.ServerConfig) {
	cfg.KeyExchanges = modernKeyExchanges
	cfg.Ciphers = modernCiphers
	cfg.MACs = modernMACs
}
