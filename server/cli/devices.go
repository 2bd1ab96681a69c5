package cli

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/devices"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// deviceSetup is `credentials NUMBER --device NAME|list [--reveal]`.
func (s *commands) deviceSetup(c *cobra.Command, args []string, device string, reveal, asJSON bool) error {
	if asJSON {
		return cmdkit.Usage(c, errors.New(s.v.T("cmd.device.no_json")))
	}
	out := c.OutOrStdout()
	if device == "list" {
		t := cmdkit.NewTable(out, s.v.T("cmd.device.col_device"), s.v.T("cmd.device.col_what"))
		for _, d := range devices.All {
			t.Row(d.Name, s.v.DeviceTitle(d))
		}
		return t.Flush()
	}
	if _, err := devices.Find(device); err != nil {
		return cmdkit.Usage(c, spoken{s.v.T("cmd.device.unknown", strconv.Quote(device), devices.Names()), err})
	}
	err := s.svc.DeviceSetup(s.env.Ctx(), out, s.env.Account.ID, cmdkit.NumberArg(args), device, s.v.Locale().Lang, reveal)
	if err != nil {
		return s.deviceError(err, cmdkit.NumberArg(args), device)
	}
	if !reveal {
		// On stderr, so a file saved from stdout stays clean.
		fmt.Fprintln(c.ErrOrStderr(), s.v.T("device.hidden_command"))
	}
	return nil
}

// deviceError is numberError, and for a trunk participant also the command
// that sets the device up with the trunk's main number (issue 20); a
// region without a SIP server is refused in the customer's language.
func (s *commands) deviceError(err error, query, device string) error {
	if errors.Is(err, portal.ErrNoSIPServer) {
		return &cmdkit.StatusError{Code: cmdkit.ExitError, Err: spoken{s.v.Error(err), err}}
	}
	out := s.numberError(err, query)
	var se *cmdkit.StatusError
	if !errors.As(out, &se) || se.Code != cmdkit.ExitRefused {
		return out
	}
	nums, lerr := s.svc.Numbers(s.env.Ctx(), s.env.Account.ID)
	if lerr != nil {
		return out
	}
	for _, n := range nums {
		if n.TrunkE164 != "" && portal.NumberMatches(n.E164, query) {
			se.Err = spoken{se.Err.Error() + " " + s.v.T("device.use_main", "credentials "+n.TrunkE164+" --device "+device), err}
			break
		}
	}
	return out
}
