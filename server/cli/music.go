package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/ssh"
	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
	"github.com/sipdesk/sipdesk/server/transfer"
)

const musicExitHelp = `Exit status:
  0  done
  1  error (e.g. the store is unreachable, the confirmation was not given)
  2  bad arguments or flags
  5  the upload was refused (the reason is printed; the music that plays is unchanged)`

// musicCommands are the Music page's commands, plus the legacy scp
// protocol (`scp -O`), which arrives as the command "scp -t PATH".
func (s *commands) musicCommands() []*cobra.Command {
	music := &cobra.Command{
		Use:   "music",
		Short: "Show and replace your hold and queue music",
		Long: "Hold music plays while a caller is on hold, queue music while a caller waits in your call queue.\n" +
			"Upload wav or mp3: hold music at most " + portal.MusicHold.LimitText() + ", queue music at most " +
			portal.MusicQueue.LimitText() + ".\n\n" + portal.MusicLicenceNotice + "\n\n" + musicExitHelp,
		Args: cmdkit.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() },
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
		Short: "Upload hold or queue music (wav or mp3) from standard input",
		Long: "Read a wav or mp3 file from standard input and make it your hold or queue music.\n" +
			"It is checked by content (not by name) at once, then activated in the background: " +
			portal.MusicActivationNote + "\n\n" +
			portal.MusicHold.LimitMeaning() + "\n" + portal.MusicQueue.LimitMeaning() + "\n\n" +
			portal.MusicLicenceNotice + "\n\n" + musicExitHelp,
		Example: "  " + transfer.NewHosts(acct, l).SSH(portal.MusicHold),
		Args:    musicKindArg,
		RunE: func(c *cobra.Command, args []string) error {
			kind, _ := portal.ParseMusicKind(args[0])
			if _, _, isPty := sess.Pty(); isPty {
				return cmdkit.Usage(c, fmt.Errorf("music upload reads the file from standard input, not from a terminal: %s",
					transfer.NewHosts(acct, l).SSH(kind)))
			}
			// Before the file is taken: whoever uploads has read it.
			fmt.Fprintln(c.ErrOrStderr(), portal.MusicLicenceNotice)
			f, err := s.music.Upload(ctx, acct, portal.MusicUpload{Kind: kind, Name: name, Via: "ssh", Remote: sess.RemoteAddr().String()},
				transfer.ConfirmedStdin(sess, c.InOrStdin()))
			var refused *portal.MusicRefusedError
			if errors.As(err, &refused) {
				return &cmdkit.StatusError{Code: cmdkit.ExitUploadRefused, Err: errors.New(transfer.RefusalLine(refused))}
			}
			if err != nil {
				return err
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), f)
			}
			_, err = fmt.Fprintf(c.OutOrStdout(), "%s\n`music status` shows when it plays.\n", transfer.AcceptedLine(f))
			return err
		},
	}
	c.Flags().StringVar(&name, "name", "", "file name to show (default: hold.mp3, queue.wav, ...)")
	c.Flags().BoolVar(&asJSON, "json", false, "print the accepted upload as JSON")
	return c
}

func (s *commands) musicStatusCommand() *cobra.Command {
	ctx, acct, l := s.env.Ctx(), s.env.Account, s.env.Listener
	var asJSON bool
	c := &cobra.Command{
		Use:   "status [--json]",
		Short: "Show what plays on hold and in the queue, and uploads waiting, failed or refused",
		Long: "Show the hold and the queue music: what callers hear now (your upload or the " + portal.DefaultPieceName + "),\n" +
			"an upload waiting for activation, and the reason of the last failed or refused upload.\n" +
			"--json prints an object with the keys hold and queue, each with limit_bytes, playing,\n" +
			"pending, last_failure and last_refusal (null when there is none).\n\n" + musicExitHelp,
		Args: cmdkit.NoArgs,
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
			return transfer.WriteStatus(c.OutOrStdout(), slots, transfer.NewHosts(acct, l))
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func (s *commands) musicResetCommand() *cobra.Command {
	ctx, sess, acct := s.env.Ctx(), s.env.Sess, s.env.Account
	var yes bool
	c := &cobra.Command{
		Use:   "reset hold|queue [--yes]",
		Short: "Go back to the default piece (licence-free) for hold or queue music",
		Long: "Stop playing your uploaded hold or queue music and play the " + portal.DefaultPieceName + " again, at once.\n" +
			"An upload waiting for activation is dropped too. In a terminal (ssh -t) it asks to confirm;\n" +
			"without a terminal, --yes confirms (scripts).\n\n" + musicExitHelp,
		Example: "  ssh -t ... music reset hold\n  ssh ... music reset queue --yes",
		Args:    musicKindArg,
		RunE: func(c *cobra.Command, args []string) error {
			kind, _ := portal.ParseMusicKind(args[0])
			if !yes {
				if err := confirmReset(c, sess, kind); err != nil {
					return err
				}
			}
			changed, err := s.svc.ResetMusic(ctx, acct, kind, sess.RemoteAddr().String())
			if err != nil {
				return err
			}
			msg := fmt.Sprintf("Your %s is the %s again.", kind.Label(), portal.DefaultPieceName)
			if !changed {
				msg = fmt.Sprintf("Your %s was the %s already; nothing changed.", kind.Label(), portal.DefaultPieceName)
			}
			_, err = fmt.Fprintln(c.OutOrStdout(), msg)
			return err
		},
	}
	c.Flags().BoolVar(&yes, "yes", false, "confirm without the prompt (needed without a terminal)")
	return c
}

// confirmReset asks on the session's terminal; without one, --yes is the way.
func confirmReset(c *cobra.Command, sess ssh.Session, kind portal.MusicKind) error {
	if _, _, isPty := sess.Pty(); !isPty {
		return &cmdkit.StatusError{Code: cmdkit.ExitUsage, Err: fmt.Errorf(
			"going back to the default piece needs confirmation: pass --yes, or run it in a terminal (ssh -t)")}
	}
	out := c.OutOrStdout()
	fmt.Fprintf(out, "Play the %s as your %s again? Your upload stops playing at once.\nType yes to confirm: ", portal.DefaultPieceName, kind.Label())
	typed, err := cmdkit.ReadLine(c.InOrStdin(), out, cmdkit.IsLetter, 16)
	if err != nil || !strings.EqualFold(strings.TrimSpace(typed), "yes") {
		return &cmdkit.StatusError{Code: cmdkit.ExitError, Err: fmt.Errorf("not confirmed; your %s is unchanged", kind.Label())}
	}
	return nil
}

func musicKindArg(c *cobra.Command, args []string) error {
	if len(args) != 1 {
		return cmdkit.Usage(c, fmt.Errorf("%s needs hold or queue, e.g. %s hold", c.Name(), c.Name()))
	}
	if _, err := portal.ParseMusicKind(args[0]); err != nil {
		return cmdkit.Usage(c, err)
	}
	return nil
}
