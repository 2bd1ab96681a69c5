package provision_test

import (
	"context"
	"testing"

	"github.com/sipdesk/sipdesk/portal"
)

// BenchmarkCardRegistrationStatus is what an open SIP-Credentials card
// costs every 5 seconds: one RegistrationStatus (sipdesk's store for the
// number, Kamailio's location table for its contacts) with one device
// registered at the real registrar.
//
//	go test -run '^$' -bench CardRegistrationStatus ./sip/provision/
func BenchmarkCardRegistrationStatus(b *testing.B) {
	p := setup(b)
	ctx := context.Background()
	p.assign(b, pbx, portal.ProductPBX)
	drain(b, p.worker)
	c := p.credentials(b, pbx)
	if err := p.register(b, c.Username, c.Password); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		st, err := p.svc.RegistrationStatus(ctx, p.alice.ID, pbx)
		if err != nil || !st.Registered {
			b.Fatalf("%+v %v", st, err)
		}
	}
}
