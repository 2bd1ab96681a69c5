package tui

import (
	"errors"

	"github.com/sipdesk/sipdesk/portal"
)

// userError is the message a customer sees: the domain's own words in the
// customer's language, or a generic line for anything unexpected (details
// stay in the server log).
func userError(c Common, err error) string {
	var pe *portal.PolicyError
	var locked *portal.LockedError
	switch {
	case errors.Is(err, portal.ErrBusy):
		return c.T("error.busy")
	case errors.As(err, &pe), errors.As(err, &locked),
		errors.Is(err, portal.ErrWrongOldPassword), errors.Is(err, portal.ErrRepeatMismatch),
		errors.Is(err, portal.ErrSameAsOld), errors.Is(err, portal.ErrSameAsVoIP),
		errors.Is(err, portal.ErrCodeInvalid):
		return c.V().Error(err)
	}
	var ex *explainedError
	if errors.As(err, &ex) {
		return ex.msg // the server's fault, with the reference the log has
	}
	return c.T("error.generic")
}
