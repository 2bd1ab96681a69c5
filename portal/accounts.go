package portal

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"net/mail"
	"strings"

	"github.com/sipdesk/sipdesk/db"
)

// Regions are the two portals.
const (
	RegionCH = "CH"
	RegionAT = "AT"
)

// Roles of an account.
const (
	RoleCustomer = "customer"
	RoleAdmin    = "admin"
)

// Account loads an account by ID.
func (s *Service) Account(ctx context.Context, id int64) (db.Account, error) {
	return db.AccountByID(ctx, s.DB, id)
}

// NewAccountRequest describes an account to create.
type NewAccountRequest struct {
	UserID   string // defaults to the email address
	Email    string
	Name     string
	Region   string
	Role     string
	Password string // optional; must meet the policy
}

// CreateAccount validates and inserts an account and returns it.
func (s *Service) CreateAccount(ctx context.Context, h db.Handler, r NewAccountRequest) (db.Account, error) {
	addr, err := mail.ParseAddress(strings.TrimSpace(r.Email))
	if err != nil || addr.Name != "" {
		return db.Account{}, fmt.Errorf("%q is not an email address", r.Email)
	}
	email := strings.ToLower(addr.Address)
	userID := NormalizeUserID(r.UserID)
	if userID == "" {
		userID = email
	}
	if IsOldCustomerNumber(userID) {
		return db.Account{}, errors.New("a user ID of 4 or 5 digits is an old customer number; use the email address")
	}
	region := strings.ToUpper(r.Region)
	if region != RegionCH && region != RegionAT {
		return db.Account{}, fmt.Errorf("region must be CH or AT, not %q", r.Region)
	}
	role := r.Role
	if role == "" {
		role = RoleCustomer
	}
	var hash string
	if r.Password != "" {
		if err := ValidatePassword(r.Password); err != nil {
			return db.Account{}, err
		}
		if hash, err = s.Hasher.Hash(ctx, r.Password); err != nil {
			return db.Account{}, err
		}
	}
	id, err := db.CreateAccount(ctx, h, db.NewAccount{
		UserID: userID, Email: email, Name: r.Name, Region: region, Role: role, PasswordHash: hash,
	}, s.now())
	if errors.Is(err, db.ErrDuplicate) {
		return db.Account{}, &duplicateError{fmt.Sprintf("an account with user ID %s already exists", userID)}
	}
	if err != nil {
		return db.Account{}, err
	}
	return db.AccountByID(ctx, h, id)
}

// AddNumber gives an account a phone number; PBX and trunk numbers get SIP
// credentials with a fresh VoIP password.
func (s *Service) AddNumber(ctx context.Context, h db.Handler, accountID int64, number string, product Product, trunk, label string) (NumberView, error) {
	e164, err := NormalizeE164(number)
	if err != nil {
		return NumberView{}, err
	}
	var trunkID int64
	if product == ProductTrunkParticipant {
		if trunk == "" {
			return NumberView{}, errors.New("a trunk participant needs the trunk's main number (--trunk)")
		}
		t, err := s.trunkOf(ctx, h, accountID, trunk)
		if err != nil {
			return NumberView{}, err
		}
		trunkID = t.ID
	}
	id, err := db.AddNumber(ctx, h, db.NewNumber{AccountID: accountID, E164: e164, Product: string(product), TrunkID: trunkID, Label: label}, s.now())
	if errors.Is(err, db.ErrDuplicate) {
		return NumberView{}, &duplicateError{fmt.Sprintf("the number %s is already assigned", FormatNumber(e164))}
	}
	if err != nil {
		return NumberView{}, err
	}
	if product.HasSIPCredentials() {
		if err := db.PutSIPCredential(ctx, h, db.SIPCredential{
			NumberID: id, SIPUsername: sipUsername(e164),
			VoIPPasswordEnc: s.Box.Seal([]byte(NewVoIPPassword()), voipLabel(id)), ChangedAt: s.now(),
		}); err != nil {
			return NumberView{}, err
		}
	}
	n, err := db.NumberByE164(ctx, h, e164)
	return numberView(n), err
}

func (s *Service) trunkOf(ctx context.Context, h db.Handler, accountID int64, trunk string) (db.Number, error) {
	e164, err := NormalizeE164(trunk)
	if err != nil {
		return db.Number{}, err
	}
	t, err := db.NumberOfAccount(ctx, h, accountID, e164)
	if err != nil || Product(t.Product) != ProductTrunk {
		return db.Number{}, fmt.Errorf("%s is not a SIP trunk number of this account", FormatNumber(e164))
	}
	return t, nil
}

// GeneratePassword returns a random login password that meets the policy
// (for the demo account).
func GeneratePassword() string {
	const lower, upper, digits = "abcdefghijkmnopqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789"
	const specials = "-!@%?_." // nothing that log formats quote
	pick := func(set string) byte {
		i, err := rand.Int(rand.Reader, big.NewInt(int64(len(set))))
		if err != nil {
			panic("crypto/rand failed: " + err.Error())
		}
		return set[i.Int64()]
	}
	b := []byte{pick(upper), pick(lower), pick(digits), pick(specials)}
	all := lower + upper + digits
	for len(b) < 16 {
		b = append(b, pick(all))
	}
	// Shuffle so the classes are not always at the front.
	for i := len(b) - 1; i > 0; i-- {
		j, _ := rand.Int(rand.Reader, big.NewInt(int64(i+1)))
		b[i], b[j.Int64()] = b[j.Int64()], b[i]
	}
	return string(b)
}

// DemoAccount is the seed of a new, empty store.
type DemoAccount struct {
	Email    string
	Password string
	Numbers  []NumberView
}

// SeedDemo creates a demo customer with a virtual PBX and a Microsoft Teams
// number, only when the store has no account at all. ok is false when the
// store already had accounts.
func (s *Service) SeedDemo(ctx context.Context) (demo DemoAccount, ok bool, err error) {
	err = s.DB.Tx(ctx, func(tx db.Tx) error {
		n, err := db.CountAccounts(ctx, tx)
		if err != nil || n > 0 {
			return err
		}
		demo = DemoAccount{Email: "demo@example.ch", Password: GeneratePassword()}
		acct, err := s.CreateAccount(ctx, tx, NewAccountRequest{
			Email: demo.Email, Name: "Demo Customer", Region: RegionCH, Password: demo.Password,
		})
		if err != nil {
			return err
		}
		for _, n := range []struct {
			number  string
			product Product
			label   string
		}{{"+41441234567", ProductPBX, "Office Zurich"}, {"+41445550199", ProductTeams, "Teams reception"}} {
			v, err := s.AddNumber(ctx, tx, acct.ID, n.number, n.product, "", n.label)
			if err != nil {
				return err
			}
			demo.Numbers = append(demo.Numbers, v)
		}
		ok = true
		return s.audit(ctx, tx, db.Account{UserID: "system"}, acct.ID, "account.create", detailDemoAccount, "")
	})
	return demo, ok, err
}

// duplicateError says what already exists; it matches db.ErrDuplicate, so
// a caller can tell a lost race (two admins adding the same number) from
// a store failure.
type duplicateError struct{ msg string }

func (e *duplicateError) Error() string { return e.msg }
func (e *duplicateError) Unwrap() error { return db.ErrDuplicate }
