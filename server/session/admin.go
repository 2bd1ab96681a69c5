package session

import (
	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// IsAdmin is the one check every admin command (server/admincli) and the
// care terminal (server/door) pass: an admin account whose connection
// authenticated with a public key registered to it. An admin account that
// logged in some other way gets no admin rights. It lives with the
// identity, so the door need not depend on the admin command tree.
func IsAdmin(id Identity, acct db.Account) bool {
	return acct.Role == portal.RoleAdmin && !acct.Disabled && id.AccountID == acct.ID &&
		(id.Method == MethodPublicKey || id.Method == MethodPublicKey+"+totp")
}
