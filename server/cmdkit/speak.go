package cmdkit

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/i18n"
)

// Speaker is a command tree's language: a customer's portal.Voice, or
// English for customer care's admin tree.
type Speaker interface {
	T(key string, args ...any) string
}

// English is the admin tree's language.
var English Speaker = i18n.NewPrinter(i18n.EnCH)

func init() {
	// Template functions are global in cobra; registered once, before any
	// session builds a tree.
	cobra.AddTemplateFunc("sshLine", SSHLine)
	cobra.AddTemplateFunc("usageLines", usageLines)
	cobra.AddTemplateFunc("alignFlags", alignFlags)
}

// SSHLine is how a person runs c: the root's Use is the real ssh command
// line ("ssh -p 2222 alice@example.ch@portal.example"), followed by the
// path below the root and c's own arguments. cobra's own UseLine would
// start with the root's first word only ("ssh numbers").
func SSHLine(c *cobra.Command) string {
	root := c.Root()
	line := root.Use
	if before := root.Annotations[invokedAs]; before != "" {
		line = before + " " + root.Use
	}
	if c == root {
		return line
	}
	path := strings.TrimPrefix(c.CommandPath(), root.Name()+" ")
	parent := strings.TrimSuffix(path, c.Name())
	return line + " " + parent + c.Use
}

// invokedAs is the root annotation InvokedAs sets.
const invokedAs = "cmdkit.invoked-as"

// InvokedAs makes root's usage lines start with what a person types before
// root's own name: the admin tree's root is "admin" (its name is in every
// error message), reached as "ssh -p 2222 admin@portal.example admin".
func InvokedAs(root *cobra.Command, before string) {
	if root.Annotations == nil {
		root.Annotations = map[string]string{}
	}
	root.Annotations[invokedAs] = before
}

// Localize makes a customer tree speak sp: usage headings, the help
// command and every --help flag, flag errors (as usage errors), the real ssh command line in usage, and
// "unknown command" on the root as a usage error (exit 2), as in the admin
// tree.
func Localize(root *cobra.Command, sp Speaker) {
	root.SetUsageTemplate(fmt.Sprintf(usageTemplate, sp.T("cmd.usage"), sp.T("cmd.commands"), sp.T("cmd.flags"), sp.T("cmd.placeholder.command")))
	root.SetHelpCommand(helpCommand(root, sp.T("cmd.help.short")))
	root.Args = func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			return Usage(c, fmt.Errorf("%s", sp.T("cmd.unknown", args[0])))
		}
		return nil
	}
	flagErrors := FlagErrorsIn(sp)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.SetFlagErrorFunc(flagErrors)
		if c != root {
			c.Use = localUse(c.Use, sp)
		}
		if c.Flags().Lookup("help") == nil {
			// The root is named after the ssh client: "help for ssh" would
			// read as help about ssh itself. A command is named by its
			// path below the root ("music status"), as it is typed.
			usage := sp.T("cmd.help_flag_root")
			if c != root {
				usage = sp.T("cmd.help_flag", strings.TrimPrefix(c.CommandPath(), root.Name()+" "))
			}
			c.Flags().BoolP("help", "h", false, usage)
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// placeholders are the words of usage lines that stand for a value, with
// their texts in the catalogue: a German help names NUMMER in its usage
// line as in its text. Others (ID, and the admin tree's) stay as written.
var placeholders = map[string]string{
	"COMMAND":     "cmd.placeholder.command",
	"NUMBER":      "cmd.placeholder.number",
	"NAME":        "cmd.placeholder.name",
	"FILE":        "cmd.placeholder.file",
	"FINGERPRINT": "cmd.placeholder.fingerprint",
	"PERIOD":      "cmd.placeholder.period",
}

var placeholderRE = regexp.MustCompile(`\b[A-Z]{2,}\b`)

// localUse is a command's Use with its placeholders in sp's language.
func localUse(use string, sp Speaker) string {
	return placeholderRE.ReplaceAllStringFunc(use, func(w string) string {
		if key, ok := placeholders[w]; ok {
			return sp.T(key)
		}
		return w
	})
}

// usageLines are the usage lines of c: its own, and for a command with
// subcommands the line that runs one of them (command is the word for
// it). A command that takes flags of its own and has subcommands too
// (sessions [--json], sessions revoke) gets both lines: one line would
// offer both at once.
func usageLines(c *cobra.Command, command string) string {
	if !c.HasAvailableSubCommands() {
		return SSHLine(c)
	}
	sub := SSHLine(c)
	if c != c.Root() {
		sub = strings.TrimSuffix(sub, c.Use) + c.Name()
	}
	sub += " " + command
	if c != c.Root() && c.Runnable() && c.Use != c.Name() {
		return SSHLine(c) + "\n  " + sub
	}
	return sub
}

// alignFlags pads each flag's line by the bytes its name and placeholder
// take beyond their width ("--since PÉRIODE"): pflag aligns the column of
// the flags' help by bytes, which a placeholder with an accent would push
// out of line. The flag and its help are at least two spaces apart.
func alignFlags(usages string) string {
	lines := strings.Split(usages, "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		end := strings.Index(t, "  ")
		if !strings.HasPrefix(t, "-") || end < 0 {
			continue
		}
		at := len(l) - len(t) + end
		if d := end - utf8.RuneCountInString(t[:end]); d > 0 {
			lines[i] = l[:at] + strings.Repeat(" ", d) + l[at:]
		}
	}
	return strings.Join(lines, "\n")
}

// usageTemplate is cobra's, with the ssh command line and the headings
// (%[1]s usage, %[2]s commands, %[3]s flags) and the placeholder of a
// subcommand (%[4]q) in the session's language.
const usageTemplate = `%[1]s
  {{usageLines . %[4]q}}{{if .HasExample}}

{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

%[2]s{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

%[3]s
{{.LocalFlags.FlagUsages | alignFlags | trimTrailingWhitespaces}}{{end}}
`

// NoArgsIn refuses positional arguments, saying so in sp's language.
func NoArgsIn(sp Speaker) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			return Usage(c, fmt.Errorf("%s", sp.T("cmd.no_args", c.Name(), strings.Join(args, " "))))
		}
		return nil
	}
}

// sentence starts a message with a capital letter, so every error reads
// the same way ("Error: No such phone number", "Error: Unknown flag")
// whichever layer wrote it; a message that starts with a command's name
// ("numbers takes no arguments") or with a file name ("hold.mp3 was
// refused", "music/hold is …": a word with a dot or a slash) keeps it as
// typed.
func sentence(root *cobra.Command, msg string) string {
	first, _, _ := strings.Cut(msg, " ")
	names := map[string]bool{root.Name(): true}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			names[sub.Name()] = true
			walk(sub)
		}
	}
	walk(root)
	if names[first] || strings.HasPrefix(first, "-") || strings.ContainsAny(first, "./") {
		return msg
	}
	r, n := utf8.DecodeRuneInString(msg)
	if r == utf8.RuneError {
		return msg
	}
	return string(unicode.ToUpper(r)) + msg[n:]
}
