package server

import (
	"context"
	"strings"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/server/session"
)

// sessionChannel is the handler of every new "session" channel, in front of
// the ssh library's own. It runs before the channel is accepted, so it is
// where a connection's rights are checked again (a multiplexing client opens
// channels on a connection long after its login), where a form connection
// gets its one form, and where the channel's requests are filtered.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	if _, isFlow := session.FlowOf(ctx); isFlow {
		gc, ok := ctx.Value(graceKey{}).(*graceConn)
		if !ok || !gc.startForm(s.flowSessionLimit) {
			_ = nc.Reject(gossh.Prohibited, "one form per connection")
			return
		}
	} else if reason, end := s.checkConn(ctx); reason != "" {
		_ = nc.Reject(gossh.Prohibited, reason)
		if end != nil {
			end() // after the refusal went out, so the client reads why
		}
		return
	}
	ssh.DefaultSessionHandler(srv, conn, filteredChannel{NewChannel: nc}, ctx)
}

// checkConn asks the store whether the connection still has the rights of
// its login. If not, it returns why and end, which ends the connection; a
// store that cannot answer refuses the channel without ending anything.
func (s *Server) checkConn(ctx ssh.Context) (reason string, end func()) {
	c := s.sessions.conn(ctx.SessionID())
	if c == nil {
		// No verified login: identityMW refuses every session of such a
		// connection, and says why in the log.
		return "", nil
	}
	qctx, cancel := context.WithTimeout(ctx, s.storeTimeout())
	reason, err := s.svc.ConnectionEndReason(qctx, c.openSession())
	cancel()
	if err != nil {
		// Refused (rights that cannot be checked are not granted), and
		// said to be the server's problem, with a reference for the log.
		return c.speaker().Error(s.svc.Internal(err, "check the connection's rights")), nil
	}
	if reason == "" {
		return "", nil
	}
	s.log.Info("connection ended", "remote", ctx.RemoteAddr().String(), "reason", reason)
	return c.speaker().EndReason(reason), func() { go c.end(reason) }
}

// Limits on what a client may set with "env" requests. The forgot@ form
// needs no password, so without them anyone could make the server keep
// every variable sent (1,500 requests of 130 KB raised the memory by
// 290 MB). Only what the portal reads is kept.
const (
	maxEnvVars     = 16
	maxEnvKeyLen   = 64
	maxEnvValueLen = 256
)

// allowedEnv is what the portal uses: the terminal's type and colours, and
// the language (LANG, LC_*).
func allowedEnv(key string) bool {
	switch key {
	case "TERM", "COLORTERM", "NO_COLOR", "LANG":
		return true
	}
	return strings.HasPrefix(key, "LC_")
}

// refusedRequests are channel requests the portal never serves; the ssh
// library would accept agent forwarding without using it, which would only
// hand the server a way into the client's agent.
var refusedRequests = map[string]bool{
	"auth-agent-req@openssh.com": true,
	"x11-req":                    true,
}

// filteredChannel accepts a session channel and passes its requests on to
// the library's session handler, except those refused here.
type filteredChannel struct {
	gossh.NewChannel
}

// Accept accepts the channel and filters its requests on one goroutine,
// which ends when the channel's requests end.
func (f filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, in, err := f.NewChannel.Accept()
	if err != nil {
		return ch, in, err
	}
	out := make(chan *gossh.Request)
	go filterRequests(in, out)
	return ch, out, nil
}

func filterRequests(in <-chan *gossh.Request, out chan<- *gossh.Request) {
	defer close(out)
	envs := 0
	for req := range in {
		switch {
		case refusedRequests[req.Type]:
			_ = req.Reply(false, nil)
			continue
		case req.Type == "env":
			if !envAllowed(req.Payload, envs) {
				_ = req.Reply(false, nil)
				continue
			}
			envs++
		}
		out <- req
	}
}

// envAllowed says whether an "env" request, with accepted requests of the
// channel so far, is within the limits.
func envAllowed(payload []byte, accepted int) bool {
	if accepted >= maxEnvVars || len(payload) > 8+maxEnvKeyLen+maxEnvValueLen {
		return false
	}
	var kv struct{ Key, Value string }
	if err := gossh.Unmarshal(payload, &kv); err != nil {
		return false
	}
	return len(kv.Key) <= maxEnvKeyLen && len(kv.Value) <= maxEnvValueLen && allowedEnv(kv.Key)
}
