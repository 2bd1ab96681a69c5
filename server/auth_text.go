package server

import (
	"context"
	"errors"
	"strconv"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
)

// What a person reads while logging in. Before the password is checked the
// account is unknown: texts are in the portal region's language with the
// English line below (i18n.Bilingual). Once the password is right, the
// account's own setting decides (the client's LANG arrives only with the
// session, after the login).

// englishVoice is the second line of a bilingual text.
var englishVoice = portal.Voice{Printer: i18n.NewPrinter(i18n.EnCH), Clock: i18n.Clock{Locale: i18n.EnCH}}

// bilingual is key in the region's language, then in English.
func (a *authenticator) bilingual(key string, args ...any) string {
	return i18n.Bilingual(i18n.PreLogin(a.listener.Region), key, args...)
}

// bilingualError is a login error in the region's language, then in English.
func (a *authenticator) bilingualError(err error) string {
	local := portal.PreLoginVoice(a.listener.Region)
	local.Clock.Zone = i18n.Zone("", a.listener.Region)
	l, en := local.Error(err), englishVoice.Error(err)
	if l == en {
		return en
	}
	return l + "\n" + en
}

// accountVoice is how the login speaks once the password identified the
// account: its language setting, else its region's. chosen is false when
// the account has no setting (the client's LANG is not known yet, so the
// texts add the English line as before the login).
func (a *authenticator) accountVoice(ctx context.Context, ok portal.PasswordOK) (v portal.Voice, chosen bool) {
	set, err := a.svc.Settings(ctx, ok.Account.ID)
	if err != nil {
		a.log.Error("load language settings", "err", err)
		return portal.PreLoginVoice(ok.Account.Region), false
	}
	v, err = a.svc.VoiceOf(ctx, ok.Account, nil)
	if err != nil {
		return portal.PreLoginVoice(ok.Account.Region), false
	}
	return v, set.Language != ""
}

// accountText is key in the account's chosen language, or in its region's
// with the English line when it chose none.
func (a *authenticator) accountText(v portal.Voice, chosen bool, key string, args ...any) string {
	if chosen {
		return v.T(key, args...)
	}
	return i18n.Bilingual(v.Locale(), key, args...)
}

// prompt is a one-line prompt in v's language, with the English word
// after it where it differs: "Passwort / Password: ".
func prompt(v portal.Voice, chosen bool, key string) string {
	local, en := v.T(key), englishVoice.T(key)
	if chosen || local == en {
		return local
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(local), ":")) + " / " + en
}

func (a *authenticator) loginInstruction() string {
	port := strconv.Itoa(a.listener.PublicPort)
	return a.bilingual("login.instruction") + "\n" + a.bilingual("login.forgot_hint", port, a.listener.PublicHost) + "\n"
}

// passwordPrompt is the one prompt before login: the region's word and
// the English one.
func (a *authenticator) passwordPrompt() string {
	return prompt(portal.PreLoginVoice(a.listener.Region), false, "login.prompt_password")
}

// endLogin shows msg and ends the connection at once, for a refusal after
// which no password could help (an old customer number, a used reset
// link): without it OpenSSH goes on to ask for a password three times. The
// banner goes out before the handshake fails; a partial success with no
// methods left makes x/crypto end the handshake instead of sending the
// client another list of methods to try.
func endLogin(c gossh.ConnMetadata, msg string) error {
	if pc, ok := c.(gossh.ServerPreAuthConn); ok {
		if err := pc.SendAuthBanner(msg); err == nil {
			return &gossh.PartialSuccessError{}
		}
	}
	return &gossh.BannerError{Err: errDenied, Message: msg}
}

// isFinalRefusal is a refusal no further attempt on this connection can
// turn into a login.
func isFinalRefusal(err error) bool {
	var hint *portal.HintError
	return errors.As(err, &hint) && hint.Hint == portal.HintOldCustomerNumber
}
