package cli

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
	"github.com/sipdesk/sipdesk/server/session"
)

// keysCommand is `keys list|add|remove`: the customer's SSH keys.
func (s *commands) keysCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "keys",
		Short: s.v.T("cmd.keys.short"),
		Long:  s.v.T("cmd.keys.long"),
		Args:  cmdkit.NoArgsIn(s.v),
		RunE: func(c *cobra.Command, _ []string) error {
			return cmdkit.Usage(c, errors.New(s.v.T("cmd.keys.needs_sub")))
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
		Args:  cmdkit.NoArgsIn(s.v),
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
	c.Flags().BoolVar(&asJSON, "json", false, s.v.T("cmd.json_flag"))
	return c
}

func (s *commands) keysAdd() *cobra.Command {
	var name string
	c := &cobra.Command{
		Use:   "add [--name NAME]",
		Short: s.v.T("cmd.keys.add_short"),
		Long:  s.v.T("cmd.keys.add_long"),
		Args:  cmdkit.NoArgsIn(s.v),
		RunE: func(c *cobra.Command, _ []string) error {
			lines, err := s.readLines(c.InOrStdin(), 2)
			if err != nil {
				return cmdkit.Fail(cmdkit.ExitRefused, err)
			}
			if len(lines) < 1 {
				return cmdkit.Fail(cmdkit.ExitRefused, errors.New(s.v.T("cmd.keys.no_key")))
			}
			proof := ""
			if len(lines) > 1 {
				proof = lines[1]
			}
			k, err := s.svc.AddCustomerKey(s.env.Ctx(), s.env.Account, portal.KeyChange{Line: lines[0], Name: name, Proof: proof, Source: s.env.Remote()})
			if err != nil {
				return s.keyError(err)
			}
			_, err = fmt.Fprintln(c.OutOrStdout(), s.v.T("cmd.keys.added", k.Fingerprint, k.Type, k.Name))
			return err
		},
	}
	cmdkit.TextVar(c.Flags(), &name, "name", s.v.T("cmd.placeholder.name"), s.v.T("cmd.keys.name_flag"))
	return c
}

func (s *commands) keysRemove() *cobra.Command {
	return &cobra.Command{
		Use:   "remove FINGERPRINT",
		Short: s.v.T("cmd.keys.remove_short"),
		Long:  s.v.T("cmd.keys.remove_long"),
		Args:  s.oneFingerprint,
		RunE: func(c *cobra.Command, args []string) error {
			lines, err := s.readLines(c.InOrStdin(), 1)
			if err != nil {
				return cmdkit.Fail(cmdkit.ExitRefused, err)
			}
			proof := ""
			if len(lines) > 0 {
				proof = lines[0]
			}
			k, err := s.svc.RemoveCustomerKey(s.env.Ctx(), s.env.Account,
				portal.KeyChange{Fingerprint: args[0], Proof: proof, Source: s.env.Remote(), Keep: s.env.LiveID})
			if err != nil {
				return s.keyError(err)
			}
			_, err = fmt.Fprintln(c.OutOrStdout(), s.v.T("cmd.keys.removed", k.Fingerprint))
			if k.Fingerprint == session.KeyFingerprintOf(s.env.Sess.Context()) {
				// This session's own key: the removal succeeded (exit 0),
				// and then the session and its connection end, as the
				// key's other sessions already have.
				fmt.Fprintln(c.ErrOrStderr(), s.v.T("cmd.keys.removed_own"))
				s.env.EndConnection = true
			}
			return err
		},
	}
}

// keyError gives the portal's key errors their exit statuses and their
// text in the customer's language (errors.Is still finds the portal's kind).
func (s *commands) keyError(err error) error {
	said := spoken{s.v.Error(err), err}
	switch {
	case errors.Is(err, portal.ErrKeyNotFound):
		return cmdkit.Fail(cmdkit.ExitNotFound, said)
	case errors.Is(err, portal.ErrKeyInvalid), errors.Is(err, portal.ErrKeyLimit), errors.Is(err, portal.ErrKeyProof),
		errors.Is(err, portal.ErrCodeInvalid):
		return cmdkit.Fail(cmdkit.ExitRefused, said)
	}
	var locked *portal.LockedError
	if errors.As(err, &locked) {
		return cmdkit.Fail(cmdkit.ExitRefused, said)
	}
	return err
}

// oneFingerprint is the one positional argument of keys remove.
func (s *commands) oneFingerprint(c *cobra.Command, args []string) error {
	if len(args) != 1 {
		name := c.Parent().Name() + " " + c.Name()
		return cmdkit.Usage(c, errors.New(s.v.T("cmd.keys.needs_fingerprint", name, name)))
	}
	return nil
}

// when shows a time in the customer's local time and date format (the
// account's time zone, else the region's).
func (s *commands) when(t time.Time) string { return s.v.Clock.DateTime(t) }
