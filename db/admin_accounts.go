package db

import (
	"context"
	"strings"
)

// SearchAccounts lists accounts for customer care, ordered by user ID: those
// whose user ID, email address or name contains query (case-insensitive;
// empty matches all), in region when it is not empty. At most limit rows.
func SearchAccounts(ctx context.Context, h Handler, query, region string, limit int) ([]Account, error) {
	q := `SELECT ` + accountColumns + ` FROM accounts WHERE 1 = 1`
	var args []any
	if query = strings.ToLower(strings.TrimSpace(query)); query != "" {
		// The query is a literal, not a pattern: % and _ match themselves.
		like := "%" + escapeLike(query) + "%"
		q += ` AND (LOWER(user_id) LIKE ? ESCAPE '\' OR LOWER(email) LIKE ? ESCAPE '\' OR LOWER(name) LIKE ? ESCAPE '\')`
		args = append(args, like, like, like)
	}
	if region != "" {
		q += ` AND region = ?`
		args = append(args, region)
	}
	q += ` ORDER BY user_id LIMIT ?`
	args = append(args, limit)
	var out []Account
	err := sqlxSelect(ctx, h, &out, q, args...)
	return out, err
}

// AccountsByEmail lists the accounts whose stored address is email
// (case-insensitive), ordered by user ID.
func AccountsByEmail(ctx context.Context, h Handler, email string) ([]Account, error) {
	var out []Account
	err := sqlxSelect(ctx, h, &out, `SELECT `+accountColumns+` FROM accounts WHERE LOWER(email) = ? ORDER BY user_id`,
		strings.ToLower(strings.TrimSpace(email)))
	return out, err
}

// escapeLike escapes LIKE's wildcards and the escape character itself.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
