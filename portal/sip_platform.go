package portal

// The SIP platform: what the registrar should hold (the provisioning
// worker's Truth), live registration status for the SIP-Credentials card,
// and customer care's view of the provisioning outbox.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/sip/kamailio"
	"github.com/sipdesk/sipdesk/sip/provision"
)

// SIPPlatform connects the portal to the registrar. Service.SIP is nil
// when no Kamailio database is configured: nothing is provisioned and no
// registration status is known.
type SIPPlatform struct {
	Kamailio    *kamailio.Store
	Provisioner *provision.Worker
}

// ErrNoSIPPlatform is the answer of the provisioning commands when no
// registrar database is configured.
var ErrNoSIPPlatform = errors.New("no SIP registrar is configured (--kamailio-database-url): nothing is provisioned")

// provisioningQueued wakes this replica's provisioning worker after a
// committed change, so the registrar follows within milliseconds; other
// replicas' workers would find the event at their next poll.
func (s *Service) provisioningQueued() {
	if s.SIP != nil && s.SIP.Provisioner != nil {
		s.SIP.Provisioner.Wake()
	}
}

// realm is the SIP domain (digest realm) of a region.
func (s *Service) realm(region string) (string, error) {
	r := s.Cfg.SIPRealms[region]
	if r == "" {
		return "", fmt.Errorf("no SIP realm configured for region %s (--sip-realm %s=DOMAIN)", region, region)
	}
	return r, nil
}

func (s *Service) subscriberOf(a db.SIPAccount) (kamailio.Subscriber, error) {
	realm, err := s.realm(a.Region)
	if err != nil {
		return kamailio.Subscriber{}, err
	}
	pw, err := s.Box.Open(a.VoIPPasswordEnc, voipLabel(a.NumberID))
	if err != nil {
		return kamailio.Subscriber{}, fmt.Errorf("VoIP password of %s: %w", a.E164, err)
	}
	return kamailio.NewSubscriber(a.SIPUsername, realm, string(pw)), nil
}

