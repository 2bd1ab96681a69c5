package portal

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/safetext"
)

// NumberChange is the outcome of a change to a number.
type NumberChange struct {
	UserID             string     `json:"user_id"`
	Number             CareNumber `json:"number"`
	PreviousProduct    Product    `json:"previous_product,omitempty"`
	Changed            bool       `json:"changed"`
	CredentialsCreated bool       `json:"sip_credentials_created"`
	CredentialsRemoved bool       `json:"sip_credentials_removed"`
}

// maxLabelLen bounds a number's label.
const maxLabelLen = 100

// AssignNumber gives a customer a phone number with a product. PBX and
// trunk numbers get SIP credentials with a fresh VoIP password (shown to
// the customer on the SIP-Credentials card, never here); a trunk
// participant names the trunk's main number of the same account.
func (s *Service) AssignNumber(ctx context.Context, actor CareActor, user, number string, product Product, trunk, label string) (NumberChange, error) {
	if err := actor.check(); err != nil {
		return NumberChange{}, err
	}
	acct, err := s.FindAccount(ctx, user)
	if err != nil {
		return NumberChange{}, err
	}
	if acct.Role != RoleCustomer {
		return NumberChange{}, careRefused("%s is an admin account; phone numbers belong to customer accounts", acct.UserID)
	}
	e164, err := ParseNumber(number, acct.Region)
	if err != nil {
		return NumberChange{}, careInvalid("%v", err)
	}
	if err := checkTrunkFlag(product, trunk); err != nil {
		return NumberChange{}, err
	}
	label = strings.TrimSpace(label)
	if err := safetext.Check("--label", label); err != nil {
		return NumberChange{}, careInvalid("%v", err)
	}
	if len(label) > maxLabelLen {
		return NumberChange{}, careInvalid("--label must be at most %d characters without control characters", maxLabelLen)
	}
	var out NumberChange
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		if n, err := db.NumberByE164(ctx, tx, e164); err == nil {
			owner, _ := db.AccountByID(ctx, tx, n.AccountID)
			return careRefused("%s is already assigned to %s; remove it there first (admin number remove %s)", FormatNumber(e164), owner.UserID, e164)
		} else if !errors.Is(err, db.ErrNotFound) {
			return err
		}
		if product == ProductTrunkParticipant {
			if _, err := s.careTrunk(ctx, tx, acct, trunk, e164); err != nil {
				return err
			}
		}
		v, err := s.AddNumber(ctx, tx, acct.ID, e164, product, trunk, label)
		if err != nil {
			return err
		}
		n, err := db.NumberByE164(ctx, tx, v.E164)
		if err != nil {
			return err
		}
		if err := db.QueueProvisioning(ctx, tx, n.ID, n.E164, "number-added", s.now()); err != nil {
			return err
		}
		out = NumberChange{UserID: acct.UserID, Number: careNumberOf(n), Changed: true, CredentialsCreated: n.HasSIPCred}
		return s.careAudit(ctx, tx, actor, acct.ID, "number.add", n.E164+" "+string(product))
	})
	s.afterNumberChange(out, err)
	if errors.Is(err, db.ErrDuplicate) {
		// Another admin added it between our check and our insert (Postgres
		// runs both transactions at once): the same rule refuses it.
		return NumberChange{}, careRefused("%s was just assigned by someone else; remove it there first (admin number remove %s)",
			FormatNumber(e164), e164)
	}
	return out, err
}

func checkTrunkFlag(product Product, trunk string) error {
	switch {
	case product == ProductTrunkParticipant && strings.TrimSpace(trunk) == "":
		return careInvalid("a trunk participant needs the trunk's main number: --trunk NUMBER")
	case product != ProductTrunkParticipant && strings.TrimSpace(trunk) != "":
		return careInvalid("--trunk goes only with --product trunk-participant")
	}
	return nil
}

// careTrunk is the SIP trunk main number a participant e164 of acct joins.
func (s *Service) careTrunk(ctx context.Context, h db.Handler, acct db.Account, trunk, e164 string) (db.Number, error) {
	t164, err := ParseNumber(trunk, acct.Region)
	if err != nil {
		return db.Number{}, careInvalid("--trunk: %v", err)
	}
	if t164 == e164 {
		return db.Number{}, careRefused("a number cannot be a participant of its own trunk")
	}
	t, err := db.NumberOfAccount(ctx, h, acct.ID, t164)
	if errors.Is(err, db.ErrNotFound) || (err == nil && Product(t.Product) != ProductTrunk) {
		return db.Number{}, careRefused("%s is not a SIP trunk number of %s (its trunk participants need one)", FormatNumber(t164), acct.UserID)
	}
	return t, err
}

// numberForCare loads any account's number by what customer care typed.
func numberForCare(ctx context.Context, h db.Handler, number string) (db.Number, error) {
	e164, err := NormalizeE164(number)
	if err != nil {
		return db.Number{}, careInvalid("%v", err)
	}
	n, err := db.NumberByE164(ctx, h, e164)
	if errors.Is(err, db.ErrNotFound) {
		return db.Number{}, careNotFound("%s is not assigned to any account", FormatNumber(e164))
	}
	return n, err
}

