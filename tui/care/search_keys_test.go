package care

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
)

// The search result moves on the list keys of the customer portal (j/k,
// g/G, home/end, pgup/pgdn), the selection stays on screen, and the
// position line says where.
func TestSearchListTakesTheListKeys(t *testing.T) {
	t.Parallel()
	f := newFixture(t, dbtest.SQLite(t))
	for i := range 20 {
		if _, err := f.svc.CreateAccount(context.Background(), f.svc.DB, portal.NewAccountRequest{
			Email: fmt.Sprintf("c%02d@example.ch", i), Region: "CH", Role: portal.RoleCustomer}); err != nil {
			t.Fatal(err)
		}
	}
	a := f.app(t, 80, 24, false)
	press(t, a, "\r") // run the empty search: every account, the list has the keys
	const total = 23
	selected := regexp.MustCompile(`▸ (\S+)`)
	position := regexp.MustCompile(`(\d+)-(\d+) of 23`)
	// rows are the user IDs in list order, read by walking down with j.
	var rows []string
	for range total {
		m := selected.FindStringSubmatch(a.View())
		if m == nil {
			t.Fatalf("no row selected:\n%s", a.View())
		}
		rows = append(rows, m[1])
		press(t, a, "j")
	}
	if rows[total-1] == rows[0] || rows[total-1] == rows[total-2] {
		t.Fatalf("j does not move down the list: %q", rows)
	}
	keys := []struct {
		name string
		key  tea.KeyMsg
		row  int
	}{
		{"g", runes("g"), 0},
		{"G", runes("G"), total - 1},
		{"k", runes("k"), total - 2},
		{"home", tea.KeyMsg{Type: tea.KeyHome}, 0},
		{"pgdn", tea.KeyMsg{Type: tea.KeyPgDown}, -1}, // a page down: past the first screen
		{"end", tea.KeyMsg{Type: tea.KeyEnd}, total - 1},
		{"pgup", tea.KeyMsg{Type: tea.KeyPgUp}, -1},
		{"up", tea.KeyMsg{Type: tea.KeyUp}, -1},
	}
	for _, k := range keys {
		before := selected.FindStringSubmatch(a.View())[1]
		run(t, a, k.key)
		v := a.View()
		m := selected.FindStringSubmatch(v)
		if m == nil {
			t.Fatalf("%s: the selected row is not on screen:\n%s", k.name, v)
		}
		if k.row >= 0 && m[1] != rows[k.row] {
			t.Errorf("%s: selected %s, want %s (row %d)", k.name, m[1], rows[k.row], k.row+1)
		}
		if k.row < 0 && m[1] == before {
			t.Errorf("%s: the selection stayed on %s", k.name, before)
		}
		if !position.MatchString(v) {
			t.Errorf("%s: no position line:\n%s", k.name, v)
		}
		if k.name == "G" && !strings.Contains(v, "-23 of 23") {
			t.Errorf("G: the position line does not end at the last row:\n%s", v)
		}
	}
}

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }
