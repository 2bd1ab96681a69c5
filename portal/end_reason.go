package portal

// The *Reason constants are codes as much as sentences: they travel from
// where a session is ended (a password change, customer care) to the
// server, which tells each session in its own language with EndReason.
// Their English is the admin's and the log's.
var endReasonKeys = map[string]string{
	SessionsEndedReason:      "session.end.password",
	SessionRevokedReason:     "session.end.revoked",
	CustomerKeyRemovedReason: "session.end.own_key_removed",
	KeyRemovedReason:         "session.end.key_removed",
	AccountDisabledReason:    "session.end.disabled",
	AccountGoneReason:        "session.end.account_gone",
	RoleChangedReason:        "session.end.role_changed",
}

// EndReason is why a session ended (one of the *Reason constants) in the
// customer's language; any other text is returned as it is.
func (v Voice) EndReason(reason string) string {
	if key, ok := endReasonKeys[reason]; ok {
		return v.T(key)
	}
	return reason
}
