package admincli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

// productHelp lists the products for --product.
const productHelp = "pbx (Virtual PBX), trunk (SIP trunk), teams (Microsoft Teams),\n" +
	"trunk-participant (needs --trunk MAIN, a SIP trunk number of the same account) or none.\n" +
	"PBX and trunk numbers have SIP credentials: the customer sees the VoIP password on the\n" +
	"number's SIP-Credentials card; it is never printed here."

// numberCommands is `admin number ...`.
func (a *adminSession) numberCommands() *cobra.Command {
	return group("number", "Assign phone numbers, change their products, remove them",
		a.numberAdd(), a.numberProduct(), a.numberRemove())
}

func (a *adminSession) numberAdd() *cobra.Command {
	var product, trunk, label string
	var asJSON bool
	c := &cobra.Command{
		Use:   "add USER NUMBER --product PRODUCT [--trunk MAIN] [--label LABEL] [--json]",
		Short: "Give a customer a phone number with a product",
		Long: "Assign NUMBER (international format, e.g. +41441234567) to the customer USER.\n" +
			"PRODUCT is " + productHelp + "\n\n" + adminExitHelp,
		Example: "  admin number add alice@example.ch +41441234567 --product pbx --label \"Office Zurich\"\n" +
			"  admin number add alice@example.ch +41441234568 --product trunk-participant --trunk +41441234500",
		Args: cmdkit.NArgs(2, -1, "the user ID and a phone number"),
		RunE: func(c *cobra.Command, args []string) error {
			p, err := parseProductFlag(c, product)
			if err != nil {
				return err
			}
			ch, err := a.svc.AssignNumber(a.ctx, a.actor, args[0], cmdkit.NumberArg(args[1:]), p, trunk, label)
			if err != nil {
				return careError(err)
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), ch)
			}
			fmt.Fprintf(c.OutOrStdout(), "Assigned %s (%s) to %s.\n", ch.Number.Formatted, describeProduct(ch.Number), ch.UserID)
			return writeCredentialChange(c.OutOrStdout(), ch)
		},
	}
	c.Flags().StringVar(&product, "product", "", "pbx, trunk, teams, trunk-participant or none (required)")
	c.Flags().StringVar(&trunk, "trunk", "", "for trunk-participant: the trunk's main number")
	c.Flags().StringVar(&label, "label", "", "a label the customer sees beside the number")
	c.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return c
}

func (a *adminSession) numberProduct() *cobra.Command {
	var product, trunk string
	var asJSON bool
	c := &cobra.Command{
		Use:   "product NUMBER --product PRODUCT [--trunk MAIN] [--json]",
		Short: "Change a number's product; SIP credentials follow",
		Long: "Change the product of NUMBER, whichever account it belongs to. A number that gains a SIP\n" +
			"product (pbx, trunk) gets SIP credentials with a new VoIP password; one that loses it loses\n" +
			"its credentials (its devices stop registering); pbx and trunk keep theirs. A SIP trunk's\n" +
			"main number keeps its product while it has participants.\n" +
			"PRODUCT is " + productHelp + "\n\n" + adminExitHelp,
		Example: "  admin number product +41441234567 --product teams",
		Args:    cmdkit.NArgs(1, -1, "a phone number"),
		RunE: func(c *cobra.Command, args []string) error {
			p, err := parseProductFlag(c, product)
			if err != nil {
				return err
			}
			ch, err := a.svc.SetNumberProduct(a.ctx, a.actor, cmdkit.NumberArg(args), p, trunk)
			if err != nil {
				return careError(err)
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), ch)
			}
			if !ch.Changed {
				_, err := fmt.Fprintf(c.OutOrStdout(), "%s of %s is %s already; nothing changed.\n", ch.Number.Formatted, ch.UserID, describeProduct(ch.Number))
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "%s of %s: %s -> %s.\n", ch.Number.Formatted, ch.UserID, ch.PreviousProduct.Label(), describeProduct(ch.Number))
			return writeCredentialChange(c.OutOrStdout(), ch)
		},
	}
	c.Flags().StringVar(&product, "product", "", "pbx, trunk, teams, trunk-participant or none (required)")
	c.Flags().StringVar(&trunk, "trunk", "", "for trunk-participant: the trunk's main number")
	c.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return c
}

func (a *adminSession) numberRemove() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "remove NUMBER [--json]",
		Short: "Remove a number from its account, with its SIP credentials",
		Long: "Remove NUMBER from the account it belongs to. Its SIP credentials are deleted, so its\n" +
			"devices stop registering. A SIP trunk's main number goes only without participants.\n\n" + adminExitHelp,
		Example: "  admin number remove +41441234567",
		Args:    cmdkit.NArgs(1, -1, "a phone number"),
		RunE: func(c *cobra.Command, args []string) error {
			ch, err := a.svc.UnassignNumber(a.ctx, a.actor, cmdkit.NumberArg(args))
			if err != nil {
				return careError(err)
			}
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), ch)
			}
			_, err = fmt.Fprintf(c.OutOrStdout(), "Removed %s (%s) from %s.\n", ch.Number.Formatted, ch.Number.ProductName, ch.UserID)
			return err
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the removed number as JSON")
	return c
}

func parseProductFlag(c *cobra.Command, s string) (portal.Product, error) {
	if s == "" {
		return "", cmdkit.Usage(c, errors.New("--product is required: "+strings.Join(productKeys(), ", ")))
	}
	p, err := portal.ParseProduct(s)
	if err != nil {
		return "", cmdkit.Usage(c, err)
	}
	return p, nil
}

func productKeys() []string {
	out := make([]string, len(portal.Products))
	for i, p := range portal.Products {
		out[i] = string(p)
	}
	return out
}

func describeProduct(n portal.CareNumber) string {
	if n.TrunkE164 != "" {
		return n.ProductName + " of " + portal.FormatNumber(n.TrunkE164)
	}
	return n.ProductName
}

func writeCredentialChange(out io.Writer, ch portal.NumberChange) error {
	var err error
	switch {
	case ch.CredentialsCreated:
		_, err = fmt.Fprintln(out, "SIP credentials were created; the customer finds the VoIP password on the number's SIP-Credentials card.")
	case ch.CredentialsRemoved:
		_, err = fmt.Fprintln(out, "Its SIP credentials were removed; devices registered with them stop working.")
	}
	return err
}

// sipServersCommand is `admin sip-servers`.
func (a *adminSession) sipServersCommand() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "sip-servers [--json]",
		Short: "Show the SIP servers of each portal, as the SIP-Credentials card shows them",
		Long: "Show the SIP servers (registrars) of each region from the configuration (--sip-server),\n" +
			"as customers see them on the SIP-Credentials card. --json prints a list of objects with\n" +
			"region, sip_servers (host, port, transport) and tip.\n\n" + adminExitHelp,
		Args: cmdkit.NArgs(0, 0, "no arguments"),
		RunE: func(c *cobra.Command, _ []string) error {
			regions := a.svc.SIPServersByRegion()
			if asJSON {
				return cmdkit.WriteJSON(c.OutOrStdout(), regions)
			}
			t := cmdkit.NewTable(c.OutOrStdout(), "PORTAL", "SIP SERVER")
			for _, r := range regions {
				for _, srv := range r.Servers {
					t.Row(r.Region, srv.String())
				}
			}
			if err := t.Flush(); err != nil {
				return err
			}
			for _, r := range regions {
				if r.Tip != "" {
					fmt.Fprintf(c.OutOrStdout(), "Tip shown to %s customers: %s\n", r.Region, r.Tip)
				}
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}
