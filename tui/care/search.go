package care

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/tui"
)

// searchLimit bounds one search's rows, as `admin customer list` does by
// default.
const searchLimit = 100

// maxQueryLen bounds what the search field takes.
const maxQueryLen = 100

// regions the r key cycles through; "" is both portals.
var regions = []string{"", portal.RegionCH, portal.RegionAT}

// searchState is the customer search: a query, a region filter and the
// matching accounts.
type searchState struct {
	query   textinput.Model
	typing  bool
	region  int // index into regions
	rows    []portal.AccountSummary
	list    tui.ListNav
	err     string
	seq     int // the newest search; older results are dropped
	loading bool
}

func newSearchState(s tui.Styles) searchState {
	in := tui.NewLineInput(s, maxQueryLen)
	return searchState{query: in, typing: true}
}

// searchResultMsg carries the accounts of search seq.
type searchResultMsg struct {
	seq  int
	rows []portal.AccountSummary
	err  error
}

func (s *searchState) take(m searchResultMsg) {
	if m.seq != s.seq {
		return
	}
	s.loading = false
	s.err = ""
	if m.err != nil {
		s.rows = nil
		s.err = "search failed: " + m.err.Error()
	} else {
		s.rows = m.rows
	}
	s.list.SetLen(len(s.rows))
}

// runSearch asks the portal for the accounts that match, as `admin
// customer list --query TEXT --region R` does.
func (a *App) runSearch() tea.Cmd {
	a.search.seq++
	a.search.loading = true
	seq, q, region := a.search.seq, strings.TrimSpace(a.search.query.Value()), regions[a.search.region]
	ctx, svc := a.c.Ctx, a.c.Svc
	return func() tea.Msg {
		rows, err := svc.ListAccounts(ctx, q, region, searchLimit)
		return searchResultMsg{seq: seq, rows: rows, err: err}
	}
}

func (a *App) updateSearch(km tea.KeyMsg) tea.Cmd {
	s := &a.search
	if s.typing {
		switch {
		case key.Matches(km, searchKeys.Run):
			s.typing = false
			s.query.Blur()
			return a.runSearch()
		case key.Matches(km, searchKeys.DoneTyping):
			s.typing = false
			s.query.Blur()
			return nil
		}
		var cmd tea.Cmd
		s.query, cmd = s.query.Update(km)
		return cmd
	}
	switch {
	case key.Matches(km, searchKeys.Edit):
		s.typing = true
		return s.query.Focus()
	case key.Matches(km, searchKeys.Region):
		s.region = (s.region + 1) % len(regions)
		return a.runSearch()
	case key.Matches(km, searchKeys.Open):
		if len(s.rows) == 0 {
			return nil
		}
		return a.open(s.rows[s.list.Cursor()].UserID)
	}
	s.list.Update(km, false)
	return nil
}

// searchView is the query, the region filter and the result table.
func (a *App) searchView(width, height int) string {
	s, st := &a.search, a.c.Styles
	var b strings.Builder
	b.WriteString(st.Title.UnsetMarginBottom().Render("Customers") + "\n")
	region := regions[s.region]
	if region == "" {
		region = "CH+AT"
	}
	b.WriteString(tui.Marker(s.typing) + "Search " + s.query.View() + "\n")
	b.WriteString("  Portal " + region + st.Muted.Render(cut("  (r)  the search matches user ID, email or name", width-9-len(region))) + "\n\n")
	switch {
	case s.err != "":
		b.WriteString(st.Error.Render(cut(s.err, width)) + "\n")
		return b.String()
	case len(s.rows) == 0 && s.loading:
		b.WriteString(st.Muted.Render("Searching…") + "\n")
		return b.String()
	case len(s.rows) == 0:
		b.WriteString(st.Muted.Render("No customer matches.") + "\n")
		return b.String()
	}
	// Columns: user ID, name (when there is room), portal, state.
	stateW, regionW := 12, 7
	room := width - 2 - regionW - stateW
	idW := min(max(room*3/5, 10), 36)
	nameW := min(room-idW-2, 40)
	showName := nameW >= 8
	if !showName {
		idW = room - 1
	}
	row := func(id, name, region, state string) string {
		line := pad(id, idW) + " "
		if showName {
			line += pad(name, nameW) + " "
		}
		return line + pad(region, regionW) + pad(state, stateW)
	}
	b.WriteString(st.Muted.Render("  "+row("USER ID", "NAME", "PORTAL", "STATE")) + "\n")
	s.list.SetHeight(max(height-7, 1))
	from, to := s.list.Visible()
	for i := from; i < to; i++ {
		r := s.rows[i]
		line := row(r.UserID, r.Name, r.Region, summaryState(r))
		sel := i == s.list.Cursor() && !s.typing
		if sel {
			line = st.Selected.Render(line)
		}
		b.WriteString(tui.Marker(sel) + line + "\n")
	}
	if p := s.list.Position(); p != "" {
		b.WriteString(st.Muted.Render("  "+p) + "\n")
	} else if len(s.rows) == searchLimit {
		b.WriteString(st.Muted.Render(fmt.Sprintf("  the first %d; narrow the search", searchLimit)) + "\n")
	}
	return b.String()
}

// summaryState is a short state for the list: disabled, admin, 2FA.
func summaryState(r portal.AccountSummary) string {
	var parts []string
	switch {
	case r.Disabled:
		parts = append(parts, "disabled")
	case r.Role == portal.RoleAdmin:
		parts = append(parts, "admin")
	case !r.PasswordSet:
		parts = append(parts, "new")
	}
	if r.TwoFactor {
		parts = append(parts, "2FA")
	}
	return strings.Join(parts, " ")
}
