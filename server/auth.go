package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strconv"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/metrics"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/server/session"
)

var errDenied = errors.New("permission denied")

// authHook, when set by a test, runs at the start of every password check
// (to prove that a panic there ends only that connection).
var authHook func(user string)

// authenticator builds the x/crypto auth callbacks for one connection.
//
// It uses x/crypto's callbacks directly rather than the ssh library's
// handlers: those only see ctx.User(), which is the first user name the
// client tried, while a client may change the name between attempts. The
// ConnMetadata passed here carries the name of this very attempt.
type authenticator struct {
	svc      *portal.Service
	log      *slog.Logger
	listener config.Listener
	maxTries int
	conns    *Registry // where an authenticated connection is registered
}

func (a *authenticator) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	gc, _ := ctx.Value(graceKey{}).(*graceConn)
	cfg := &gossh.ServerConfig{
		MaxAuthTries: a.maxTries,
		// With no handler of its own set, the ssh library turns on
		// NoClientAuth: the "none" method would log anyone in. Refuse it.
		NoClientAuth:         true,
		NoClientAuthCallback: func(gossh.ConnMetadata) (*gossh.Permissions, error) { return nil, errDenied },
		PasswordCallback: func(c gossh.ConnMetadata, pw []byte) (perms *gossh.Permissions, err error) {
			defer a.recoverAuth(c, &err)
			return a.observed(ctx, metrics.MethodPassword, c, nil, func(gossh.KeyboardInteractiveChallenge) (*gossh.Permissions, error) {
				return a.password(ctx, gc, c, string(pw))
			})
		},
		KeyboardInteractiveCallback: func(c gossh.ConnMetadata, ch gossh.KeyboardInteractiveChallenge) (perms *gossh.Permissions, err error) {
			defer a.recoverAuth(c, &err)
			return a.observed(ctx, metrics.MethodKeyboard, c, ch, func(ch gossh.KeyboardInteractiveChallenge) (*gossh.Permissions, error) {
				return a.keyboardInteractive(ctx, gc, c, ch)
			})
		},
		// Public keys: admins' and customers' registered keys. The first
		// callback only says whether a key is worth a signature; it may be
		// called for keys the client does not hold, so it never grants
		// anything (CVE-2024-45337). The identity comes from the second,
		// which runs only for the key the client proved it holds.
		PublicKeyCallback: func(c gossh.ConnMetadata, key gossh.PublicKey) (perms *gossh.Permissions, err error) {
			defer a.recoverAuth(c, &err)
			return a.keyOffered(ctx, c, key)
		},
		VerifiedPublicKeyCallback: func(c gossh.ConnMetadata, key gossh.PublicKey, offered *gossh.Permissions, _ string) (perms *gossh.Permissions, err error) {
			defer a.recoverAuth(c, &err)
			return a.observed(ctx, metrics.MethodPublicKey, c, nil, func(gossh.KeyboardInteractiveChallenge) (*gossh.Permissions, error) {
				return a.verifiedKey(ctx, gc, c, key, offered)
			})
		},
		AuthLogCallback: func(c gossh.ConnMetadata, method string, err error) {
			if method == "none" {
				return // every client starts with "none" to learn the methods
			}
			outcome := "ok"
			var pe *gossh.PartialSuccessError
			switch {
			case errors.As(err, &pe):
				outcome = "partial"
			case err != nil:
				outcome = "failed"
			}
			a.log.Info("auth", "remote", c.RemoteAddr().String(), "user", logUser(c.User()), "method", method, "outcome", outcome)
		},
	}
	return cfg
}

