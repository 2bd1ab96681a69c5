// Package cmdkit is what the customer and the admin command trees share:
// one set of exit statuses, typed errors that carry them, one usage helper,
// one help command, and the output helpers (JSON, tables, prompts).
package cmdkit

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// Exit statuses of every ssh command. Scripts rely on them, so their
// meaning never changes. 3 to 5 are named per command tree where the
// trees differ; the numbers are the same set.
const (
	ExitOK    = 0
	ExitError = 1 // anything else: the store failed, a confirmation was not given
	ExitUsage = 2 // bad arguments or flags; the usage follows the message
	// ExitNotFound: no such account, number or key; for a customer, not a
	// number of this account, whether it exists elsewhere or not.
	ExitNotFound = 3
	// ExitRefused: a rule refused the action (the reason is printed); for
	// a customer's number, its product has no SIP credentials.
	ExitRefused = 4
	// ExitUploadRefused: a customer's music upload was refused; the music
	// that plays is unchanged.
	ExitUploadRefused = 5
	// ExitNotAdmin: `admin` in a session that is not an admin session.
	ExitNotAdmin = 5
	// ExitEnded: the server ended the session itself (a restart, the idle
	// timeout) and said why; nothing was wrong with the request, connect
	// again. It is EX_TEMPFAIL of sysexits.h.
	ExitEnded = 75
)

// StatusError is an error with the exit status it stands for.
type StatusError struct {
	Code int
	Err  error
}

// Error is the message, without the status.
func (e *StatusError) Error() string { return e.Err.Error() }

// Unwrap lets errors.Is see the cause.
func (e *StatusError) Unwrap() error { return e.Err }

// Fail gives err the exit status code.
func Fail(code int, err error) error { return &StatusError{Code: code, Err: err} }

// Run executes a command tree with args on a session's streams and returns
// the exit status: 0, the code of a StatusError, or ExitError for any other
// error. The error is printed once, as "Error: ...", on stderr.
func Run(root *cobra.Command, args []string, in io.Reader, out, stderr io.Writer) int {
	return RunIn(English, root, args, in, out, stderr)
}

// RunIn is Run with the error line in sp's language ("Fehler: ...").
func RunIn(sp Speaker, root *cobra.Command, args []string, in io.Reader, out, stderr io.Writer) int {
	return RunLocalized(sp, nil, root, args, in, out, stderr)
}

// RunLocalized is Run with the error line in sp's language, and an error
// that is the server's fault (not the person's) replaced by explain's
// plain sentence with a reference (RunExplained).
func RunLocalized(sp Speaker, explain Explainer, root *cobra.Command, args []string, in io.Reader, out, stderr io.Writer) int {
	root.SetArgs(args)
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(stderr)
	c, err := root.ExecuteC()
	if err == nil {
		return ExitOK
	}
	msg := sentence(root, err.Error())
	if explain != nil && serverFault(err) {
		msg = explain(err, "run `"+strings.TrimSpace(c.CommandPath())+"`")
	}
	_, _ = fmt.Fprintln(stderr, sp.T("cmd.error", msg))
	var ee *StatusError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return ExitError
}
