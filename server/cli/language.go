package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// languageCommand is `language` (what the session speaks, and why) and
// `language set de|fr|it|en|auto`, the same setting as My account →
// Language. The answer to a change is already in the new language.
func (s *commands) languageCommand() *cobra.Command {
	ctx, acct := s.env.Ctx(), s.env.Account
	var asJSON bool
	show := &cobra.Command{
		Use:   "language [--json]",
		Short: s.v.T("cmd.language.short"),
		Long:  s.v.T("cmd.language.long") + "\n\n" + s.v.T("cmd.exit_plain"),
		Args:  cmdkit.NoArgsIn(s.v),
		RunE: func(c *cobra.Command, _ []string) error {
			set, err := s.svc.Settings(ctx, acct.ID)
			if err != nil {
				return err
			}
			lang := s.v.Locale().Lang
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), struct {
					Language string `json:"language"`
					Setting  string `json:"setting"`
					TimeZone string `json:"time_zone"`
				}{string(lang), orAuto(set.Language), s.v.Clock.Zone.String()})
			}
			setting := s.v.T("cmd.language.setting_auto")
			if set.Language != "" {
				setting = set.Language
			}
			name := "language.name." + string(lang)
			_, err = fmt.Fprintln(c.OutOrStdout(), s.v.T("cmd.language.current",
				s.v.T("cmd.language.line", s.v.T(name), setting, s.v.Clock.Zone.String())))
			return err
		},
	}
	show.Flags().BoolVar(&asJSON, "json", false, s.v.T("cmd.json_flag"))
	set := &cobra.Command{
		Use:   "set de|fr|it|en|auto",
		Short: s.v.T("cmd.language.set_short"),
		Long:  s.v.T("cmd.language.long") + "\n\n" + s.v.T("cmd.exit_plain"),
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cmdkit.Usage(c, errors.New(s.v.T("cmd.language.needs_choice")))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			if v := strings.ToLower(strings.TrimSpace(args[0])); v != "auto" {
				if _, err := i18n.ParseLang(v); err != nil {
					return cmdkit.Usage(c, errors.New(s.v.T("cmd.language.unknown", args[0])))
				}
			}
			if _, err := s.svc.SetLanguage(ctx, acct, args[0], s.env.Remote()); err != nil {
				return err
			}
			v, err := s.svc.VoiceOf(ctx, acct, s.env.Sess.Environ())
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(c.OutOrStdout(), v.T("language.changed"))
			return err
		},
	}
	for _, c := range []*cobra.Command{show, set} {
		c.SetFlagErrorFunc(cmdkit.Usage)
		c.DisableFlagsInUseLine = true
	}
	show.AddCommand(set)
	return show
}

func orAuto(v string) string {
	if v == "" {
		return "auto"
	}
	return v
}