// recoverAuth turns a panic in an auth callback into a failed attempt: the
// callbacks run on the connection's goroutine before any session exists,
// where the ssh library has no recovery and a panic would end the process.
func (a *authenticator) recoverAuth(c gossh.ConnMetadata, err *error) {
	if p := recover(); p != nil {
		a.log.Error("panic in authentication", "remote", c.RemoteAddr().String(), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		*err = errDenied
	}
}

// password handles the "password" method. With 2FA on, the password is
// only a partial success: the client must then answer a keyboard-interactive
// round with the one-time code, whatever method came first.
func (a *authenticator) password(ctx context.Context, gc *graceConn, c gossh.ConnMetadata, pw string) (*gossh.Permissions, error) {
	if authHook != nil {
		authHook(c.User())
	}
	if perms, err, isFlow := a.flowLogin(ctx, gc, c); isFlow {
		return perms, err
	}
	ok, err := a.svc.CheckPassword(ctx, portal.LoginRequest{UserName: c.User(), Password: pw, Source: session.SourceIP(c.RemoteAddr()), Method: "password", Region: a.listener.Region})
	if err != nil {
		return nil, a.refusal(c, err)
	}
	if err := a.regionCheck(ctx, ok); err != nil {
		return nil, err
	}
	if ok.NeedTOTP {
		return nil, &gossh.PartialSuccessError{Next: gossh.ServerAuthCallbacks{
			KeyboardInteractiveCallback: func(c2 gossh.ConnMetadata, ch gossh.KeyboardInteractiveChallenge) (perms *gossh.Permissions, err error) {
				defer a.recoverAuth(c2, &err)
				return a.observed(ctx, metrics.MethodTOTP, c2, ch, func(ch gossh.KeyboardInteractiveChallenge) (*gossh.Permissions, error) {
					if err := a.codeRound(ctx, ch, ok, c2); err != nil {
						return nil, err
					}
					return a.success(ctx, gc, c2, ok, "password+totp", "")
				})
			},
		}}
	}
	return a.success(ctx, gc, c, ok, "password", "")
}

// keyboardInteractive asks for the password and, with 2FA on, the one-time
// code in a second round of the same exchange.
func (a *authenticator) keyboardInteractive(ctx context.Context, gc *graceConn, c gossh.ConnMetadata, ch gossh.KeyboardInteractiveChallenge) (*gossh.Permissions, error) {
	if portal.IsOldCustomerNumber(c.User()) {
		// Say it before asking for a password that cannot work.
		return nil, a.refusal(c, &portal.HintError{Err: portal.ErrLoginFailed, Hint: portal.HintOldCustomerNumber})
	}
	if authHook != nil {
		authHook(c.User())
	}
	if perms, err, isFlow := a.flowLogin(ctx, gc, c); isFlow {
		return perms, err
	}
	answers, err := ch("", a.loginInstruction(), []string{a.passwordPrompt()}, []bool{false})
	if err != nil {
		return nil, err
	}
	if len(answers) != 1 {
		return nil, errDenied
	}
	ok, err := a.svc.CheckPassword(ctx, portal.LoginRequest{UserName: c.User(), Password: answers[0], Source: session.SourceIP(c.RemoteAddr()), Method: "keyboard-interactive", Region: a.listener.Region})
	if err != nil {
		return nil, a.refusal(c, err)
	}
	if err := a.regionCheck(ctx, ok); err != nil {
		return nil, err
	}
	method := "keyboard-interactive"
	if ok.NeedTOTP {
		if err := a.codeRound(ctx, ch, ok, c); err != nil {
			return nil, err
		}
		method += "+totp"
	}
	return a.success(ctx, gc, c, ok, method, "")
}

// codeRound asks for the TOTP or recovery code, in the account's language,
// and says what to do when the phone with the app is gone (FAQ).
func (a *authenticator) codeRound(ctx context.Context, ch gossh.KeyboardInteractiveChallenge, ok portal.PasswordOK, c gossh.ConnMetadata) error {
	v, chosen := a.accountVoice(ctx, ok)
	care := a.svc.Cfg.CareEmailFor(ok.Account.Region)
	answers, err := ch("", a.accountText(v, chosen, "login.totp_instruction")+"\n"+a.accountText(v, chosen, "login.totp_lost_phone", care)+"\n",
		[]string{prompt(v, chosen, "login.prompt_code")}, []bool{true})
	if err != nil {
		return err
	}
	if len(answers) != 1 {
		return errDenied
	}
	if _, err := a.svc.SecondFactor(ctx, ok.Account, answers[0], session.SourceIP(c.RemoteAddr())); err != nil {
		if errors.Is(err, portal.ErrCodeInvalid) {
			return &gossh.BannerError{Err: errDenied, Message: a.accountText(v, chosen, "login.error.code") + "\n"}
		}
		return a.refusal(c, err)
	}
	return nil
}

// regionCheck refuses an account of the other region's portal, after the
// password was right, so the hint reveals nothing to a stranger.
func (a *authenticator) regionCheck(ctx context.Context, ok portal.PasswordOK) error {
	if ok.Account.Role == portal.RoleAdmin || ok.Account.Region == a.listener.Region {
		return nil
	}
	v, chosen := a.accountVoice(ctx, ok)
	return &gossh.BannerError{Err: errDenied, Message: a.accountText(v, chosen, "login.wrong_region", ok.Account.Region) + "\n"}
}

// refusal maps a login error to what the client sees: a banner with the
// hint or lock message where there is one (in the region's language and
// English), then "permission denied"; a refusal no password can turn
// around ends the connection at once.
func (a *authenticator) refusal(c gossh.ConnMetadata, err error) error {
	var hint *portal.HintError
	var locked *portal.LockedError
	switch {
	case isFinalRefusal(err):
		// Not wrapped: x/crypto tells a partial success by its type.
		return endLogin(c, a.bilingualError(err)+"\n")
	case errors.As(err, &hint), errors.As(err, &locked), errors.Is(err, portal.ErrDisabled), errors.Is(err, portal.ErrCodeInvalid):
		return withCause(&gossh.BannerError{Err: errDenied, Message: a.bilingualError(err) + "\n"}, err)
	case errors.Is(err, portal.ErrBusy):
		return withCause(&gossh.BannerError{Err: errDenied, Message: a.bilingualError(err) + "\n"}, err)
	case errors.Is(err, portal.ErrLoginFailed):
		return withCause(errDenied, err)
	}
	// Anything else (portal.ErrUnavailable, a store error of the second
	// factor) is the server's problem, not a wrong password.
	return withCause(a.unavailable(err), err)
}

// success records the login and returns the only Permissions that carry an
// identity: the account the checks above verified, and the login name of
// this attempt. The connection is registered with what the login gave it
// (the account's session epoch, role and the admin key fingerprint, if
// any), which every new channel and the epoch watch check again.
func (a *authenticator) success(ctx context.Context, gc *graceConn, c gossh.ConnMetadata, ok portal.PasswordOK, method, keyFingerprint string) (*gossh.Permissions, error) {
	if gc == nil {
		return nil, errDenied // a connection that could not be closed must not get rights
	}
	if err := a.svc.CompleteLogin(ctx, ok.Account, session.SourceIP(c.RemoteAddr()), method); err != nil {
		a.log.Error("record login", "err", err)
		return nil, withCause(errDenied, err)
	}
	gc.authenticated()
	a.conns.loginConn(gc, c.SessionID(), ok.Account, keyFingerprint)
	return &gossh.Permissions{Extensions: map[string]string{
		session.ExtAccountID: strconv.FormatInt(ok.Account.ID, 10),
		session.ExtLoginName: c.User(),
		session.ExtMethod:    method,
	}}, nil
}

// logUser keeps secrets out of logs: reset sessions carry their token in the
// user name. resetToken decides what a reset user name is, as for the login.
func logUser(u string) string {
	if _, ok := resetToken(u); ok {
		return "reset+<redacted>"
	}
	return u
}
