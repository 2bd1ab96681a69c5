package admincli

import (
	"context"
	"io"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// Local is the operator on the server host running `sipdesk admin ...`
// against the store: the way back in on the day the only admin key is
// lost. The caller is the gate: it has opened the store and the server key
// (see cmd/sipdesk), which only the operator on the host can.
type Local struct {
	Svc      *portal.Service
	Operator string // the Unix user name, audited as "local:<Operator>"
	Stdin    io.Reader
	Stdout   io.Writer
	Stderr   io.Writer
	// StdinIsTerminal: a person types at stdin, so `key add USER` without
	// a key is a usage error instead of a wait.
	StdinIsTerminal bool
}

// RunLocal runs args (what follows `admin`) through the same command tree
// as an admin's SSH session, every change audited as the local operator,
// and returns the exit status (cmdkit).
func RunLocal(ctx context.Context, l Local, args []string) int {
	a := &adminSession{svc: l.Svc, ctx: ctx, actor: portal.LocalCareActor(l.Operator), terminal: l.StdinIsTerminal, invocation: "sipdesk"}
	return cmdkit.Run(a.commands(), args, l.Stdin, l.Stdout, l.Stderr)
}
