package admincli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// maxKeyInput bounds the authorized_keys text read from standard input.
const maxKeyInput = 64 << 10

// keyCommands is `admin key ...`: the SSH keys of admin accounts.
func (a *adminSession) keyCommands() *cobra.Command {
	add := &cobra.Command{
		Use:   "add USER [KEY]",
		Short: "Register an SSH public key to an admin account",
		Long: "Register an SSH public key (an authorized_keys line, e.g. ~/.ssh/id_ed25519.pub) to the admin\n" +
			"account USER: as arguments after USER, or on standard input (one key a line). Customer\n" +
			"accounts have no keys.\n\n" + adminExitHelp,
		Example: "  ssh ... admin key add carol < carol.pub\n  ssh ... admin key add carol ssh-ed25519 AAAAC3Nza... carol@laptop",
		Args:    cmdkit.NArgs(1, -1, "the admin's user ID"),
		RunE: func(c *cobra.Command, args []string) error {
			lines := []string{strings.Join(args[1:], " ")}
			if len(args) == 1 {
				if a.interactive() {
					return cmdkit.Usage(c, errors.New("pass the key after USER, or pipe it: ssh ... admin key add USER < KEY.pub"))
				}
				var err error
				if lines, err = keyLines(c.InOrStdin()); err != nil {
					return err
				}
				if len(lines) == 0 {
					return cmdkit.Usage(c, errors.New("no key on standard input: pipe an authorized_keys line, e.g. admin key add USER < KEY.pub"))
				}
			}
			for _, line := range lines {
				k, err := a.svc.RegisterAdminKey(a.ctx, a.actor, args[0], line)
				if err != nil {
					return careError(err)
				}
				fmt.Fprintf(c.OutOrStdout(), "Registered %s key %s (%s) to %s.\n", k.Type, k.Fingerprint, k.Comment, k.UserID)
			}
			return nil
		},
	}
	var asJSON bool
	list := &cobra.Command{
		Use:   "list [USER] [--json]",
		Short: "List the registered SSH keys of admin accounts",
		Long: "List the SSH keys of every admin account, or of USER. --json prints a list of objects\n" +
			"with user_id, fingerprint, type, comment and created_at.\n\n" + adminExitHelp,
		Args: cmdkit.NArgs(0, 1, "at most one user ID"),
		RunE: func(c *cobra.Command, args []string) error {
			user := ""
			if len(args) == 1 {
				user = args[0]
			}
			keys, err := a.svc.AdminKeyList(a.ctx, user)
			if err != nil {
				return careError(err)
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), keys)
			}
			if len(keys) == 0 {
				_, err := fmt.Fprintln(c.OutOrStdout(), "No keys.")
				return err
			}
			t := cmdkit.NewTable(c.OutOrStdout(), "USER ID", "FINGERPRINT", "TYPE", "COMMENT", "ADDED")
			for _, k := range keys {
				t.Row(k.UserID, k.Fingerprint, k.Type, k.Comment, when(k.CreatedAt))
			}
			return t.Flush()
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	remove := &cobra.Command{
		Use:   "remove FINGERPRINT",
		Short: "Remove a registered SSH key; sessions of its account end",
		Long: "Remove the key with this SHA256 fingerprint (as admin key list shows it). The open sessions\n" +
			"of its account end. You cannot remove your own last key: you would lock yourself out.\n\n" + adminExitHelp,
		Example: "  admin key remove SHA256:3xAmpLe...",
		Args:    cmdkit.NArgs(1, 1, "the key's fingerprint"),
		RunE: func(c *cobra.Command, args []string) error {
			k, err := a.svc.RemoveAdminKey(a.ctx, a.actor, args[0])
			if err != nil {
				return careError(err)
			}
			_, err = fmt.Fprintf(c.OutOrStdout(), "Removed %s key %s of %s; the account's other sessions were ended.\n", k.Type, k.Fingerprint, k.UserID)
			return err
		},
	}
	return group("key", "Manage the SSH keys of admin accounts", add, list, remove)
}

// keyLines reads authorized_keys lines, skipping blank lines and comments.
func keyLines(r io.Reader) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(io.LimitReader(r, maxKeyInput))
	sc.Buffer(make([]byte, 0, 16<<10), maxKeyInput)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read keys from standard input: %w", err)
	}
	return out, nil
}
