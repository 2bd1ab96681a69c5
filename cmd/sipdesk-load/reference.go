package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"
)

// The reference server is the floor of a wish-based SSH portal on this
// machine: the same SSH library, Bubble Tea and key exchange as sipdesk,
// with the library's default algorithms, a key check against one key in
// memory, an exec answer and a one-line TUI, and nothing else: no store,
// no session records. Any server built on wish (soft-serve included, which
// also reads its store on every login) does at least this work per login,
// so its figures bound what a portal on this stack can reach here; keylogin
// measures it in the same run when given --reference-addr. It stands in
// for soft-serve, which the module proxy does not serve.
func runReference(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("reference", flag.ExitOnError)
	addr := fs.String("listen", "127.0.0.1:2299", "loopback address to serve on")
	user := fs.String("user", "reference", "the one user name; its key is this tool's load key for that name")
	_ = fs.Parse(args)
	if err := loopbackOnly(*addr); err != nil {
		return err
	}
	_, hostKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	signer, err := gossh.NewSignerFromKey(hostKey)
	if err != nil {
		return err
	}
	allowed := loadKey(*user).PublicKey()
	srv, err := wish.NewServer(
		wish.WithAddress(*addr),
		func(s *ssh.Server) error { s.AddHostKey(signer); return nil },
		wish.WithPublicKeyAuth(func(ctx ssh.Context, key ssh.PublicKey) bool {
			return ctx.User() == *user && ssh.KeysEqual(key, allowed)
		}),
		wish.WithMiddleware(func(ssh.Handler) ssh.Handler {
			return func(s ssh.Session) {
				if _, _, isPty := s.Pty(); !isPty { // exec: answer with the user name
					_, _ = io.WriteString(s, s.User()+"\n")
					return
				}
				// As wish's own Bubble Tea middleware does, without its
				// terminal queries (a module sipdesk does not otherwise need).
				p := tea.NewProgram(referenceTUI{user: s.User()}, tea.WithInput(s), tea.WithOutput(s), tea.WithAltScreen())
				_, _ = p.Run()
			}
		}),
	)
	if err != nil {
		return err
	}
	fmt.Printf("reference wish server on %s for user %s\n", *addr, *user)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, ssh.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
		return err
	}
	return nil
}

// referenceTUI is a one-frame Bubble Tea program; q ends it.
type referenceTUI struct{ user string }

func (referenceTUI) Init() tea.Cmd { return nil }

func (m referenceTUI) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && k.String() == "q" {
		return m, tea.Quit
	}
	return m, nil
}

func (m referenceTUI) View() string { return "reference portal\n\nsigned in as " + m.user + "\n" }
