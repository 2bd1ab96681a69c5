package provision

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/sip/kamailio"
)

// Report is what a sync found: usernames (user@realm) whose row was
// missing, is extra (no such SIP account in sipdesk) or stale (a
// different HA1, i.e. an old password), each a list even when empty.
// Fixed is false on a dry run.
type Report struct {
	Missing []string `json:"missing"`
	Extra   []string `json:"extra"`
	Stale   []string `json:"stale"`
	// InSync counts rows that were already right.
	InSync int  `json:"in_sync"`
	Fixed  bool `json:"fixed"`
	// FailedResolved counts failed events marked done by the sync.
	FailedResolved int64 `json:"failed_resolved"`
	// StoreID is this store's identity; BoundStoreID the one the
	// registrar database is bound to ("" when none yet). A repair is
	// refused unless they are equal, a dry run compares either way.
	StoreID      string `json:"store_id"`
	BoundStoreID string `json:"bound_store_id"`
}

// Reconcile compares the whole subscriber table with the truth and,
// unless dryRun, makes it equal: missing and stale rows are written,
// extra ones removed with their registrations. After a full repair the
// failed events are marked done, since what they were about is now true.
// A repair needs the registrar database bound to this store (else a
// refusal, kamailio.IsRefusal, and nothing changed); a dry run does not.
func (w *Worker) Reconcile(ctx context.Context, dryRun bool) (Report, error) {
	return w.reconcile(ctx, dryRun, "provisioning: sync")
}

// reconcile is Reconcile, logged as what (a sync or the start-up sync).
func (w *Worker) reconcile(ctx context.Context, dryRun bool, what string) (Report, error) {
	store, err := w.Truth.StoreID(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("sync: %w", err)
	}
	bound, err := w.Registrar.Binding(ctx)
	switch {
	case err == nil:
	case !kamailio.IsRefusal(err):
		return Report{}, fmt.Errorf("sync: %w", err)
	case !dryRun:
		return Report{}, err
	}
	if !dryRun && bound.StoreID != store {
		return Report{}, &kamailio.OtherStoreError{Bound: bound, Store: store}
	}
	want, err := w.Truth.SIPSubscribers(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("sync: read sipdesk's SIP accounts: %w", err)
	}
	have, err := w.Registrar.Subscribers(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("sync: %w", err)
	}
	type key struct{ user, domain string }
	haveBy := map[key]kamailio.Subscriber{}
	for _, h := range have {
		haveBy[key{h.Username, h.Domain}] = h
	}
	wantUser := map[string]kamailio.Subscriber{}
	// Empty lists, not nil: --json gives scripts [] rather than null.
	rep := Report{Missing: []string{}, Extra: []string{}, Stale: []string{}, StoreID: store, BoundStoreID: bound.StoreID}
	var put []kamailio.Subscriber
	putting := map[string]bool{}
	for _, s := range want {
		wantUser[s.Username] = s
		h, ok := haveBy[key{s.Username, s.Domain}]
		delete(haveBy, key{s.Username, s.Domain})
		switch {
		case !ok:
			rep.Missing = append(rep.Missing, s.Username+"@"+s.Domain)
			put, putting[s.Username] = append(put, s), true
		case h.HA1 != s.HA1 || h.HA1B != s.HA1B:
			rep.Stale = append(rep.Stale, s.Username+"@"+s.Domain)
			put, putting[s.Username] = append(put, s), true
		default:
			rep.InSync++
		}
	}
	var remove []string
	removing := map[string]bool{}
	for _, h := range have {
		if _, extra := haveBy[key{h.Username, h.Domain}]; !extra {
			continue
		}
		rep.Extra = append(rep.Extra, h.Username+"@"+h.Domain)
		// A wanted username's row in another realm goes when Put
		// writes the right one; usernames sipdesk does not know lose
		// everything, registrations included.
		if s, ok := wantUser[h.Username]; ok {
			if !putting[h.Username] {
				put, putting[h.Username] = append(put, s), true
			}
		} else if !removing[h.Username] {
			removing[h.Username] = true
			remove = append(remove, h.Username)
		}
	}
	if dryRun {
		return rep, nil
	}
	for _, s := range put {
		if err := w.Registrar.Put(ctx, store, s); err != nil {
			return rep, fmt.Errorf("sync: %w", err)
		}
	}
	for _, u := range remove {
		if _, _, err := w.Registrar.Remove(ctx, store, u); err != nil {
			return rep, fmt.Errorf("sync: %w", err)
		}
	}
	rep.Fixed = true
	if rep.FailedResolved, err = db.ResolveFailedProvisioning(ctx, w.DB, w.now()); err != nil {
		return rep, fmt.Errorf("sync: mark failed events resolved: %w", err)
	}
	// Deleting rows (and the registrations of unknown usernames) and
	// overwriting HA1s is worth an operator's look: either someone edited
	// the registrar by hand, or events were lost.
	level := slog.LevelInfo
	msg := what + " found the registrar in sync"
	if len(rep.Extra)+len(rep.Stale) > 0 {
		level, msg = slog.LevelWarn, what+" deleted or overwrote registrar rows"
	} else if len(rep.Missing) > 0 {
		msg = what + " added missing registrar rows"
	}
	w.log().Log(ctx, level, msg, "missing", len(rep.Missing), "extra", len(rep.Extra), "stale", len(rep.Stale),
		"in_sync", rep.InSync, "failed_resolved", rep.FailedResolved)
	return rep, nil
}
