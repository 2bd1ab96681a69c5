package cmdkit

import (
	"testing"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/i18n"
)

// The root command is named after the ssh client, so its -h said "help
// for ssh" ("Hilfe zu ssh"), as if about ssh itself; a subcommand's named
// only its last word ("help for status" under music).
func TestHelpFlagsNameWhatTheyHelpWith(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		sp         Speaker
		root, leaf string
	}{
		{English, "show this help", "help for music status"},
		{i18n.NewPrinter(i18n.DeCH), "diese Hilfe zeigen", "Hilfe zu music status"},
	} {
		root := &cobra.Command{Use: "ssh"}
		music := &cobra.Command{Use: "music"}
		status := &cobra.Command{Use: "status", Run: func(*cobra.Command, []string) {}}
		music.AddCommand(status)
		root.AddCommand(music)
		Localize(root, c.sp)
		if got := root.Flags().Lookup("help").Usage; got != c.root {
			t.Errorf("root -h: %q, want %q", got, c.root)
		}
		if got := status.Flags().Lookup("help").Usage; got != c.leaf {
			t.Errorf("music status -h: %q, want %q", got, c.leaf)
		}
	}
}

// An error starts with a capital letter, except where its first word is
// a command's name, a flag or a file name, which stay as typed.
func TestSentenceKeepsNamesAsTyped(t *testing.T) {
	t.Parallel()
	root := NewRoot(&cobra.Command{Use: "tool"})
	root.AddCommand(&cobra.Command{Use: "numbers"})
	for in, want := range map[string]string{
		"no such phone number":         "No such phone number",
		"numbers takes no arguments":   "numbers takes no arguments",
		"--json needs no value":        "--json needs no value",
		"pre_id3_only.mp3 was refused": "pre_id3_only.mp3 was refused",
		"music/hold is a directory":    "music/hold is a directory",
		"ärger":                        "Ärger",
	} {
		if got := sentence(root, in); got != want {
			t.Errorf("sentence(%q) = %q, want %q", in, got, want)
		}
	}
}
