package cmdkit

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
)

// A store failure reaches a person as the explainer's sentence; words a
// command chose itself, and cobra's own, are printed as they are.
func TestRunExplainedHidesOnlyTheServersFaults(t *testing.T) {
	t.Parallel()
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
	root := NewRoot(&cobra.Command{Use: "tool"})
	for name, err := range map[string]error{
		"dial":     fmt.Errorf("load numbers: %w", dial),
		"down":     fmt.Errorf("%w (load: x)", portal.ErrUnavailable),
		"closed":   errors.New("sql: database is closed"),
		"refused":  Fail(ExitRefused, errors.New("that number has no SIP credentials")),
		"plain":    errors.New("not confirmed; your hold music is unchanged"),
		"careless": Fail(ExitError, fmt.Errorf("wrapped: %w", dial)),
	} {
		root.AddCommand(&cobra.Command{Use: name, RunE: func(*cobra.Command, []string) error { return err }})
	}
	explain := func(err error, doing string) string { return "a problem on our side (ref 0000aa) while we " + doing }
	for _, tc := range []struct {
		args     []string
		code     int
		say, not string
	}{
		{[]string{"dial"}, ExitError, "a problem on our side (ref 0000aa) while we run `tool dial`", "dial tcp"},
		{[]string{"down"}, ExitError, "(ref 0000aa)", "load: x"},
		{[]string{"closed"}, ExitError, "(ref 0000aa)", "sql:"},
		{[]string{"careless"}, ExitError, "(ref 0000aa)", "dial tcp"},
		{[]string{"refused"}, ExitRefused, "Error: That number has no SIP credentials", "ref"},
		{[]string{"plain"}, ExitError, "Error: Not confirmed", "ref"},
		{[]string{"nope"}, ExitError, `Unknown command "nope"`, "ref"},
	} {
		var out, errOut bytes.Buffer
		code := RunExplained(root, tc.args, strings.NewReader(""), &out, &errOut, explain)
		if code != tc.code || !strings.Contains(errOut.String(), tc.say) || strings.Contains(errOut.String(), tc.not) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d with %q, without %q", tc.args, code, errOut.String(), tc.code, tc.say, tc.not)
		}
	}
}
