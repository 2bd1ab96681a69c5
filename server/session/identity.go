// Package session says who an SSH session belongs to and carries what its
// handlers work with: the per-session environment (Env) that the command
// trees, the file transfers and the TUI door receive instead of reaching
// back into the server.
package session

import (
	"errors"
	"strconv"

	"github.com/charmbracelet/ssh"
)

// Identity is who a session belongs to: the account that the successful
// authentication callback verified.
type Identity struct {
	AccountID int64
	LoginName string // the user name of the attempt that succeeded
	Method    string
}

// Permission extensions that carry the verified identity from the auth
// callback that succeeded to the session. They are set only in the
// Permissions returned by a successful callback; x/crypto hands exactly
// those to the connection, so an identity can never come from a failed or
// merely offered attempt.
const (
	ExtAccountID = "sipdesk-account-id"
	ExtLoginName = "sipdesk-login-name"
	ExtMethod    = "sipdesk-auth-method"
	// A session without an account: the forgot-password form ("forgot")
	// or a reset link ("reset", with the link's token).
	ExtFlow  = "sipdesk-flow"
	ExtToken = "sipdesk-reset-token"
)

// MethodPublicKey names a login by a verified public key; admin rights
// need it.
const MethodPublicKey = "publickey"

var errNoIdentity = errors.New("no verified identity on this connection")

// IdentityOf is the one place that says who a session is. It reads the
// Permissions of the successful auth callback, never ctx.User() or
// s.User(): those hold the first user name the client tried, which need not
// be the one that authenticated.
func IdentityOf(ctx ssh.Context) (Identity, error) {
	perms := ctx.Permissions()
	if perms == nil || perms.Permissions == nil || perms.Extensions == nil {
		return Identity{}, errNoIdentity
	}
	raw, ok := perms.Extensions[ExtAccountID]
	if !ok {
		return Identity{}, errNoIdentity
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return Identity{}, errNoIdentity
	}
	return Identity{AccountID: id, LoginName: perms.Extensions[ExtLoginName], Method: perms.Extensions[ExtMethod]}, nil
}

// Flow is a session without an account: the forgot-password form or a
// reset link's form.
type Flow struct {
	Kind      string // "forgot" or "reset"
	Token     string // the reset link's token
	LoginName string
}

// FlowOf returns the session's flow, if the connection authenticated as one.
func FlowOf(ctx ssh.Context) (Flow, bool) {
	perms := ctx.Permissions()
	if perms == nil || perms.Permissions == nil || perms.Extensions == nil {
		return Flow{}, false
	}
	kind, ok := perms.Extensions[ExtFlow]
	if !ok {
		return Flow{}, false
	}
	return Flow{Kind: kind, Token: perms.Extensions[ExtToken], LoginName: perms.Extensions[ExtLoginName]}, true
}