// SetNumberProduct changes a number's product. A number that gains a SIP
// product (PBX, trunk) gets SIP credentials with a fresh VoIP password; one
// that loses it loses its credentials; PBX and trunk keep theirs between
// each other. A trunk's main number keeps the trunk product while it has
// participants.
func (s *Service) SetNumberProduct(ctx context.Context, actor CareActor, number string, product Product, trunk string) (NumberChange, error) {
	if err := actor.check(); err != nil {
		return NumberChange{}, err
	}
	if err := checkTrunkFlag(product, trunk); err != nil {
		return NumberChange{}, err
	}
	var out NumberChange
	err := s.DB.Tx(ctx, func(tx db.Tx) error {
		n, err := numberForCare(ctx, tx, number)
		if err != nil {
			return err
		}
		acct, err := db.AccountByID(ctx, tx, n.AccountID)
		if err != nil {
			return err
		}
		old := Product(n.Product)
		out = NumberChange{UserID: acct.UserID, Number: careNumberOf(n), PreviousProduct: old}
		var trunkID int64
		if product == ProductTrunkParticipant {
			t, err := s.careTrunk(ctx, tx, acct, trunk, n.E164)
			if err != nil {
				return err
			}
			trunkID = t.ID
		}
		if old == product && n.TrunkID.Int64 == trunkID {
			return nil
		}
		if old == ProductTrunk && product != ProductTrunk {
			if err := s.refuseTrunkWithParticipants(ctx, tx, n, "change its product"); err != nil {
				return err
			}
		}
		if err := db.SetProduct(ctx, tx, n.ID, string(product), trunkID); err != nil {
			return err
		}
		switch {
		case product.HasSIPCredentials() && !n.HasSIPCred:
			if err := db.PutSIPCredential(ctx, tx, db.SIPCredential{
				NumberID: n.ID, SIPUsername: sipUsername(n.E164),
				VoIPPasswordEnc: s.Box.Seal([]byte(NewVoIPPassword()), voipLabel(n.ID)), ChangedAt: s.now(),
			}); err != nil {
				return err
			}
			out.CredentialsCreated = true
		case !product.HasSIPCredentials() && n.HasSIPCred:
			if err := db.DeleteSIPCredential(ctx, tx, n.ID); err != nil {
				return err
			}
			out.CredentialsRemoved = true
		}
		if err := db.QueueProvisioning(ctx, tx, n.ID, n.E164, "product-changed", s.now()); err != nil {
			return err
		}
		if n, err = db.NumberByE164(ctx, tx, n.E164); err != nil {
			return err
		}
		out.Number, out.Changed = careNumberOf(n), true
		return s.careAudit(ctx, tx, actor, acct.ID, "number.product", fmt.Sprintf("%s %s -> %s", n.E164, old, product))
	})
	s.afterNumberChange(out, err)
	return out, err
}

func (s *Service) refuseTrunkWithParticipants(ctx context.Context, h db.Handler, n db.Number, what string) error {
	parts, err := db.TrunkParticipants(ctx, h, n.ID)
	if err != nil || len(parts) == 0 {
		return err
	}
	names := make([]string, len(parts))
	for i, p := range parts {
		names[i] = p.E164
	}
	return careRefused("%s is the main number of a SIP trunk with participants (%s): give them another product or remove them before you %s",
		FormatNumber(n.E164), strings.Join(names, ", "), what)
}

// UnassignNumber removes a number from its account, with its SIP
// credentials. A trunk's main number goes only without participants.
func (s *Service) UnassignNumber(ctx context.Context, actor CareActor, number string) (NumberChange, error) {
	if err := actor.check(); err != nil {
		return NumberChange{}, err
	}
	var out NumberChange
	err := s.DB.Tx(ctx, func(tx db.Tx) error {
		n, err := numberForCare(ctx, tx, number)
		if err != nil {
			return err
		}
		acct, err := db.AccountByID(ctx, tx, n.AccountID)
		if err != nil {
			return err
		}
		if Product(n.Product) == ProductTrunk {
			if err := s.refuseTrunkWithParticipants(ctx, tx, n, "remove it"); err != nil {
				return err
			}
		}
		out = NumberChange{UserID: acct.UserID, Number: careNumberOf(n), Changed: true, CredentialsRemoved: n.HasSIPCred}
		if err := db.RemoveNumber(ctx, tx, n.ID); err != nil {
			return err
		}
		if err := db.QueueProvisioning(ctx, tx, 0, n.E164, "number-removed", s.now()); err != nil {
			return err
		}
		return s.careAudit(ctx, tx, actor, acct.ID, "number.remove", n.E164+" "+n.Product)
	})
	s.afterNumberChange(out, err)
	return out, err
}

// RegionSIPServers are the SIP servers of one region.
type RegionSIPServers struct {
	Region  string      `json:"region"`
	Servers []SIPServer `json:"sip_servers"`
	// Tip is the FAQ's advice when there is more than one server.
	Tip string `json:"tip,omitempty"`
}

// SIPServersByRegion returns the configured SIP servers of each region, as
// the SIP-Credentials card shows them.
func (s *Service) SIPServersByRegion() []RegionSIPServers {
	regions := make([]string, 0, len(s.Cfg.SIPServers))
	for r := range s.Cfg.SIPServers {
		regions = append(regions, r)
	}
	sort.Strings(regions)
	out := make([]RegionSIPServers, 0, len(regions))
	for _, r := range regions {
		rs := RegionSIPServers{Region: r, Servers: s.Cfg.SIPServers[r]}
		if len(rs.Servers) > 1 {
			rs.Tip = SIPServersTip
		}
		out = append(out, rs)
	}
	return out
}

// afterNumberChange wakes the provisioning worker once a change committed.
func (s *Service) afterNumberChange(c NumberChange, err error) {
	if err == nil && c.Changed {
		s.provisioningQueued()
	}
}
