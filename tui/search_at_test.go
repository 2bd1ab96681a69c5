package tui

import (
	"context"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// An AT customer's search takes numbers the Austrian way: 01 2345678,
// 0043 1 2345678, +43 1 234 56 78 (issue 14).
func TestSearchTakesAustrianNumbersAsCustomersWriteThem(t *testing.T) {
	t.Parallel()
	c := testCommon(t)
	ctx := context.Background()
	anna, err := c.Svc.CreateAccount(ctx, c.Svc.DB, portal.NewAccountRequest{Email: "anna@example.at", Region: "AT", Password: "Anna-pass-2026"})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []struct{ e164, label string }{{"+4312345678", "Büro Wien"}, {"+43662123456", "Salzburg"}, {"+4312345600", "Empfang"}} {
		if _, err := c.Svc.AddNumber(ctx, c.Svc.DB, anna.ID, n.e164, portal.ProductPBX, "", n.label); err != nil {
			t.Fatal(err)
		}
	}
	if c.Account, err = db.AccountByID(ctx, c.Svc.DB, anna.ID); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"01 2345678", "0043 1 2345678", "004312345678", "+43 1 234 56 78"} {
		app := newQuickApp(c)
		run(t, app, app.Init()(), tea.WindowSizeMsg{Width: 80, Height: 24})
		run(t, app, keys2("2/"+q)...)
		wantIn(t, app.View(), "1 of 3", "+43 1 234 56 78", "Büro Wien")
		wantNotIn(t, app.View(), "Salzburg", "Empfang")
	}
}
