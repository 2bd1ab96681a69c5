package cli

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// keysCommand is `keys list|add|remove`: the customer's SSH keys.
func (s *commands) keysCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "keys",
		Short: s.v.T("cmd.keys.short"),
		Long: `SSH keys log in without the password: ed25519, ECDSA, RSA (3072 bits or
more) and security keys (ed25519-sk, ecdsa-sk). At most 10 per account.
Adding or removing a key needs your login password, or with 2FA a
one-time code, on stdin; a mail tells you about each change.`,
		Args: cmdkit.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return cmdkit.Usage(c, errors.New("name a subcommand: list, add or remove"))
		},
	}
	root.AddCommand(s.keysList(), s.keysAdd(), s.keysRemove())
	return root
}

func (s *commands) keysList() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "list",
		Short: s.v.T("cmd.keys.list_short"),
		Args:  cmdkit.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			keys, err := s.svc.CustomerKeys(s.env.Ctx(), s.env.Account)
			if err != nil {
				return err
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), keys)
			}
			if len(keys) == 0 {
				_, err := fmt.Fprintln(c.OutOrStdout(), s.v.T("cmd.keys.none"))
				return err
			}
			t := cmdkit.NewTable(c.OutOrStdout(), s.v.T("cmd.keys.col_fingerprint"), s.v.T("cmd.keys.col_type"),
				s.v.T("cmd.keys.col_name"), s.v.T("cmd.keys.col_added"), s.v.T("cmd.keys.col_used"))
			for _, k := range keys {
				used := s.v.T("cmd.keys.never")
				if k.LastUsedAt != nil {
					used = s.when(*k.LastUsedAt)
				}
				t.Row(k.Fingerprint, k.Type, k.Name, s.when(k.CreatedAt), used)
			}
			return t.Flush()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func (s *commands) keysAdd() *cobra.Command {
	var name string
	c := &cobra.Command{
		Use:   "add [--name NAME]",
		Short: s.v.T("cmd.keys.add_short"),
		Long: `Reads two lines from stdin: the key (one line of a .pub file) and your
login password (with 2FA: a one-time code). For example:

  { cat ~/.ssh/id_ed25519.pub; echo "$PASSWORD"; } | ssh ... keys add --name laptop

Exit status: 0 added, 2 bad arguments, 4 refused (weak or malformed key,
10 keys already, wrong password or code).`,
		Args: cmdkit.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			lines, err := readLines(c.InOrStdin(), 2)
			if err != nil {
				return cmdkit.Fail(cmdkit.ExitRefused, err)
			}
			if len(lines) < 1 {
				return cmdkit.Fail(cmdkit.ExitRefused, errors.New("no key on stdin: send the .pub line, then your password"))
			}
			proof := ""
			if len(lines) > 1 {
				proof = lines[1]
			}
			k, err := s.svc.AddCustomerKey(s.env.Ctx(), s.env.Account, portal.KeyChange{Line: lines[0], Name: name, Proof: proof, Source: s.env.Remote()})
			if err != nil {
				return keyError(err)
			}
			_, err = fmt.Fprintln(c.OutOrStdout(), s.v.T("cmd.keys.added", k.Fingerprint, k.Type, k.Name))
			return err
		},
	}
	c.Flags().StringVar(&name, "name", "", "a name for the key (default: the key's comment)")
	return c
}

func (s *commands) keysRemove() *cobra.Command {
	return &cobra.Command{
		Use:   "remove FINGERPRINT",
		Short: s.v.T("cmd.keys.remove_short"),
		Long: `Removes the key with this SHA256 fingerprint (keys list shows them) and
ends its open sessions. Reads your login password (with 2FA: a one-time
code) from stdin.

Exit status: 0 removed, 2 bad arguments, 3 no such key, 4 wrong password
or code.`,
		Args: cmdkit.NArgs(1, 1, "the key's fingerprint"),
		RunE: func(c *cobra.Command, args []string) error {
			lines, err := readLines(c.InOrStdin(), 1)
			if err != nil {
				return cmdkit.Fail(cmdkit.ExitRefused, err)
			}
			proof := ""
			if len(lines) > 0 {
				proof = lines[0]
			}
			k, err := s.svc.RemoveCustomerKey(s.env.Ctx(), s.env.Account, portal.KeyChange{Fingerprint: args[0], Proof: proof, Source: s.env.Remote()})
			if err != nil {
				return keyError(err)
			}
			_, err = fmt.Fprintln(c.OutOrStdout(), s.v.T("cmd.keys.removed", k.Fingerprint))
			return err
		},
	}
}

// keyError gives the portal's key errors their exit statuses.
func keyError(err error) error {
	switch {
	case errors.Is(err, portal.ErrKeyNotFound):
		return cmdkit.Fail(cmdkit.ExitNotFound, err)
	case errors.Is(err, portal.ErrKeyInvalid), errors.Is(err, portal.ErrKeyLimit), errors.Is(err, portal.ErrKeyProof),
		errors.Is(err, portal.ErrCodeInvalid):
		return cmdkit.Fail(cmdkit.ExitRefused, err)
	}
	var locked *portal.LockedError
	if errors.As(err, &locked) {
		return cmdkit.Fail(cmdkit.ExitRefused, err)
	}
	return err
}

// when shows a time in the customer's local time and date format (the
// account's time zone, else the region's).
func (s *commands) when(t time.Time) string { return s.v.Clock.DateTime(t) }
