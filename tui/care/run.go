package care

import (
	"context"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sipdesk/sipdesk/portal"
)

// run makes the portal call of the confirmed action: the same call, with
// the same actor, as the `admin` command, so the audit event is the same.
func (a *App) run() tea.Cmd {
	ctx, svc, actor := a.c.Ctx, a.c.Svc, a.c.Actor
	user, kind, v, product := a.account.user, a.act.act.kind, append([]string(nil), a.act.values...), a.act.product
	return func() tea.Msg {
		text, err := runAction(ctx, svc, actor, kind, user, v, product)
		return actionDoneMsg{text: text, err: err}
	}
}

func runAction(ctx context.Context, svc *portal.Service, actor portal.CareActor, kind actionKind, user string, v []string, product portal.Product) (string, error) {
	switch kind {
	case actReset:
		acct, purpose, err := svc.SendPasswordReset(ctx, actor, user)
		if err != nil {
			return "", err
		}
		if purpose == portal.PurposeWelcome {
			return fmt.Sprintf("%s never set a password, so a new set-password (welcome) link valid for %s is queued to %s.",
				acct.UserID, humanDuration(svc.Cfg.WelcomeValidity), acct.Email), nil
		}
		return fmt.Sprintf("A password reset link valid for %s is queued to %s, the address stored for %s.",
			humanDuration(svc.Cfg.ResetValidity), acct.Email, acct.UserID), nil
	case actTwoFactor:
		acct, err := svc.ResetTOTP(ctx, actor, user, v[0])
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Two-factor authentication of %s is off; its recovery codes no longer work. A notification mail is queued to %s.",
			acct.UserID, acct.Email), nil
	case actUnlock:
		acct, before, changed, err := svc.UnlockAccount(ctx, actor, user)
		if err != nil {
			return "", err
		}
		if !changed {
			return fmt.Sprintf("%s had no failed logins; nothing changed.", acct.UserID), nil
		}
		return fmt.Sprintf("Cleared %d failed logins of %s; it can log in again.", before.ConsecutiveFailures, acct.UserID), nil
	case actDisable:
		acct, changed, err := svc.DisableAccount(ctx, actor, user)
		if err != nil {
			return "", err
		}
		if !changed {
			return fmt.Sprintf("%s was disabled already; nothing changed.", acct.UserID), nil
		}
		return fmt.Sprintf("%s is disabled; its sessions were ended.", acct.UserID), nil
	case actEnable:
		acct, changed, err := svc.EnableAccount(ctx, actor, user)
		if err != nil {
			return "", err
		}
		if !changed {
			return fmt.Sprintf("%s was enabled already; nothing changed.", acct.UserID), nil
		}
		return fmt.Sprintf("%s is enabled again.", acct.UserID), nil
	case actAddNumber:
		ch, err := svc.AssignNumber(ctx, actor, user, v[0], product, v[2], v[3])
		if err != nil {
			return "", err
		}
		product := ch.Number.ProductName
		if ch.Number.TrunkE164 != "" {
			product += " of " + portal.FormatNumber(ch.Number.TrunkE164)
		}
		text := fmt.Sprintf("Assigned %s (%s) to %s.", ch.Number.Formatted, product, ch.UserID)
		if ch.CredentialsCreated {
			text += " SIP credentials were created; the customer finds the VoIP password on the number's SIP-Credentials card."
		}
		return text, nil
	}
	return "", fmt.Errorf("unknown action %d", kind)
}

// humanDuration says how long a link works: "7 days", "30 minutes".
func humanDuration(d time.Duration) string {
	unit := func(n int64, name string) string {
		if n == 1 {
			return "1 " + name
		}
		return fmt.Sprintf("%d %ss", n, name)
	}
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return unit(int64(d/(24*time.Hour)), "day")
	case d >= time.Hour && d%time.Hour == 0:
		return unit(int64(d/time.Hour), "hour")
	case d >= time.Minute && d%time.Minute == 0:
		return unit(int64(d/time.Minute), "minute")
	}
	return d.String()
}
