package portal

import (
	"github.com/sipdesk/sipdesk/db"
)

// LocalOperatorPrefix starts the audit name of the operator who runs
// `sipdesk admin` on the server host, e.g. "local:root".
const LocalOperatorPrefix = "local:"

// LocalRemote is the audited address of the local operator's changes.
const LocalRemote = "local"

// LocalCareActor is the operator on the server host acting as customer
// care: the way back in on the day the only admin key is lost. It has no
// account (the audit trail names it LocalOperatorPrefix+unixUser, with no
// actor ID), so no rule about an admin's own account or keys applies to
// it. Only a process that opened the store and the server key may make
// one; the ssh faces never do.
func LocalCareActor(unixUser string) CareActor {
	return CareActor{
		Admin:  db.Account{UserID: LocalOperatorPrefix + unixUser, Role: RoleAdmin},
		Remote: LocalRemote,
		local:  true,
	}
}
