package cli

import (
	"errors"
	"fmt"

	"github.com/charmbracelet/ssh"
	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
	"github.com/sipdesk/sipdesk/server/transfer"
)

// musicCommands are the Music page's commands, plus the legacy scp
// protocol (`scp -O`), which arrives as the command "scp -t PATH".
func (s *commands) musicCommands() []*cobra.Command {
	music := &cobra.Command{
		Use:   "music",
		Short: s.v.T("cmd.music.short"),
		Long:  s.v.T("cmd.music.long") + "\n" + s.musicLimits() + "\n\n" + s.v.T("music.licence") + "\n\n" + s.v.T("cmd.exit_music"),
		Args:  cmdkit.NoArgsIn(s.v),
		RunE:  func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	music.AddCommand(s.musicUploadCommand(), s.musicStatusCommand(), s.musicResetCommand())
	for _, c := range append(music.Commands(), music) {
		c.SetFlagErrorFunc(cmdkit.Usage)
	}
	return []*cobra.Command{music, s.music.SCPCommand(s.env)}
}

func (s *commands) musicUploadCommand() *cobra.Command {
	ctx, sess, acct, l := s.env.Ctx(), s.env.Sess, s.env.Account, s.env.Listener
	var name string
	var asJSON bool
	c := &cobra.Command{
		Use:   "upload hold|queue [--name NAME] < FILE",
		Short: s.v.T("cmd.music.upload.short"),
		Long: s.v.T("cmd.music.upload.short") + "\n" + s.musicLimits() + "\n\n" +
			s.v.T("music.licence") + "\n\n" + s.v.T("cmd.exit_music"),
		Example: "  " + transfer.NewHosts(acct, l).SSH(portal.MusicHold),
		Args:    s.musicKindArg,
		RunE: func(c *cobra.Command, args []string) error {
			kind, _ := portal.ParseMusicKind(args[0])
			if _, _, isPty := sess.Pty(); isPty {
				return cmdkit.Usage(c, errors.New(s.v.T("cmd.music.upload.from_tty", transfer.NewHosts(acct, l).SSH(kind))))
			}
			// Before the file is taken: whoever uploads has read it.
			fmt.Fprintln(c.ErrOrStderr(), s.v.T("music.licence"))
			f, err := s.music.Upload(ctx, acct, portal.MusicUpload{Kind: kind, Name: name, Via: "ssh", Remote: sess.RemoteAddr().String()},
				transfer.ConfirmedStdin(sess, c.InOrStdin(), s.v))
			var refused *portal.MusicRefusedError
			if errors.As(err, &refused) {
				return &cmdkit.StatusError{Code: cmdkit.ExitUploadRefused, Err: errors.New(transfer.RefusalLine(s.v, refused))}
			}
			if text, ok := transfer.Refusal(s.v, err); ok { // too many at once, too slow
				return &cmdkit.StatusError{Code: cmdkit.ExitUploadRefused, Err: errors.New(text)}
			}
			if err != nil {
				return err
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), f)
			}
			_, err = fmt.Fprintf(c.OutOrStdout(), "%s\n%s\n", transfer.AcceptedLine(s.v, f), s.v.T("music.status_hint"))
			return err
		},
	}
	cmdkit.TextVar(c.Flags(), &name, "name", s.v.T("cmd.placeholder.name"), s.v.T("cmd.music.upload.name_flag"))
	c.Flags().BoolVar(&asJSON, "json", false, s.v.T("cmd.music.upload.json_flag"))
	return c
}

