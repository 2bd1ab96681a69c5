package db

import (
	"context"
	"errors"
)

// SealedSample is one encrypted value from the store and what it is bound
// to, for checking that the configured server key opens it.
type SealedSample struct {
	Kind   string // "totp", "voip" or "mail"
	ID     int64  // the account (totp) or number (voip) the ciphertext is bound to
	Ref    string // the Message-ID a mail body is bound to
	Sealed []byte
}

// SealedSamples returns at most one encrypted value of each kind the store
// holds: a TOTP secret, a VoIP password, a queued mail body.
func SealedSamples(ctx context.Context, h Handler) ([]SealedSample, error) {
	var out []SealedSample
	var row struct {
		ID     int64  `db:"id"`
		Sealed []byte `db:"sealed"`
	}
	for _, q := range []struct{ kind, query string }{
		{"totp", `SELECT id, totp_secret AS sealed FROM accounts WHERE totp_secret IS NOT NULL ORDER BY id LIMIT 1`},
		{"voip", `SELECT number_id AS id, voip_password AS sealed FROM sip_credentials ORDER BY number_id LIMIT 1`},
	} {
		err := sqlxGet(ctx, h, &row, q.query)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, SealedSample{Kind: q.kind, ID: row.ID, Sealed: row.Sealed})
	}
	var mail struct {
		MessageID string `db:"message_id"`
		Body      []byte `db:"body"`
	}
	err := sqlxGet(ctx, h, &mail, `SELECT message_id, body FROM mail_outbox ORDER BY id DESC LIMIT 1`)
	switch {
	case errors.Is(err, ErrNotFound):
	case err != nil:
		return nil, err
	default:
		out = append(out, SealedSample{Kind: "mail", Ref: mail.MessageID, Sealed: mail.Body})
	}
	return out, nil
}
