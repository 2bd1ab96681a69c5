package db

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// sqlxGet, sqlxSelect and execOne rebind a '?' query for the handler's
// dialect, so each query is written once for both stores.
func sqlxGet(ctx context.Context, h Handler, dest any, q string, args ...any) error {
	return countError(WrapError(sqlx.GetContext(ctx, h, dest, h.Rebind(q), args...)))
}

func sqlxSelect(ctx context.Context, h Handler, dest any, q string, args ...any) error {
	return countError(WrapError(sqlx.SelectContext(ctx, h, dest, h.Rebind(q), args...)))
}

func exec(ctx context.Context, h Handler, q string, args ...any) (int64, error) {
	res, err := h.ExecContext(ctx, h.Rebind(q), args...)
	if err != nil {
		return 0, countError(WrapError(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("rows affected: %w", err)
	}
	return n, nil
}

// execOne runs a statement that must change exactly one row; none is ErrNotFound.
func execOne(ctx context.Context, h Handler, q string, args ...any) error {
	n, err := exec(ctx, h, q, args...)
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}