// SIPSubscriber is the registrar row the number e164 should have: one for
// a PBX or SIP trunk number (the products with SIP credentials), none for
// Teams, trunk participants (they call through their trunk's main number),
// no product or a number that is gone. It implements provision.Truth.
func (s *Service) SIPSubscriber(ctx context.Context, e164 string) (string, *kamailio.Subscriber, error) {
	a, err := db.SIPAccountOfNumber(ctx, s.DB, e164)
	if errors.Is(err, db.ErrNotFound) {
		return sipUsername(e164), nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	if !Product(a.Product).HasSIPCredentials() {
		return a.SIPUsername, nil, nil
	}
	sub, err := s.subscriberOf(a)
	if err != nil {
		return "", nil, err
	}
	return a.SIPUsername, &sub, nil
}

// SIPSubscribers is every row the registrar should hold (provision.Truth).
func (s *Service) SIPSubscribers(ctx context.Context) ([]kamailio.Subscriber, error) {
	all, err := db.SIPAccounts(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	out := make([]kamailio.Subscriber, 0, len(all))
	for _, a := range all {
		if !Product(a.Product).HasSIPCredentials() {
			continue
		}
		sub, err := s.subscriberOf(a)
		if err != nil {
			return nil, err
		}
		out = append(out, sub)
	}
	return out, nil
}

// ProvisioningEvent is an outbox row as customer care sees it.
type ProvisioningEvent struct {
	ID        int64      `json:"id"`
	Number    string     `json:"number"`
	Event     string     `json:"event"`
	Status    string     `json:"status"` // queued, done or failed
	Attempts  int        `json:"attempts"`
	NextTry   *time.Time `json:"next_attempt_at,omitempty"`
	LastError string     `json:"last_error,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	AppliedAt *time.Time `json:"applied_at,omitempty"`
}

// ProvisioningEvents lists the newest provisioning events (only failed
// ones when failedOnly), for `admin provisioning list [--failed]`.
func (s *Service) ProvisioningEvents(ctx context.Context, actor CareActor, failedOnly bool, limit int) ([]ProvisioningEvent, error) {
	if err := actor.check(); err != nil {
		return nil, err
	}
	status := ""
	if failedOnly {
		status = "failed"
	}
	rows, err := db.ProvisioningEvents(ctx, s.DB, status, limit)
	if err != nil {
		return nil, fmt.Errorf("list provisioning events: %w", err)
	}
	out := make([]ProvisioningEvent, len(rows))
	for i, r := range rows {
		out[i] = ProvisioningEvent{ID: r.ID, Number: r.E164, Event: r.Event, Status: r.Status, Attempts: r.Attempts,
			LastError: r.LastError, CreatedAt: r.CreatedAt}
		if r.Status == "queued" {
			next := r.NextAttemptAt
			out[i].NextTry = &next
		}
		if r.ConsumedAt.Valid {
			at := r.ConsumedAt.Time
			out[i].AppliedAt = &at
		}
	}
	return out, nil
}

// SyncProvisioning compares the registrar's whole subscriber table with
// sipdesk and repairs it unless dryRun (`admin provisioning sync
// [--dry-run]`); a repair is audited with the admin's name.
func (s *Service) SyncProvisioning(ctx context.Context, actor CareActor, dryRun bool) (provision.Report, error) {
	if err := actor.check(); err != nil {
		return provision.Report{}, err
	}
	if s.SIP == nil || s.SIP.Provisioner == nil {
		return provision.Report{}, ErrNoSIPPlatform
	}
	rep, err := s.SIP.Provisioner.Reconcile(ctx, dryRun)
	if kamailio.IsRefusal(err) {
		return rep, &careError{kind: ErrCareRefused, msg: err.Error()}
	}
	if err != nil || dryRun {
		return rep, err
	}
	detail := fmt.Sprintf("missing %d, extra %d, stale %d", len(rep.Missing), len(rep.Extra), len(rep.Stale))
	return rep, s.careAudit(ctx, s.DB, actor, 0, "provisioning.sync", detail)
}

// RegistrarBinding is what `admin provisioning bind` did.
type RegistrarBinding struct {
	// StoreID is this store, now the one the registrar database takes
	// writes from.
	StoreID string `json:"store_id"`
	// Replaced is the store it was bound to before, "" if none.
	Replaced string `json:"replaced"`
	// Changed is false when it was bound to this store already.
	Changed bool `json:"changed"`
}

// BindRegistrar makes this store the one that provisions the registrar
// database (`admin provisioning bind [--replace STORE]`), the deliberate
// way for what serve does by itself only while it is harmless: binding
// one that is bound to no store yet, or, with replace naming the store it
// is bound to, moving it from that store to this one. It writes nothing
// to subscriber or location itself, but this store's provisioning workers
// then make them equal to this store (within seconds), so compare with
// `admin provisioning sync --dry-run` first. Audited with the admin's name.
func (s *Service) BindRegistrar(ctx context.Context, actor CareActor, replace string) (RegistrarBinding, error) {
	if err := actor.check(); err != nil {
		return RegistrarBinding{}, err
	}
	if s.SIP == nil || s.SIP.Kamailio == nil {
		return RegistrarBinding{}, ErrNoSIPPlatform
	}
	store, err := s.StoreID(ctx)
	if err != nil {
		return RegistrarBinding{}, err
	}
	kam, by := s.SIP.Kamailio, "admin "+actor.Admin.UserID
	out := RegistrarBinding{StoreID: store}
	b, err := kam.Binding(ctx)
	switch {
	case errors.Is(err, kamailio.ErrUnbound) && replace != "":
		return out, careInvalid("the registrar database is not bound to any sipdesk store: run admin provisioning bind without --replace")
	case errors.Is(err, kamailio.ErrUnbound):
		if b, err = kam.Bind(ctx, store, by); err != nil {
			return out, err
		}
		if b.StoreID != store {
			return out, &careError{kind: ErrCareRefused, msg: (&kamailio.OtherStoreError{Bound: b, Store: store}).Error()}
		}
	case err != nil:
		if kamailio.IsRefusal(err) {
			return out, &careError{kind: ErrCareRefused, msg: err.Error()}
		}
		return out, err
	case b.StoreID == store:
		return out, nil
	case replace != b.StoreID:
		msg := (&kamailio.OtherStoreError{Bound: b, Store: store}).Error()
		if replace != "" {
			msg = fmt.Sprintf("the registrar database is bound to sipdesk store %s, not to %s: nothing was changed", b.StoreID, replace)
		}
		return out, &careError{kind: ErrCareRefused, msg: msg}
	default:
		if _, err := kam.Rebind(ctx, replace, store, by); err != nil {
			if kamailio.IsRefusal(err) {
				return out, &careError{kind: ErrCareRefused, msg: err.Error()}
			}
			return out, err
		}
		out.Replaced = replace
	}
	out.Changed = true
	s.provisioningQueued() // this replica's worker attaches at once
	detail := "registrar database bound to store " + store
	if out.Replaced != "" {
		detail += ", replacing store " + out.Replaced
	}
	s.Log.Warn("provisioning: "+detail, "by", by)
	return out, s.careAudit(ctx, s.DB, actor, 0, "provisioning.bind", detail)
}

// ParseSIPRealms reads --sip-realm settings, REGION=DOMAIN (ch or at),
// over DefaultConfig's realms; a region given twice is an error.
func ParseSIPRealms(items []string) (map[string]string, error) {
	out := DefaultConfig().SIPRealms
	seen := map[string]bool{}
	for _, it := range items {
		region, domain, ok := strings.Cut(it, "=")
		region, domain = strings.ToUpper(strings.TrimSpace(region)), strings.ToLower(strings.TrimSpace(domain))
		if !ok || (region != RegionCH && region != RegionAT) {
			return nil, fmt.Errorf("--sip-realm %q: want ch=DOMAIN or at=DOMAIN", it)
		}
		if domain == "" || len(domain) > 64 || strings.ContainsAny(domain, " \t:;@\"<>/") || strings.ContainsFunc(domain, isControl) {
			return nil, fmt.Errorf("--sip-realm %q: the domain must be a host name such as sip.example.ch (at most 64 characters)", it)
		}
		if seen[region] {
			return nil, fmt.Errorf("--sip-realm: region %s given twice", strings.ToLower(region))
		}
		seen[region], out[region] = true, domain
	}
	return out, nil
}
