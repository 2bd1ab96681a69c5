package session

import "github.com/charmbracelet/ssh"

// ExtKeyFingerprint carries the SHA256 fingerprint of the key a customer
// logged in with (absent for a password login), for the live-sessions list
// and for ending that key's connections when it is removed.
const ExtKeyFingerprint = "sipdesk-key-fingerprint"

// KeyFingerprintOf is the fingerprint of the verified key the connection
// logged in with, or "" for a password login.
func KeyFingerprintOf(ctx ssh.Context) string {
	perms := ctx.Permissions()
	if perms == nil || perms.Permissions == nil || perms.Extensions == nil {
		return ""
	}
	return perms.Extensions[ExtKeyFingerprint]
}
