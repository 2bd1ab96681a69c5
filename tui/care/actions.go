package care

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/tui"
)

// actionKind is one of the everyday actions on a customer.
type actionKind int

const (
	actReset actionKind = iota
	actTwoFactor
	actUnlock
	actDisable
	actEnable
	actAddNumber
)

// action is an everyday action: its key, what it is called, and the form
// it asks for first (nil: it needs no input, only a yes).
type action struct {
	kind    actionKind
	title   string
	binding func(accountKeyMap) key.Binding
	form    func(tui.Styles) *tui.Form
	hint    string // what the form's fields take
}

// actions are the actions of the customer screen, in the order of its
// footer.
var actions = []action{
	{kind: actReset, title: "Send a password reset link", binding: func(k accountKeyMap) key.Binding { return k.Reset }},
	{kind: actTwoFactor, title: "Reset two-factor authentication", binding: func(k accountKeyMap) key.Binding { return k.TwoFactor },
		form: func(s tui.Styles) *tui.Form {
			return tui.NewForm("continue").Add("Request from", tui.NewLineInput(s, 254))
		},
		hint: "The email address the customer's request came from. Only the address stored in the account " +
			"is accepted (FAQ); any other is refused, and the refusal is audited."},
	{kind: actUnlock, title: "Unlock", binding: func(k accountKeyMap) key.Binding { return k.Unlock }},
	{kind: actDisable, title: "Disable the account", binding: func(k accountKeyMap) key.Binding { return k.Disable }},
	{kind: actEnable, title: "Enable the account", binding: func(k accountKeyMap) key.Binding { return k.Enable }},
	{kind: actAddNumber, title: "Add a phone number", binding: func(k accountKeyMap) key.Binding { return k.AddNumber },
		form: func(s tui.Styles) *tui.Form {
			return tui.NewForm("continue").
				Add("Number", tui.NewLineInput(s, 32)).
				Add("Product", tui.NewLineInput(s, 20)).
				Add("Trunk main", tui.NewLineInput(s, 32)).
				Add("Label", tui.NewLineInput(s, 100))
		},
		hint: "Product: pbx, trunk, teams, trunk-participant or none. Trunk main: only for a trunk " +
			"participant, the trunk's main number. Label: optional, the customer sees it."},
}

// actionState is the action under way: its form, its question, and
// whether it is running.
type actionState struct {
	act      action
	form     *tui.Form
	values   []string
	product  portal.Product
	question string
	err      string // why the form's input cannot be right
	running  bool
}

// actionDoneMsg is the outcome of an action, as the admin command words it.
type actionDoneMsg struct {
	text string
	err  error
}

func (a *App) startAction(act action) tea.Cmd {
	a.act = actionState{act: act}
	a.help.ShowAll = false
	if act.form != nil {
		a.act.form = act.form(a.c.Styles)
		a.screen = screenForm
		return a.act.form.Start()
	}
	a.act.question = a.question()
	a.screen = screenConfirm
	return nil
}

func (a *App) updateForm(km tea.KeyMsg) tea.Cmd {
	f := a.act.form
	if km.Type == tea.KeyEsc {
		f.Stop()
		a.screen = screenAccount
		return nil
	}
	submit, cmd := f.Update(km)
	if !submit {
		return cmd
	}
	a.act.values = a.act.values[:0]
	for i := range f.Len() {
		a.act.values = append(a.act.values, strings.TrimSpace(f.Value(i)))
	}
	if err := a.checkForm(); err != "" {
		a.act.err = err
		return nil
	}
	a.act.err = ""
	a.act.question = a.question()
	a.screen = screenConfirm
	return nil
}

// checkForm catches what is missing before the question is asked; the
// portal checks everything again when the action runs.
func (a *App) checkForm() string {
	v := a.act.values
	switch a.act.act.kind {
	case actTwoFactor:
		if v[0] == "" {
			return "Type the email address the request came from."
		}
	case actAddNumber:
		if v[0] == "" {
			return "Type the phone number to assign."
		}
		if v[1] == "" {
			return "Type the product: pbx, trunk, teams, trunk-participant or none."
		}
		p, err := portal.ParseProduct(v[1])
		if err != nil {
			return err.Error()
		}
		a.act.product = p
	}
	return ""
}

