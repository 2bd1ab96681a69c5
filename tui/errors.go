package tui

import (
	"errors"
	"strings"

	"github.com/sipdesk/sipdesk/portal"
)

// userError is the message a customer sees: the domain's own words, or a
// generic line for anything unexpected (details stay in the server log).
func userError(err error) string {
	var pe *portal.PolicyError
	var locked *portal.LockedError
	switch {
	case errors.As(err, &pe):
		return "The new password does not meet the requirements: it needs " + strings.Join(pe.Unmet, "; ") + "."
	case errors.As(err, &locked):
		return locked.Error()
	case errors.Is(err, portal.ErrWrongOldPassword), errors.Is(err, portal.ErrRepeatMismatch),
		errors.Is(err, portal.ErrSameAsOld), errors.Is(err, portal.ErrSameAsVoIP),
		errors.Is(err, portal.ErrCodeInvalid), errors.Is(err, portal.ErrBusy):
		msg := err.Error()
		return strings.ToUpper(msg[:1]) + msg[1:] + "."
	}
	return "Something went wrong; please try again. If it persists, contact customer care."
}
