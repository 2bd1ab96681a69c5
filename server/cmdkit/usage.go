package cmdkit

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// Usage is a bad invocation: exit status 2, with the command's usage after
// the message, since cobra's own usage output is silenced for sessions.
func Usage(c *cobra.Command, err error) error {
	return Fail(ExitUsage, fmt.Errorf("%w\n\n%s", err, strings.TrimRight(c.UsageString(), "\n")))
}

// NoArgs refuses positional arguments.
func NoArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return Usage(c, fmt.Errorf("%s takes no arguments, got %q", c.Name(), strings.Join(args, " ")))
	}
	return nil
}

// NArgs checks the number of positional arguments: at least min, at most
// max (-1: any), and names what is missing.
func NArgs(min, max int, what string) cobra.PositionalArgs {
	return func(c *cobra.Command, a []string) error {
		switch {
		case len(a) < min:
			return Usage(c, fmt.Errorf("%s needs %s", c.CommandPath(), what))
		case max >= 0 && len(a) > max:
			if max == 0 {
				return Usage(c, fmt.Errorf("%s takes no arguments, got %q", c.CommandPath(), strings.Join(a, " ")))
			}
			return Usage(c, fmt.Errorf("%s takes %s, got %q", c.CommandPath(), what, strings.Join(a, " ")))
		}
		return nil
	}
}

// HelpCommand is the `help [command]` of a tree: the help of the named
// command, or of the root when it names none that exists.
func HelpCommand(root *cobra.Command) *cobra.Command {
	return helpCommand(root, "Help about any command")
}

func helpCommand(root *cobra.Command, short string) *cobra.Command {
	return &cobra.Command{Use: "help [command]", Short: short,
		Run: func(c *cobra.Command, args []string) {
			cmd, _, err := root.Find(args)
			if err != nil || cmd == nil {
				cmd = root
			}
			_ = cmd.Help()
		}}
}

// NewRoot makes a session's command tree root: errors and usage are
// printed by Run, not by cobra; no completion command; the shared help.
func NewRoot(root *cobra.Command) *cobra.Command {
	root.SilenceUsage, root.SilenceErrors = true, true
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetHelpCommand(HelpCommand(root))
	return root
}

// UsageOnFlagErrors makes flag errors of c and all its subcommands usage
// errors, and leaves the flags out of generated Use lines (each Use line
// already shows the flags that matter).
func UsageOnFlagErrors(c *cobra.Command) {
	c.SetFlagErrorFunc(Usage)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.DisableFlagsInUseLine = true
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(c)
}

// NumberArg is the phone number the arguments spell: ssh splits an
// unquoted "+41 44 123 45 67" into five arguments, and the portal refuses
// anything that is not one number.
func NumberArg(args []string) string { return strings.Join(args, " ") }
