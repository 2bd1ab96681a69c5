package server

import (
	"context"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// An AT customer types numbers the Austrian way in `credentials` and
// `voip-password`: 01 2345678, 0043 1 2345678, +43 1 234 56 78 (issue 14).
func TestCommandsTakeAustrianNumbersAsCustomersWriteThem(t *testing.T) {
	t.Parallel()
	p := startPortal(t, dbtest.SQLite(t), func(c *config.Config) { c.Listen = []string{"at=127.0.0.1:0"} })
	ctx := context.Background()
	anna, err := p.svc.CreateAccount(ctx, p.svc.DB, portal.NewAccountRequest{Email: "anna@example.at", Region: "AT", Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.AddNumber(ctx, p.svc.DB, anna.ID, "+4312345678", portal.ProductPBX, "", "Büro Wien"); err != nil {
		t.Fatal(err)
	}
	c := p.login(t, anna)
	for _, q := range []string{"01 2345678", "0043 1 2345678", "004312345678", "+43 1 234 56 78"} {
		out, errOut := wantExit(t, c, "credentials "+q, 0)
		if !strings.Contains(out, "4312345678") {
			t.Errorf("credentials %s:\n%s%s", q, out, errOut)
		}
	}
	old := p.voipPassword(t, "anna@example.at", "+4312345678")
	out, _ := wantExit(t, c, "voip-password 01 2345678 --new --yes", 0)
	fresh := p.voipPassword(t, "anna@example.at", "+4312345678")
	if fresh == old || !strings.Contains(out, "+43 1 234 56 78") || !strings.Contains(out, fresh) {
		t.Fatalf("voip-password 01 2345678:\n%s", out)
	}
	wantExit(t, c, "voip-password 0043 1 2345679 --new --yes", 3)
	wantExit(t, c, "credentials 044 123 45 67", 2, "write it as 01 234 56 78 or +43 1 234 56 78")
}
