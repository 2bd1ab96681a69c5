package cmdkit

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
)

// Explainer turns an error into the sentence a person may read: the
// portal's Service.Explain with what the command was doing.
type Explainer func(err error, doing string) string

// RunExplained is Run, except that a failure of the server (the store
// down, stuck or full) is printed as explain's plain sentence with a
// reference, never as a driver's "dial tcp 127.0.0.1:5432: connect:
// connection refused"; the detail goes to the log under the reference.
// Errors a command worded itself (a StatusError, a usage error, a domain
// refusal) are printed as they are.
func RunExplained(root *cobra.Command, args []string, in io.Reader, out, stderr io.Writer, explain Explainer) int {
	return RunLocalized(English, explain, root, args, in, out, stderr)
}

// serverFault reports whether err is the server's failure rather than the
// person's: the store unavailable or timed out, a lost connection, a
// driver's error. Such messages name hosts and ports and are no help to
// a customer.
func serverFault(err error) bool {
	var (
		netErr   net.Error
		sqlState interface{ SQLState() string } // lib/pq's *Error
		sqlite   interface{ Code() int }        // modernc sqlite's *Error
		internal *portal.InternalError
	)
	switch {
	case errors.Is(err, portal.ErrUnavailable), errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, sql.ErrConnDone), errors.Is(err, sql.ErrTxDone), errors.Is(err, driver.ErrBadConn),
		errors.Is(err, io.ErrUnexpectedEOF):
		return true
	case errors.As(err, &netErr), errors.As(err, &sqlState), errors.As(err, &sqlite), errors.As(err, &internal):
		return true
	}
	// database/sql's "sql: database is closed" has no exported value.
	return strings.Contains(err.Error(), "sql: database is closed")
}