// question is what the admin confirms, naming the customer and what
// changes.
func (a *App) question() string {
	d, v := a.account.d, a.act.values
	user := d.UserID
	switch a.act.act.kind {
	case actReset:
		if !d.PasswordSet {
			return fmt.Sprintf("%s never set a password. Send a new set-password (welcome) link to %s, the address stored in the account?", user, d.Email)
		}
		return fmt.Sprintf("Send a password reset link to %s, the address stored for %s?", d.Email, user)
	case actTwoFactor:
		return fmt.Sprintf("Turn off two-factor authentication of %s on a request from %s? "+
			"Only a request from the stored address is accepted; any other is refused, and the refusal is audited.", user, v[0])
	case actUnlock:
		return fmt.Sprintf("Clear %d failed logins of %s, so that it can log in again at once?", d.Lock.ConsecutiveFailures, user)
	case actDisable:
		return fmt.Sprintf("Disable %s? Its open sessions end at once and it can no longer log in.", user)
	case actEnable:
		return fmt.Sprintf("Enable %s again?", user)
	case actAddNumber:
		q := fmt.Sprintf("Assign %s to %s as %s", v[0], user, a.act.product.Label())
		if v[2] != "" {
			q += " of the trunk " + v[2]
		}
		if v[3] != "" {
			q += fmt.Sprintf(", labelled %q", v[3])
		}
		return q + "?"
	}
	return ""
}

func (a *App) updateConfirm(km tea.KeyMsg) tea.Cmd {
	if a.act.running {
		return nil
	}
	switch {
	case key.Matches(km, confirmKeys.Yes):
		a.act.running = true
		return a.run()
	case key.Matches(km, confirmKeys.No):
		a.screen = screenAccount
		a.account.status, a.account.failed = "Cancelled; nothing changed.", false
	}
	return nil
}

// actionDone shows the outcome on the customer screen and reloads it.
func (a *App) actionDone(m actionDoneMsg) tea.Cmd {
	a.act.running = false
	a.screen = screenAccount
	a.account.status, a.account.failed = m.text, m.err != nil
	if m.err != nil {
		a.account.status = failure(m.err)
	}
	return a.loadDetails()
}

// failure words a portal error for the status line.
func failure(err error) string {
	switch {
	case errors.Is(err, portal.ErrCareRefused):
		return "Refused: " + err.Error()
	case errors.Is(err, portal.ErrCareNotFound):
		return "Not found: " + err.Error()
	case errors.Is(err, portal.ErrCareInvalid), errors.Is(err, portal.ErrBadNumber):
		return "Not done: " + err.Error()
	}
	return "Failed: " + err.Error()
}

// formView is the action's form with its title and what is wrong.
func (a *App) formView(width int) string {
	st := a.c.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render(a.act.act.title+" · "+cut(a.account.user, width/2)) + "\n")
	b.WriteString(st.Muted.Render(wrap(a.act.act.hint, width)) + "\n\n")
	b.WriteString(a.act.form.View())
	if a.act.err != "" {
		b.WriteString("\n" + st.Error.Render(wrap(a.act.err, width)) + "\n")
	}
	return b.String()
}

// confirmView is the question and its answers.
func (a *App) confirmView(width int) string {
	st := a.c.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render(a.act.act.title+" · "+cut(a.account.user, width/2)) + "\n")
	b.WriteString(wrap(a.act.question, width) + "\n\n")
	if a.act.running {
		b.WriteString(st.Muted.Render("Working…") + "\n")
	} else {
		b.WriteString(st.Key.Render("y") + " yes, do it   " + st.Key.Render("n") + " no\n")
	}
	return b.String()
}
