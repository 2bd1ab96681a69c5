package server

import (
	"context"
	"errors"
	"strconv"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/session"
)

// Public-key logins of customers. As for admins, keyOffered only says
// whether a key is worth a signature (it may be asked about keys the
// client does not hold, CVE-2024-45337); the identity comes from
// verifiedKey, which runs for the key the client signed with.

// Login methods of a customer key login, as audited and carried in the
// session's identity.
const (
	methodKeyTOTP = session.MethodPublicKey + "+totp"
	// methodSecurityKey: a FIDO key whose signature asserted user presence
	// (x/crypto refuses one without the flag), the second factor itself.
	methodSecurityKey = session.MethodPublicKey + "-sk"
)

// keyOffered reports whether key may log in as c.User(): an admin's or a
// customer's registered key.
func (a *authenticator) keyOffered(ctx context.Context, c gossh.ConnMetadata, key gossh.PublicKey) bool {
	if _, err := a.svc.AdminForKey(ctx, c.User(), key); err == nil {
		return true
	}
	return a.svc.CustomerKeyOffered(ctx, c.User(), key)
}

// verifiedKey completes a login with a key the client proved it holds.
func (a *authenticator) verifiedKey(ctx context.Context, gc *graceConn, c gossh.ConnMetadata, key gossh.PublicKey) (*gossh.Permissions, error) {
	if _, err := a.svc.AdminForKey(ctx, c.User(), key); err == nil {
		return a.adminKey(ctx, gc, c, key)
	}
	ok, err := a.svc.KeyLogin(ctx, c.User(), key)
	if errors.Is(err, portal.ErrKeyNotAccepted) {
		return nil, errDenied
	}
	if err != nil {
		return nil, a.refusal(err)
	}
	if err := a.regionCheck(portal.PasswordOK{Account: ok.Account}); err != nil {
		return nil, err
	}
	if ok.NeedTOTP {
		return nil, &gossh.PartialSuccessError{Next: gossh.ServerAuthCallbacks{
			KeyboardInteractiveCallback: func(c2 gossh.ConnMetadata, ch gossh.KeyboardInteractiveChallenge) (perms *gossh.Permissions, err error) {
				defer a.recoverAuth(c2, &err)
				if err := a.codeRound(ctx, ch, portal.PasswordOK{Account: ok.Account, NeedTOTP: true}, c2); err != nil {
					return nil, err
				}
				return a.keySuccess(ctx, gc, c2, ok, methodKeyTOTP)
			},
		}}
	}
	method := session.MethodPublicKey
	if ok.FIDO {
		method = methodSecurityKey
	}
	return a.keySuccess(ctx, gc, c, ok, method)
}

// keySuccess records a customer's key login and returns the Permissions
// that carry the identity and the key's fingerprint.
func (a *authenticator) keySuccess(ctx context.Context, gc *graceConn, c gossh.ConnMetadata, ok portal.KeyOK, method string) (*gossh.Permissions, error) {
	if err := a.svc.CompleteKeyLogin(ctx, ok, session.SourceIP(c.RemoteAddr()), method); err != nil {
		a.log.Error("record login", "err", err)
		return nil, errDenied
	}
	if gc != nil {
		gc.authenticated()
	}
	return &gossh.Permissions{Extensions: map[string]string{
		session.ExtAccountID:      strconv.FormatInt(ok.Account.ID, 10),
		session.ExtLoginName:      c.User(),
		session.ExtMethod:         method,
		session.ExtKeyFingerprint: ok.Fingerprint,
	}}, nil
}
