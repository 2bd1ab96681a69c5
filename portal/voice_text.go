package portal

import (
	"errors"
	"strings"

	"github.com/sipdesk/sipdesk/i18n"
)

// The portal's own words in the customer's language: products, music
// kinds, password rules, and the errors its rules return. A face shows
// v.Error(err) where it showed err.Error(); errors this file does not know
// keep their English text (customer care's, and programming errors).

// Product is a product's name: "Virtuelle Telefonanlage".
func (v Voice) Product(p Product) string {
	switch p {
	case ProductPBX:
		return v.T("product.pbx")
	case ProductTrunk:
		return v.T("product.trunk")
	case ProductTeams:
		return v.T("product.teams")
	case ProductTrunkParticipant:
		return v.T("product.trunk_participant")
	}
	return v.T("product.none")
}

// MusicLabel names a music kind in a sentence: "Wartemusik".
func (v Voice) MusicLabel(k MusicKind) string {
	if k == MusicQueue {
		return v.T("term.queue_music")
	}
	return v.T("term.hold_music")
}

// MusicTitle names a music kind as a heading: "Hold music".
func (v Voice) MusicTitle(k MusicKind) string {
	if k == MusicQueue {
		return v.T("music.queue_title")
	}
	return v.T("music.hold_title")
}

// MusicResetQuestion asks before sl goes back to the default piece and
// says what the customer loses: the upload that plays, the one waiting
// for activation, or both. When nothing was uploaded there is nothing to
// reset: ok is false and the text says so, to be shown instead of a
// question.
func (v Voice) MusicResetQuestion(sl MusicSlot) (text string, ok bool) {
	var loses string
	switch active, pending := !sl.Playing.Default(), sl.Pending != nil; {
	case active && pending:
		loses = v.T("music.revert_stops_and_discards")
	case active:
		loses = v.T("music.revert_stops")
	case pending:
		loses = v.T("music.revert_discards")
	default:
		return v.T("music.nothing_to_reset", v.MusicLabel(sl.Kind), v.T("term.default_piece")), false
	}
	return v.T("music.revert_question", v.T("term.default_piece"), v.MusicLabel(sl.Kind)) + " " + loses, true
}

// RuleLabel is a password rule as the live checklist shows it.
func (v Voice) RuleLabel(r PasswordRule) string {
	switch r.ID {
	case "length":
		return v.T("password.rule.length", MinPasswordLength)
	case "special":
		return v.T("password.rule.special", PasswordSpecials)
	}
	if key := "password.rule." + r.ID; i18n.Has(key) {
		return v.T(key)
	}
	return r.Label
}

// NumberExample is how the customer's region writes a number.
func (v Voice) NumberExample(region string) string {
	if region == "AT" {
		return v.T("number.example_at")
	}
	return v.T("number.example_ch")
}

// Error is the text of an error of the portal's rules in the customer's
// language, or err.Error() for one it does not know.
func (v Voice) Error(err error) string {
	var (
		locked   *LockedError
		hint     *HintError
		num      *NumberError
		policy   *PolicyError
		internal *InternalError
	)
	switch {
	case err == nil:
		return ""
	case errors.As(err, &internal):
		return v.T("error.internal", internal.Ref)
	case errors.As(err, &hint):
		switch hint.Hint {
		case HintOldCustomerNumber:
			return v.T("login.hint_old_number")
		case HintVoIPPassword:
			return v.T("login.hint_voip_password")
		}
		return hint.Hint
	case errors.As(err, &locked):
		if locked.Permanent {
			return v.T("login.error.locked", locked.CareEmail)
		}
		return v.T("login.error.locked_until", v.Clock.Time(locked.Until))
	case errors.As(err, &num):
		return v.T("number.error.bad", num.Input, v.NumberExample(num.Region))
	case errors.As(err, &policy):
		labels := make([]string, 0, len(policy.UnmetID))
		for _, id := range policy.UnmetID {
			for _, r := range PasswordRules {
				if r.ID == id {
					labels = append(labels, v.RuleLabel(r))
				}
			}
		}
		return v.T("password.unmet", strings.Join(labels, v.listSeparator()))
	}
	if text, ok := v.ruleText(err); ok {
		return text
	}
	for _, k := range errorKeys {
		if errors.Is(err, k.err) {
			return v.T(k.key)
		}
	}
	return err.Error()
}

// errorKeys are the portal's sentinel errors and their texts.
var errorKeys = []struct {
	err error
	key string
}{
	{ErrLoginFailed, "login.error.failed"},
	{ErrDisabled, "login.error.disabled"},
	{ErrCodeInvalid, "login.error.code"},
	{ErrBusy, "error.busy"},
	{ErrUnknownNumber, "number.error.unknown"},
	{ErrWrongOldPassword, "password.error.wrong_old"},
	{ErrRepeatMismatch, "password.error.mismatch"},
	{ErrSameAsOld, "password.error.same_as_old"},
	{ErrSameAsVoIP, "password.error.same_as_voip"},
	{ErrTokenInvalid, "reset.invalid_link"},
	{ErrKeyProof, "sshkey.error.proof"},
	{ErrRevokeOwnSession, "session.error.own"},
	{ErrNoSIPServer, "device.error.no_server"},
}

// NoCredentialsReasonIn is NoCredentialsReason in the customer's language.
func (s *Service) NoCredentialsReasonIn(v Voice, n NumberView) string {
	switch n.Product {
	case ProductPBX, ProductTrunk:
		return ""
	case ProductTeams:
		reason := v.T("number.reason.teams")
		if s.Cfg.TeamsGuide != "" {
			reason += " " + v.T("number.reason.teams_guide", s.Cfg.TeamsGuide)
		}
		return reason
	case ProductTrunkParticipant:
		if n.TrunkE164 != "" {
			return v.T("number.reason.participant", FormatNumber(n.TrunkE164))
		}
	}
	return v.T("number.reason.none")
}

// SessionHow names the way a live session reached the portal (HowTUI, ...)
// in the customer's words; SFTP and SCP keep the protocols' own names.
func (v Voice) SessionHow(how string) string {
	switch how {
	case HowTUI:
		return v.T("security.how_tui")
	case HowCommand:
		return v.T("security.how_command")
	case HowSFTP:
		return "SFTP"
	case HowSCP:
		return "SCP"
	}
	return how
}

// EventName names a security timeline event (an audit action code) in the
// customer's words; one the catalogue does not name stays its code.
func (v Voice) EventName(action string) string {
	if key := "event." + action; i18n.Has(key) {
		return v.T(key)
	}
	return action
}

// listSeparator joins the items of a list in a sentence: French sets a
// space before the semicolon.
func (v Voice) listSeparator() string {
	if v.Locale().Lang == i18n.French {
		return " ; "
	}
	return "; "
}
