package server

import (
	"context"
	"errors"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/metrics"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/session"
	"github.com/sipdesk/sipdesk/tui"
)

// Logins without a password: the forgot-password and reset-link flows,
// and admins with a registered SSH key.

// Flow user names: no password, and no account identity either.
const (
	forgotUser  = "forgot"
	resetPrefix = "reset+"
)

// flowLogin admits the two user names that need no password: "forgot"
// opens the forgot-password form, "reset+TOKEN" a reset link's form if the
// token is valid. Their sessions carry a flow, never an account, so they
// reach nothing but their form.
func (a *authenticator) flowLogin(ctx context.Context, gc *graceConn, c gossh.ConnMetadata) (*gossh.Permissions, error, bool) {
	ext := map[string]string{session.ExtLoginName: c.User()}
	token, isReset := resetToken(c.User())
	switch {
	case strings.EqualFold(c.User(), forgotUser):
		ext[session.ExtFlow] = "forgot"
	case isReset:
		if _, err := a.svc.ResetAccount(ctx, token); err != nil {
			if !errors.Is(err, portal.ErrTokenInvalid) {
				a.log.Error("check reset link", "err", err)
			}
			// No password could help: say why and end the connection.
			local := tui.InvalidLinkText(portal.PreLoginVoice(a.listener.Region), a.listener.PublicHost, a.listener.PublicPort)
			en := tui.InvalidLinkText(englishVoice, a.listener.PublicHost, a.listener.PublicPort)
			if local != en {
				local += "\n\n" + en
			}
			return nil, endLogin(c, local+"\n"), true
		}
		ext[session.ExtFlow], ext[session.ExtToken] = "reset", token
	default:
		return nil, nil, false
	}
	// No gc.authenticated(): a form needs no password, so its connection
	// keeps the limits of an unauthenticated one (see graceConn).
	return &gossh.Permissions{Extensions: ext}, nil, true
}

// resetToken is the one rule for what a reset user name is, for the login
// and for log redaction alike: "reset+" in any case, then the token (which
// keeps its case). ok is false for every other name.
func resetToken(user string) (token string, ok bool) {
	if len(user) <= len(resetPrefix) || !strings.EqualFold(user[:len(resetPrefix)], resetPrefix) {
		return "", false
	}
	return user[len(resetPrefix):], true
}

// adminKey completes a public-key login of an admin: the key is verified,
// so it identifies the admin; with 2FA on, a code round follows.
func (a *authenticator) adminKey(ctx context.Context, gc *graceConn, c gossh.ConnMetadata, key gossh.PublicKey) (*gossh.Permissions, error) {
	acct, err := a.svc.AdminForKey(ctx, c.User(), key)
	if err != nil {
		return nil, a.adminKeyRefusal(err)
	}
	fp := gossh.FingerprintSHA256(key)
	ok := portal.PasswordOK{Account: acct, NeedTOTP: acct.TOTPEnabled}
	if ok.NeedTOTP {
		return nil, &gossh.PartialSuccessError{Next: gossh.ServerAuthCallbacks{
			KeyboardInteractiveCallback: func(c2 gossh.ConnMetadata, ch gossh.KeyboardInteractiveChallenge) (perms *gossh.Permissions, err error) {
				defer a.recoverAuth(c2, &err)
				return a.observed(ctx, metrics.MethodTOTP, c2, ch, func(ch gossh.KeyboardInteractiveChallenge) (*gossh.Permissions, error) {
					if err := a.codeRound(ctx, ch, ok, c2); err != nil {
						return nil, err
					}
					return a.success(ctx, gc, c2, ok, session.MethodPublicKey+"+totp", fp)
				})
			},
		}}
	}
	return a.success(ctx, gc, c, ok, session.MethodPublicKey, fp)
}
