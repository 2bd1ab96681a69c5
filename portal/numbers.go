package portal

import (
	"context"
	"crypto/rand"
	"math/big"
	"strings"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/safetext"
)

// NumberView is a phone number as the portal shows it.
type NumberView struct {
	E164      string  `json:"number"`
	Formatted string  `json:"formatted"`
	Product   Product `json:"product"`
	Label     string  `json:"label"`
	Status    string  `json:"status"`
	TrunkE164 string  `json:"trunk,omitempty"` // main number, for trunk participants
}

// ProductLabel is the product's display name.
func (n NumberView) ProductLabel() string { return n.Product.Label() }

func numberView(n db.Number) NumberView {
	return NumberView{
		E164: n.E164, Formatted: FormatNumber(n.E164), Product: Product(n.Product),
		Label: safetext.Escape(n.Label), Status: n.Status, TrunkE164: n.TrunkE164.String,
	}
}

// Numbers lists the account's phone numbers.
func (s *Service) Numbers(ctx context.Context, accountID int64) ([]NumberView, error) {
	rows, err := db.NumbersOfAccount(ctx, s.DB, accountID)
	if err != nil {
		return nil, err
	}
	out := make([]NumberView, len(rows))
	for i, r := range rows {
		out[i] = numberView(r)
	}
	return out, nil
}

// voipAlphabet is letters and digits only: every SIP device and provisioning
// format accepts them without escaping.
const voipAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"

// VoIPPasswordLength gives about 140 bits with voipAlphabet.
const VoIPPasswordLength = 24

// NewVoIPPassword returns a fresh random VoIP password.
func NewVoIPPassword() string {
	var b strings.Builder
	max := big.NewInt(int64(len(voipAlphabet)))
	for range VoIPPasswordLength {
		i, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic("crypto/rand failed: " + err.Error())
		}
		b.WriteByte(voipAlphabet[i.Int64()])
	}
	return b.String()
}

// sipUsername derives the SIP user name from the number: its digits.
func sipUsername(e164 string) string { return strings.TrimPrefix(e164, "+") }

// ConfirmationDigits are the last four digits of a number. A customer types
// them to confirm a change that breaks the number's devices (a new VoIP
// password): typing them proves they looked at which number they change.
func ConfirmationDigits(e164 string) string {
	d := digitsOf(e164)
	return d[max(len(d)-4, 0):]
}

// ConfirmsNumber reports whether typed (spaces ignored) is exactly the
// number's confirmation digits.
func ConfirmsNumber(e164, typed string) bool {
	typed = strings.ReplaceAll(strings.TrimSpace(typed), " ", "")
	return len(typed) == 4 && typed == ConfirmationDigits(e164)
}

func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
