package cmdkit

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestRunGivesEachErrorItsExitStatus(t *testing.T) {
	t.Parallel()
	root := NewRoot(&cobra.Command{Use: "tool"})
	root.AddCommand(
		&cobra.Command{Use: "ok", Args: NoArgs, RunE: func(*cobra.Command, []string) error { return nil }},
		&cobra.Command{Use: "plain", RunE: func(*cobra.Command, []string) error { return errors.New("store down") }},
		&cobra.Command{Use: "missing", RunE: func(*cobra.Command, []string) error {
			return Fail(ExitNotFound, fmt.Errorf("wrapped: %w", errors.New("no such number")))
		}},
		&cobra.Command{Use: "two", Args: NArgs(2, 2, "two words"), RunE: func(*cobra.Command, []string) error { return nil }},
	)
	UsageOnFlagErrors(root)
	for _, tc := range []struct {
		args []string
		code int
		say  string
	}{
		{[]string{"ok"}, ExitOK, ""},
		{[]string{"ok", "extra"}, ExitUsage, "ok takes no arguments"},
		{[]string{"ok", "--bogus"}, ExitUsage, "Unknown flag: --bogus"},
		{[]string{"plain"}, ExitError, "Error: Store down"},
		{[]string{"missing"}, ExitNotFound, "no such number"},
		{[]string{"two", "a"}, ExitUsage, "tool two needs two words"},
		{[]string{"help", "two"}, ExitOK, ""},
	} {
		var out, errOut bytes.Buffer
		code := Run(root, tc.args, strings.NewReader(""), &out, &errOut)
		if code != tc.code || !strings.Contains(errOut.String(), tc.say) {
			t.Errorf("%v: exit %d, want %d; stderr %q lacks %q", tc.args, code, tc.code, errOut.String(), tc.say)
		}
	}
}
