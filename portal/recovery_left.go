package portal

import (
	"context"
	"fmt"

	"github.com/sipdesk/sipdesk/db"
)

// RecoveryCodesLeft counts the account's unused recovery codes, for the
// faces (the Account page) that must not read the store themselves.
func (s *Service) RecoveryCodesLeft(ctx context.Context, accountID int64) (int, error) {
	n, err := db.RecoveryCodesLeft(ctx, s.DB, accountID)
	if err != nil {
		return 0, fmt.Errorf("count recovery codes: %w", err)
	}
	return n, nil
}
