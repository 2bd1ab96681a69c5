package portal

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/sipdesk/sipdesk/db"
)

// SIPServersTip stands beside a list of more than one SIP server (FAQ).
const SIPServersTip = "Choose only one; entering both at once means every incoming call rings twice."

// NewVoIPPasswordWarning is what a customer must read before regenerating.
const NewVoIPPasswordWarning = "The old VoIP password stops working immediately: every phone, PBX or softphone " +
	"registered with it must be reconfigured with the new one."

// ErrUnknownNumber is the answer for a number that is not the account's,
// whether it exists elsewhere or not: nothing leaks about other accounts.
var ErrUnknownNumber = errors.New("no such phone number in your account")

// NoCredentialsError explains why a number has no SIP-Credentials card.
type NoCredentialsError struct {
	Product Product
	Reason  string
	// UseMain is the command that gives a trunk participant's device its
	// main number's configuration ("credentials +41... --device NAME"),
	// "" otherwise; faces word the hint in the customer's language.
	UseMain string
}

// Error is the English (log, admin): Reason, and the main number's
// command where there is one.
func (e *NoCredentialsError) Error() string {
	if e.UseMain != "" {
		return e.Reason + " Set up the device with the main number's configuration: " + e.UseMain
	}
	return e.Reason
}

// Credentials is the SIP-Credentials card's data.
type Credentials struct {
	Number   NumberView `json:"number"`
	Username string     `json:"sip_username"`
	Password string     `json:"voip_password"`
	// Domain is the SIP domain of the number's region, the digest realm
	// the registrar authenticates with (the From/To domain of a REGISTER).
	// It differs from the servers' host names: a device given a server
	// name where the domain belongs is refused.
	Domain  string      `json:"sip_domain"`
	Servers []SIPServer `json:"sip_servers"`
}

// NoCredentialsReason says why a product has no card, or "" if it has one.
func (s *Service) NoCredentialsReason(n NumberView) string {
	switch n.Product {
	case ProductPBX, ProductTrunk:
		return ""
	case ProductTeams:
		reason := "Microsoft Teams numbers need no SIP configuration data."
		if s.Cfg.TeamsGuide != "" {
			reason += " Follow the Microsoft Teams guide: " + s.Cfg.TeamsGuide
		}
		return reason
	case ProductTrunkParticipant:
		if n.TrunkE164 != "" {
			return "This number is a trunk participant: its calls use the SIP credentials of the trunk's main number " + FormatNumber(n.TrunkE164) + "."
		}
		return "This number is a trunk participant: its calls use the SIP credentials of its trunk's main number."
	}
	return "This number has no SIP service (no virtual PBX or SIP trunk product), so there is no configuration data."
}

// Credentials returns the SIP-Credentials card of one of the account's
// numbers, including the decrypted VoIP password.
func (s *Service) Credentials(ctx context.Context, accountID int64, number string) (Credentials, error) {
	acct, err := db.AccountByID(ctx, s.DB, accountID)
	if err != nil {
		return Credentials{}, err
	}
	n, err := s.numberOf(ctx, acct, number)
	if err != nil {
		return Credentials{}, err
	}
	view := numberView(n)
	if reason := s.NoCredentialsReason(view); reason != "" {
		return Credentials{}, &NoCredentialsError{Product: view.Product, Reason: reason}
	}
	c, err := db.SIPCredentialOf(ctx, s.DB, n.ID)
	if err != nil {
		return Credentials{}, fmt.Errorf("load SIP credentials: %w", err)
	}
	pw, err := s.Box.Open(c.VoIPPasswordEnc, voipLabel(n.ID))
	if err != nil {
		return Credentials{}, err
	}
	realm, err := s.realm(acct.Region)
	if err != nil {
		return Credentials{}, err
	}
	return Credentials{Number: view, Username: c.SIPUsername, Password: string(pw), Domain: realm, Servers: s.sipServers(acct.Region, c.SIPServers)}, nil
}

// numberOf loads one of acct's numbers by what the customer typed, read
// in the national format of the account's region (044 123 45 67 in CH).
func (s *Service) numberOf(ctx context.Context, acct db.Account, number string) (db.Number, error) {
	e164, err := ParseNumber(number, acct.Region)
	if err != nil {
		return db.Number{}, err
	}
	n, err := db.NumberOfAccount(ctx, s.DB, acct.ID, e164)
	if errors.Is(err, db.ErrNotFound) {
		return db.Number{}, ErrUnknownNumber
	}
	return n, err
}

// sipServers is the number's override, else the region's servers.
func (s *Service) sipServers(region, override string) []SIPServer {
	if override != "" {
		var out []SIPServer
		for _, item := range strings.Split(override, ",") {
			if srv, err := ParseSIPServer(item); err == nil {
				out = append(out, srv)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return s.Cfg.SIPServers[region]
}

// RegenerateVoIPPassword gives the number a fresh VoIP password and returns
// it (shown once). The old one stops working at once. The change, its audit
// event and the provisioning event for the SIP platform commit together;
// neither event holds the password.
func (s *Service) RegenerateVoIPPassword(ctx context.Context, acct db.Account, number, remote string) (Credentials, error) {
	n, err := s.numberOf(ctx, acct, number)
	if err != nil {
		return Credentials{}, err
	}
	view := numberView(n)
	if reason := s.NoCredentialsReason(view); reason != "" {
		return Credentials{}, &NoCredentialsError{Product: view.Product, Reason: reason}
	}
	pw := NewVoIPPassword()
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		if err := db.SetVoIPPassword(ctx, tx, n.ID, s.Box.Seal([]byte(pw), voipLabel(n.ID)), s.now()); err != nil {
			return err
		}
		if err := db.QueueProvisioning(ctx, tx, n.ID, n.E164, "voip-password-changed", s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, acct, acct.ID, "voip-password.regenerate", n.E164, remote)
	})
	if err != nil {
		return Credentials{}, err
	}
	s.provisioningQueued()
	// Show the password this call set: reading it back after the commit
	// would show a concurrent change's password instead.
	c, err := db.SIPCredentialOf(ctx, s.DB, n.ID)
	if err != nil {
		return Credentials{}, fmt.Errorf("load SIP credentials: %w", err)
	}
	realm, err := s.realm(acct.Region)
	if err != nil {
		return Credentials{}, err
	}
	return Credentials{Number: view, Username: c.SIPUsername, Password: pw, Domain: realm, Servers: s.sipServers(acct.Region, c.SIPServers)}, nil
}