func (s *commands) musicStatusCommand() *cobra.Command {
	ctx, acct, l := s.env.Ctx(), s.env.Account, s.env.Listener
	var asJSON bool
	c := &cobra.Command{
		Use:   "status [--json]",
		Short: s.v.T("cmd.music.status.short"),
		Long: s.v.T("cmd.music.status.short") + ".\n" +
			"--json: {hold, queue} × {limit_bytes, playing, pending, last_failure, last_refusal}\n\n" + s.v.T("cmd.exit_music"),
		Args: cmdkit.NoArgsIn(s.v),
		RunE: func(c *cobra.Command, _ []string) error {
			slots, err := s.svc.MusicStatus(ctx, acct.ID)
			if err != nil {
				return err
			}
			if asJSON {
				out := map[portal.MusicKind]portal.MusicSlot{}
				for _, sl := range slots {
					out[sl.Kind] = sl
				}
				return cmdkit.WriteJSON(c.OutOrStdout(), out)
			}
			return transfer.WriteStatus(c.OutOrStdout(), s.v, slots, transfer.NewHosts(acct, l))
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, s.v.T("cmd.json_flag"))
	return c
}

func (s *commands) musicResetCommand() *cobra.Command {
	ctx, sess, acct := s.env.Ctx(), s.env.Sess, s.env.Account
	var yes bool
	c := &cobra.Command{
		Use:     "reset hold|queue [--yes]",
		Short:   s.v.T("cmd.music.reset.short"),
		Long:    s.v.T("cmd.music.reset.short") + ".\n\n" + s.v.T("cmd.exit_music"),
		Example: "  ssh -t ... music reset hold\n  ssh ... music reset queue --yes",
		Args:    s.musicKindArg,
		RunE: func(c *cobra.Command, args []string) error {
			kind, _ := portal.ParseMusicKind(args[0])
			if !yes {
				slots, err := s.svc.MusicStatus(ctx, acct.ID)
				if err != nil {
					return err
				}
				question, ok := s.v.MusicResetQuestion(slotOf(slots, kind))
				if !ok {
					// Nothing was uploaded: nothing to confirm, nothing to do.
					_, err := fmt.Fprintln(c.OutOrStdout(), question)
					return err
				}
				if err := s.confirmReset(c, sess, kind, question); err != nil {
					return err
				}
			}
			changed, err := s.svc.ResetMusic(ctx, acct, kind, sess.RemoteAddr().String())
			if err != nil {
				return err
			}
			msg := s.v.T("music.reverted", s.v.MusicLabel(kind), s.v.T("term.default_piece"))
			if !changed {
				msg = s.v.T("music.already_default", s.v.MusicLabel(kind), s.v.T("term.default_piece"))
			}
			_, err = fmt.Fprintln(c.OutOrStdout(), msg)
			return err
		},
	}
	c.Flags().BoolVar(&yes, "yes", false, s.v.T("cmd.yes_flag"))
	return c
}

// musicLimits are the two size limits, in bytes as Windows counts them,
// as the Music page states them.
func (s *commands) musicLimits() string {
	return s.v.T("music.limits", s.v.MusicLimit(portal.MusicHold), s.v.MusicLimit(portal.MusicQueue))
}

// confirmReset asks question on the session's terminal; without one,
// --yes is the way. The prompt names the language's word (ja, oui, sì);
// the English yes is taken too.
func (s *commands) confirmReset(c *cobra.Command, sess ssh.Session, kind portal.MusicKind, question string) error {
	if _, _, isPty := sess.Pty(); !isPty {
		return &cmdkit.StatusError{Code: cmdkit.ExitUsage, Err: errors.New(s.v.T("cmd.music.reset.needs_confirm"))}
	}
	out := c.OutOrStdout()
	fmt.Fprintf(out, "%s\n%s", question, s.v.T("cmd.type_yes", s.v.ConfirmWord()))
	typed, err := cmdkit.ReadLine(c.InOrStdin(), out, cmdkit.IsWordByte, 16)
	if err != nil || !s.v.Confirms(typed) {
		return &cmdkit.StatusError{Code: cmdkit.ExitError, Err: errors.New(s.v.T("cmd.music.reset.not_confirmed", s.v.MusicLabel(kind)))}
	}
	return nil
}

// slotOf is kind's slot of slots (MusicStatus lists both kinds).
func slotOf(slots []portal.MusicSlot, kind portal.MusicKind) portal.MusicSlot {
	for _, sl := range slots {
		if sl.Kind == kind {
			return sl
		}
	}
	return portal.MusicSlot{Kind: kind, Playing: portal.MusicFile{Status: "default"}}
}

func (s *commands) musicKindArg(c *cobra.Command, args []string) error {
	if len(args) != 1 {
		return cmdkit.Usage(c, errors.New(s.v.T("cmd.needs_kind", c.Name(), c.Name())))
	}
	if _, err := portal.ParseMusicKind(args[0]); err != nil {
		return cmdkit.Usage(c, err)
	}
	return nil
}
