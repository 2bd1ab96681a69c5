// Package mailtest holds what the tests of several packages need of a
// mail relay.
package mailtest

import (
	"net"
	"sync"
	"testing"
)

// SilentRelay listens on 127.0.0.1 and returns its port: it accepts
// connections and never says anything, so a sender that connects waits
// for its own timeout (the SMTP sender's timeout test; a mail worker
// holding its claim while a test kills its process). The listener and
// every connection close with the test.
func SilentRelay(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return l.Addr().(*net.TCPAddr).Port
}
