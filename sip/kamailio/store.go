package kamailio

import (
	"context"
	"crypto/md5"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq" // Kamailio's database is Postgres (db_postgres)
)

// Store is Kamailio's database.
type Store struct {
	DB *sqlx.DB
	// Zone is the time zone Kamailio runs in (--kamailio-time-zone): it
	// writes location.expires as a timestamp without zone in its local
	// time. Nil: this process's zone (time.Local).
	Zone *time.Location
}

// ErrBadURL is a --kamailio-database-url that is not a Postgres URL.
var ErrBadURL = errors.New("--kamailio-database-url: use postgres://USER:PASSWORD@HOST/DATABASE (or postgresql://...)")

// Connect makes the connection pool of Kamailio's Postgres database, e.g.
// postgres://sipdesk@db/kamailio?sslmode=disable, without connecting yet:
// a URL in another form or one that does not parse is an error now, while
// whether the database answers shows at its first use (a registrar
// database down for maintenance must not keep the portal from starting).
func Connect(url string) (*Store, error) {
	if !strings.HasPrefix(url, "postgres://") && !strings.HasPrefix(url, "postgresql://") {
		return nil, ErrBadURL
	}
	c, err := pq.NewConnector(url)
	if err != nil {
		return nil, fmt.Errorf("--kamailio-database-url: %w", redact(err, url))
	}
	return &Store{DB: sqlx.NewDb(sql.OpenDB(c), "postgres")}, nil
}

// Open is Connect and a first connection within ctx.
func Open(ctx context.Context, url string) (*Store, error) {
	st, err := Connect(url)
	if err != nil {
		return nil, err
	}
	if err := st.Ping(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// Ping connects (or reuses a connection) and says why it cannot.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.DB.PingContext(ctx); err != nil {
		return fmt.Errorf("connect to Kamailio database: %w", err)
	}
	return nil
}

// redact keeps the URL, and the password in it, out of an error that
// quotes it (a URL that does not parse does), since start-up errors are
// logged.
func redact(err error, url string) error {
	if url == "" || !strings.Contains(err.Error(), url) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), url, "<--kamailio-database-url>"))
}

// Close closes the connection pool.
func (s *Store) Close() error { return s.DB.Close() }

// Subscriber is one row of Kamailio's subscriber table as sipdesk writes it.
type Subscriber struct {
	Username string `db:"username" json:"username"`
	Domain   string `db:"domain" json:"realm"`
	HA1      string `db:"ha1" json:"-"`
	HA1B     string `db:"ha1b" json:"-"`
}

// NewSubscriber derives the row of a SIP username in a realm from its VoIP
// password: HA1 = MD5(username:realm:password) as RFC 2617 defines it, and
// HA1B = MD5(username@realm:realm:password) for devices that send the
// user's full address as the digest username.
func NewSubscriber(username, realm, password string) Subscriber {
	return Subscriber{Username: username, Domain: realm,
		HA1:  md5hex(username + ":" + realm + ":" + password),
		HA1B: md5hex(username + "@" + realm + ":" + realm + ":" + password)}
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s)) // #nosec: MD5 is what SIP digest authentication is defined with
	return hex.EncodeToString(sum[:])
}

// Subscribers lists every row, by username and domain.
func (s *Store) Subscribers(ctx context.Context) ([]Subscriber, error) {
	var out []Subscriber
	err := s.DB.SelectContext(ctx, &out, `SELECT username, domain, ha1, ha1b FROM subscriber ORDER BY username, domain`)
	if err != nil {
		return nil, fmt.Errorf("list Kamailio subscribers: %w", err)
	}
	return out, nil
}

// Put makes sub the only row of its username: it inserts or updates the
// row of its realm and removes rows of the same username in other realms
// (the account moved region). A username whose row moved or changed keeps
// its registrations: a new password is checked at the device's next
// REGISTER, which is when the old one stops working. It writes only for
// the store that provisions the database (see Binding): for another it
// changes nothing and returns an OtherStoreError.
func (s *Store) Put(ctx context.Context, store string, sub Subscriber) error {
	tx, err := s.DB.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("put subscriber %s: %w", sub.Username, err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if err := checkBinding(ctx, tx, store); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM subscriber WHERE username = $1 AND domain <> $2`, sub.Username, sub.Domain); err != nil {
		return fmt.Errorf("put subscriber %s: %w", sub.Username, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO subscriber (username, domain, password, ha1, ha1b)
		VALUES ($1, $2, '', $3, $4) ON CONFLICT (username, domain) DO UPDATE
		SET password = '', ha1 = excluded.ha1, ha1b = excluded.ha1b`, sub.Username, sub.Domain, sub.HA1, sub.HA1B); err != nil {
		return fmt.Errorf("put subscriber %s: %w", sub.Username, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("put subscriber %s: %w", sub.Username, err)
	}
	return nil
}

// Remove deletes the username's subscriber rows and its registrations
// (location rows, in every domain), so a removed number stops receiving
// calls at once: with usrloc db_mode 3 the registrar reads only the table.
// It reports how many rows of each it deleted; removing what is not there
// is no error. Like Put, it deletes only for the store that provisions
// the database.
func (s *Store) Remove(ctx context.Context, store, username string) (subscribers, locations int64, err error) {
	tx, err := s.DB.BeginTxx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("remove subscriber %s: %w", username, err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	if err := checkBinding(ctx, tx, store); err != nil {
		return 0, 0, err
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM subscriber WHERE username = $1`, username)
	if err != nil {
		return 0, 0, fmt.Errorf("remove subscriber %s: %w", username, err)
	}
	subscribers, _ = res.RowsAffected()
	if res, err = tx.ExecContext(ctx, `DELETE FROM location WHERE username = $1`, username); err != nil {
		return 0, 0, fmt.Errorf("remove registrations of %s: %w", username, err)
	}
	locations, _ = res.RowsAffected()
	if err := tx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("remove subscriber %s: %w", username, err)
	}
	return subscribers, locations, nil
}
