package kamailio

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// A registrar database is provisioned by one sipdesk store: the row of
// sipdesk's table sipdesk_provisioner (deploy/kamailio/sipdesk-provisioner.sql)
// names that store's identity, and every write to subscriber and location
// checks it in its own transaction (Put, Remove). A replica started
// against another store (a forgotten --database-url gives a fresh one with
// the demo customer) therefore never deletes or overwrites a row.

// Binding is the sipdesk store that provisions this registrar database.
type Binding struct {
	StoreID string    `db:"store_id" json:"store_id"`
	BoundAt time.Time `db:"bound_at" json:"bound_at"`
	BoundBy string    `db:"bound_by" json:"bound_by"`
}

// ErrUnbound is a registrar database that no sipdesk store provisions yet.
var ErrUnbound = errors.New("the registrar database is not bound to a sipdesk store yet")

// ErrNoBindingTable is a registrar database without sipdesk's table.
var ErrNoBindingTable = errors.New("the registrar database has no sipdesk_provisioner table: " +
	"create it with deploy/kamailio/sipdesk-provisioner.sql and grant it with deploy/kamailio/grants.sql (README, SIP platform)")

// OtherStoreError is a registrar database bound to another sipdesk store
// than the one that was to write to it.
type OtherStoreError struct {
	Bound Binding
	// Store is the identity of the store that was refused; "" when that
	// store has none yet (so it is not the bound one either).
	Store string
}

func (e *OtherStoreError) Error() string {
	this := "this store " + e.Store
	if e.Store == "" {
		this = "this store (which has no identity yet)"
	}
	return fmt.Sprintf("the registrar database is provisioned by sipdesk store %s (bound %s by %s), not by %s: "+
		"is --database-url (or --kamailio-database-url) the right one? Nothing was changed; "+
		"to make this store provision it from now on: admin provisioning bind --replace %s",
		e.Bound.StoreID, e.Bound.BoundAt.UTC().Format("2006-01-02 15:04 UTC"), e.Bound.BoundBy, this, e.Bound.StoreID)
}

// Binding reads which store provisions the database: ErrUnbound when none
// does yet, ErrNoBindingTable when sipdesk's table is missing.
func (s *Store) Binding(ctx context.Context) (Binding, error) {
	return readBinding(ctx, s.DB, "")
}

// Bind makes store the database's provisioner unless one is recorded
// already, and returns the binding that stands: the caller compares (two
// stores binding at once: the first wins).
func (s *Store) Bind(ctx context.Context, store, by string) (Binding, error) {
	if _, err := s.DB.ExecContext(ctx, `INSERT INTO sipdesk_provisioner (id, store_id, bound_at, bound_by)
		VALUES (1, $1, now(), $2) ON CONFLICT (id) DO NOTHING`, store, boundBy(by)); err != nil {
		return Binding{}, bindingError("bind the registrar database", err)
	}
	return s.Binding(ctx)
}

// Rebind moves the binding from the store from to the store to, but only
// while from is the bound one (an OtherStoreError otherwise, ErrUnbound
// when none is): the caller names what it replaces, so two re-bindings
// at once cannot both win.
func (s *Store) Rebind(ctx context.Context, from, to, by string) (Binding, error) {
	res, err := s.DB.ExecContext(ctx, `UPDATE sipdesk_provisioner SET store_id = $1, bound_at = now(), bound_by = $2
		WHERE id = 1 AND store_id = $3`, to, boundBy(by), from)
	if err != nil {
		return Binding{}, bindingError("re-bind the registrar database", err)
	}
	b, err := s.Binding(ctx)
	if err != nil {
		return b, err
	}
	if n, _ := res.RowsAffected(); n != 1 || b.StoreID != to {
		return b, &OtherStoreError{Bound: b, Store: from}
	}
	return b, nil
}

// maxBoundBy is the width of sipdesk_provisioner.bound_by.
const maxBoundBy = 255

// boundBy keeps who bound the database to the column's width (a replica
// name is the operator's choice), in whole characters.
func boundBy(by string) string {
	if r := []rune(by); len(r) > maxBoundBy {
		return string(r[:maxBoundBy])
	}
	return by
}

// checkBinding is the guard of every write: inside the write's own
// transaction it locks the binding (FOR SHARE: a re-binding waits until
// the write commits) and refuses unless store is the bound one.
func checkBinding(ctx context.Context, tx *sqlx.Tx, store string) error {
	b, err := readBinding(ctx, tx, " FOR SHARE")
	if err != nil {
		return err
	}
	if store == "" || b.StoreID != store {
		return &OtherStoreError{Bound: b, Store: store}
	}
	return nil
}

func readBinding(ctx context.Context, q sqlx.QueryerContext, lock string) (Binding, error) {
	var b Binding
	err := sqlx.GetContext(ctx, q, &b, `SELECT store_id, bound_at, bound_by FROM sipdesk_provisioner WHERE id = 1`+lock)
	if errors.Is(err, sql.ErrNoRows) {
		return Binding{}, ErrUnbound
	}
	if err != nil {
		return Binding{}, bindingError("read which sipdesk store provisions the registrar database", err)
	}
	return b, nil
}

// bindingError names a missing table or privilege with what fixes it.
func bindingError(what string, err error) error {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch pqErr.Code {
		case "42P01": // undefined_table
			return ErrNoBindingTable
		case "42501": // insufficient_privilege
			return fmt.Errorf("%s: %w (grant sipdesk's role SELECT, INSERT, UPDATE on sipdesk_provisioner: deploy/kamailio/grants.sql)", what, err)
		}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// IsRefusal reports whether err means that the store may not provision
// this registrar database now: it is bound to another store, to none yet,
// or has no sipdesk table. Nothing was written then.
func IsRefusal(err error) bool {
	var other *OtherStoreError
	return errors.As(err, &other) || errors.Is(err, ErrUnbound) || errors.Is(err, ErrNoBindingTable)
}
