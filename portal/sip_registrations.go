package portal

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/sip/kamailio"
)

// RegistrationStatus is the live registration of a SIP username, for the
// SIP-Credentials card, `credentials --json` and `admin customer show`.
type RegistrationStatus struct {
	// Known is false when no registrar is configured: nothing is known
	// and the faces show nothing.
	Known      bool                    `json:"known"`
	Registered bool                    `json:"registered"`
	Contacts   []kamailio.Registration `json:"contacts"`
	// SeveralServers: the same username is registered on more than one
	// SIP server at once; Warning says what that means.
	SeveralServers bool   `json:"several_servers"`
	Warning        string `json:"warning,omitempty"`
	// Hint is shown when nothing is registered.
	Hint string `json:"hint,omitempty"`
}

// SeveralServersWarning explains registrations on two servers (FAQ).
const SeveralServersWarning = "This SIP username is registered on more than one SIP server at once: every incoming call rings twice. " +
	"Enter only one SIP server in the device."

// NotRegisteredHint helps when no device is registered.
const NotRegisteredHint = "No device is registered with these credentials. Check the SIP username, the VoIP password " +
	"(a new one must be entered in every device) and the SIP server in your phone or PBX."

// RegistrationStatus is the live status of one of the account's numbers;
// numbers of other accounts are ErrUnknownNumber, numbers without SIP
// credentials NoCredentialsError, like Credentials.
func (s *Service) RegistrationStatus(ctx context.Context, accountID int64, number string) (RegistrationStatus, error) {
	acct, err := db.AccountByID(ctx, s.DB, accountID)
	if err != nil {
		return RegistrationStatus{}, err
	}
	n, err := s.numberOf(ctx, acct, number)
	if err != nil {
		return RegistrationStatus{}, err
	}
	view := numberView(n)
	if reason := s.NoCredentialsReason(view); reason != "" {
		return RegistrationStatus{}, &NoCredentialsError{Product: view.Product, Reason: reason}
	}
	c, err := db.SIPCredentialOf(ctx, s.DB, n.ID)
	if err != nil {
		return RegistrationStatus{}, fmt.Errorf("load SIP credentials: %w", err)
	}
	all, err := s.registrations(ctx, c.SIPUsername)
	return all[c.SIPUsername], err
}

// RegistrationStatuses is the live status of every number of the account
// that has SIP credentials, by E.164 number, in one query.
func (s *Service) RegistrationStatuses(ctx context.Context, accountID int64) (map[string]RegistrationStatus, error) {
	creds, err := db.VoIPPasswordsOfAccount(ctx, s.DB, accountID)
	if err != nil {
		return nil, fmt.Errorf("load SIP credentials: %w", err)
	}
	nums, err := db.NumbersOfAccount(ctx, s.DB, accountID)
	if err != nil {
		return nil, fmt.Errorf("load numbers: %w", err)
	}
	e164Of := map[int64]string{}
	for _, n := range nums {
		if Product(n.Product).HasSIPCredentials() {
			e164Of[n.ID] = n.E164
		}
	}
	var users []string
	for _, c := range creds {
		if e164Of[c.NumberID] != "" {
			users = append(users, c.SIPUsername)
		}
	}
	byUser, err := s.registrations(ctx, users...)
	out := map[string]RegistrationStatus{}
	for _, c := range creds {
		if e := e164Of[c.NumberID]; e != "" {
			out[e] = byUser[c.SIPUsername]
		}
	}
	return out, err
}

// registrations reads the registrar's location table for the usernames;
// every username gets a status, unknown ones when no registrar is set.
func (s *Service) registrations(ctx context.Context, usernames ...string) (map[string]RegistrationStatus, error) {
	out := make(map[string]RegistrationStatus, len(usernames))
	if s.SIP == nil || s.SIP.Kamailio == nil {
		for _, u := range usernames {
			out[u] = RegistrationStatus{}
		}
		return out, nil
	}
	regs, err := s.SIP.Kamailio.Registrations(ctx, usernames...)
	if err != nil {
		return out, err
	}
	for _, u := range usernames {
		st := RegistrationStatus{Known: true, Contacts: regs[u], Registered: len(regs[u]) > 0}
		if st.Contacts == nil {
			st.Contacts = []kamailio.Registration{}
		}
		for i := range st.Contacts {
			c := &st.Contacts[i]
			c.UserAgent, c.Contact, c.Address = deviceText(c.UserAgent), deviceText(c.Contact), deviceText(c.Address)
		}
		if st.SeveralServers = kamailio.OnSeveralServers(st.Contacts); st.SeveralServers {
			st.Warning = SeveralServersWarning
		}
		if !st.Registered {
			st.Hint = NotRegisteredHint
		}
		out[u] = st
	}
	return out, nil
}

// addRegistrations puts the live registration status on the numbers that
// have one. Customer care still sees the account when the registrar's
// database does not answer: the status is then missing and the log says why.
func (s *Service) addRegistrations(ctx context.Context, accountID int64, nums []CareNumber) {
	if s.SIP == nil || s.SIP.Kamailio == nil {
		return
	}
	all, err := s.RegistrationStatuses(ctx, accountID)
	if err != nil {
		s.Log.Warn("admin customer show: registration status unavailable", "error", err)
		return
	}
	for i := range nums {
		if st, ok := all[nums[i].E164]; ok && st.Known {
			nums[i].Registration = &st
		}
	}
}

// maxDeviceText bounds what a device wrote into its registration.
const maxDeviceText = 120

// deviceText makes what a device sent (its user agent, contact) safe for a
// terminal: a device chooses these bytes, so an escape sequence in them
// would otherwise reach the customer's and customer care's screens.
func deviceText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	if r := []rune(s); len(r) > maxDeviceText {
		s = string(r[:maxDeviceText-1]) + "…"
	}
	return s
}
