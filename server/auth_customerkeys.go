package server

import (
	"context"
	"errors"
	"strconv"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/metrics"
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

// extKeyCandidate carries, from PublicKeyCallback to the verified
// callback for the same key, which customer key row matched. It is a
// lookup hint, never an identity: x/crypto hands these Permissions only
// to the verified callback of that very key, and only after its
// signature checked out; the identity is set there.
const extKeyCandidate = "sipdesk-key-candidate"

// keyOffered answers whether key may log in as c.User() (a customer's or
// an admin's registered key) and, for a customer key, remembers which row
// matched, so the verified callback needs no second search.
func (a *authenticator) keyOffered(ctx context.Context, c gossh.ConnMetadata, key gossh.PublicKey) (*gossh.Permissions, error) {
	if ref, ok := a.svc.CustomerKeyOffered(ctx, c.User(), key); ok {
		return &gossh.Permissions{Extensions: map[string]string{extKeyCandidate: ref}}, nil
	}
	if _, err := a.svc.AdminForKey(ctx, c.User(), key); err != nil {
		return nil, a.adminKeyRefusal(err) // a store that does not answer is said so
	}
	return &gossh.Permissions{}, nil
}

// verifiedKey completes a login with a key the client proved it holds.
func (a *authenticator) verifiedKey(ctx context.Context, gc *graceConn, c gossh.ConnMetadata, key gossh.PublicKey, offered *gossh.Permissions) (*gossh.Permissions, error) {
	ref := ""
	if offered != nil {
		ref = offered.Extensions[extKeyCandidate]
	}
	if ref == "" {
		return a.adminKey(ctx, gc, c, key)
	}
	ok, err := a.svc.KeyLoginRef(ctx, ref, key)
	if errors.Is(err, portal.ErrKeyNotAccepted) {
		return nil, errDenied
	}
	if err != nil {
		return nil, a.refusal(c, err)
	}
	if err := a.regionCheck(ctx, portal.PasswordOK{Account: ok.Account}); err != nil {
		return nil, err
	}
	if ok.NeedTOTP {
		return nil, &gossh.PartialSuccessError{Next: gossh.ServerAuthCallbacks{
			KeyboardInteractiveCallback: func(c2 gossh.ConnMetadata, ch gossh.KeyboardInteractiveChallenge) (perms *gossh.Permissions, err error) {
				defer a.recoverAuth(c2, &err)
				return a.observed(ctx, metrics.MethodTOTP, c2, ch, func(ch gossh.KeyboardInteractiveChallenge) (*gossh.Permissions, error) {
					if err := a.codeRound(ctx, ch, portal.PasswordOK{Account: ok.Account, NeedTOTP: true}, c2); err != nil {
						return nil, err
					}
					return a.keySuccess(ctx, gc, c2, ok, methodKeyTOTP)
				})
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
		return nil, withCause(errDenied, err)
	}
	if gc == nil {
		return nil, errDenied // a connection that could not be closed must not get rights
	}
	gc.authenticated()
	// Registered like every login, with the key: a new channel on this
	// connection after the key was removed is refused (ConnectionEndReason).
	a.conns.loginConn(gc, c.SessionID(), ok.Account, ok.Fingerprint)
	return &gossh.Permissions{Extensions: map[string]string{
		session.ExtAccountID:      strconv.FormatInt(ok.Account.ID, 10),
		session.ExtLoginName:      c.User(),
		session.ExtMethod:         method,
		session.ExtKeyFingerprint: ok.Fingerprint,
	}}, nil
}
