package portal

import "fmt"

// Product is what a phone number is used with; it decides whether the
// number has SIP credentials (FAQ: "only displayed if the virtual pbx or sip
// trunk product is active").
type Product string

// The products of the FAQ, plus a number without SIP service.
const (
	ProductPBX              Product = "pbx"
	ProductTrunk            Product = "trunk"
	ProductTeams            Product = "teams"
	ProductTrunkParticipant Product = "trunk-participant"
	ProductNone             Product = "none"
)

// Products lists every product in display order.
var Products = []Product{ProductPBX, ProductTrunk, ProductTeams, ProductTrunkParticipant, ProductNone}

// ParseProduct accepts a product's key ("pbx", "trunk", ...).
func ParseProduct(s string) (Product, error) {
	for _, p := range Products {
		if string(p) == s {
			return p, nil
		}
	}
	return "", fmt.Errorf("unknown product %q: use pbx, trunk, teams, trunk-participant or none", s)
}

// Label is the product's name as customers know it.
func (p Product) Label() string {
	switch p {
	case ProductPBX:
		return "Virtual PBX"
	case ProductTrunk:
		return "SIP trunk"
	case ProductTeams:
		return "Microsoft Teams"
	case ProductTrunkParticipant:
		return "Trunk participant"
	case ProductNone:
		return "No SIP service"
	}
	return string(p)
}

// HasSIPCredentials reports whether numbers with this product get a
// SIP-Credentials card.
func (p Product) HasSIPCredentials() bool {
	return p == ProductPBX || p == ProductTrunk
}
