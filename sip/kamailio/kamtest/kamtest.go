// Package kamtest runs the real registrar for tests: a fresh Postgres
// database with Kamailio's schema from the SQL its Debian package ships,
// and Kamailio itself with the repository's deploy/kamailio/kamailio.cfg
// on 127.0.0.1 and a free UDP port. Without kamailio installed the tests
// are skipped loudly; with CI=true they fail.
package kamtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/sip/kamailio"
)

// SchemaDir is where Debian's kamailio-postgres-modules puts the schema.
const SchemaDir = "/usr/share/kamailio/postgres"

// schemaFiles are the parts a registrar needs, in order: the version
// table, auth_db's subscriber and usrloc's location.
var schemaFiles = []string{"standard-create.sql", "auth_db-create.sql", "usrloc-create.sql"}

// ProvisionerTablePath is the repository's deploy/kamailio/sipdesk-provisioner.sql,
// sipdesk's table in Kamailio's database, which Database creates as an
// operator does.
func ProvisionerTablePath() string {
	return filepath.Join(filepath.Dir(ConfigPath()), "sipdesk-provisioner.sql")
}

// Require fails (CI=true) or skips the test when a tool is missing.
func Require(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			msg := fmt.Sprintf("%s is not installed (apt-get install kamailio kamailio-postgres-modules sipsak sip-tester baresip-core postgresql-client)", tool)
			if dbtest.InCI() {
				t.Fatalf("%s: CI requires it", msg)
			}
			fmt.Fprintf(os.Stderr, "\n*** SKIPPING %s: %s ***\n\n", t.Name(), msg)
			t.Skip("SKIPPED: " + msg)
		}
	}
}

// Database creates a fresh Postgres database with Kamailio's schema and
// sipdesk's table in it (deploy/kamailio/sipdesk-provisioner.sql), and
// returns its URL and an open Store; both go when the test ends.
func Database(t testing.TB) (string, *kamailio.Store) {
	t.Helper()
	for _, f := range schemaFiles {
		if _, err := os.Stat(filepath.Join(SchemaDir, f)); err != nil {
			Require(t, "kamailio-postgres-modules-schema-"+f) // reports the missing package
		}
	}
	url := dbtest.NewPostgresDatabase(t)
	ctx := context.Background()
	st, err := kamailio.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, f := range schemaFiles {
		sql, err := os.ReadFile(filepath.Join(SchemaDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.DB.ExecContext(ctx, string(sql)); err != nil {
			t.Fatalf("Kamailio schema %s: %v", f, err)
		}
	}
	sql, err := os.ReadFile(ProvisionerTablePath())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB.ExecContext(ctx, string(sql)); err != nil {
		t.Fatalf("%s: %v", ProvisionerTablePath(), err)
	}
	return url, st
}

// Registrar is a running Kamailio.
type Registrar struct {
	// Addr is host:port of its UDP socket.
	Addr string
	// TCPAddr is host:port of its TCP socket (Options.TCP), else "".
	TCPAddr string
	// Log is the file Kamailio logs to.
	Log string
}

// Options are the optional parts of a test registrar.
type Options struct {
	// TCP also listens on a free TCP port of 127.0.0.1 (TCPAddr).
	TCP bool
	// TZ is the registrar's time zone (its TZ), in which Kamailio writes
	// location.expires; "" leaves the test's own.
	TZ string
}

// ConfigPath is the repository's registrar config.
func ConfigPath() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "deploy", "kamailio", "kamailio.cfg")
}

// Start runs Kamailio with the repository's config against dbURL on a
// free UDP port of 127.0.0.1 as registrar serverID, and stops it when the
// test ends. It returns once the registrar answers an OPTIONS request.
func Start(t testing.TB, dbURL string, serverID int) *Registrar {
	t.Helper()
	return StartWith(t, dbURL, serverID, Options{})
}

// StartWith is Start with opt: a TCP socket as well, another time zone.
func StartWith(t testing.TB, dbURL string, serverID int, opt Options) *Registrar {
	t.Helper()
	Require(t, "kamailio")
	dir := t.TempDir()
	port := freeUDPPort(t)
	r := &Registrar{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), Log: filepath.Join(dir, "kamailio.log")}
	logf, err := os.Create(r.Log)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	cmd := exec.Command("kamailio", "-f", ConfigPath(), "-DD", "-E", "-Y", dir, "-P", filepath.Join(dir, "pid"),
		"-A", "LISTEN=udp:"+r.Addr,
		"-A", `DBURL="`+dbURL+`"`,
		"-A", "SERVERID="+strconv.Itoa(serverID),
		"-A", `CTLSOCK="unix:`+filepath.Join(dir, "ctl")+`"`)
	if opt.TCP {
		r.TCPAddr = net.JoinHostPort("127.0.0.1", strconv.Itoa(freeTCPPort(t)))
		cmd.Args = append(cmd.Args, "-l", "udp:"+r.Addr, "-l", "tcp:"+r.TCPAddr)
	}
	if opt.TZ != "" {
		cmd.Env = append(os.Environ(), "TZ="+opt.TZ)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	// Its own process group, so the cleanup's signal reaches its children
	// too; and SIGTERM when the test binary dies without cleaning up (a
	// killed "go test"), so no registrar outlives its test.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start kamailio: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	})
	deadline := time.Now().Add(15 * time.Second)
	for {
		select {
		case err := <-exited:
			t.Fatalf("kamailio exited (%v):\n%s", err, tail(r.Log))
		default:
		}
		if err := Ping(r.Addr); err == nil {
			return r
		} else if time.Now().After(deadline) {
			t.Fatalf("kamailio does not answer on %s (%v):\n%s", r.Addr, err, tail(r.Log))
		}
	}
}

// Ping sends one SIP OPTIONS over UDP and waits up to 300 ms for a reply.
func Ping(addr string) error {
	c, err := net.Dial("udp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	local := c.LocalAddr().String()
	req := "OPTIONS sip:" + addr + " SIP/2.0\r\n" +
		"Via: SIP/2.0/UDP " + local + ";branch=z9hG4bK-kamtest-" + strconv.FormatInt(time.Now().UnixNano(), 36) + ";rport\r\n" +
		"Max-Forwards: 70\r\nFrom: <sip:kamtest@127.0.0.1>;tag=1\r\nTo: <sip:" + addr + ">\r\n" +
		"Call-ID: kamtest-" + strconv.FormatInt(time.Now().UnixNano(), 36) + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
	if _, err := c.Write([]byte(req)); err != nil {
		return err
	}
	_ = c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	buf := make([]byte, 2048)
	n, err := c.Read(buf)
	if err != nil {
		return err
	}
	if !strings.HasPrefix(string(buf[:n]), "SIP/2.0 200") {
		return errors.New("unexpected reply: " + strings.SplitN(string(buf[:n]), "\r\n", 2)[0])
	}
	return nil
}

// freeUDPPort and freeTCPPort pick a free port below the kernel's
// ephemeral range (32768 up): a port from the range, released for
// Kamailio to bind, could meanwhile become the local port of a parallel
// test's client connection (Postgres, ssh, a SIP client).
func freeUDPPort(t testing.TB) int { return freePort(t, "udp") }

func freeTCPPort(t testing.TB) int { return freePort(t, "tcp") }

func freePort(t testing.TB, network string) int {
	t.Helper()
	for range 200 {
		p := 20000 + rand.IntN(12000)
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(p))
		var c io.Closer
		var err error
		if network == "udp" {
			c, err = net.ListenPacket("udp", addr)
		} else {
			c, err = net.Listen("tcp", addr)
		}
		if err == nil {
			c.Close()
			return p
		}
	}
	t.Fatalf("no free %s port below the ephemeral range", network)
	return 0
}

func tail(path string) string {
	b, _ := os.ReadFile(path)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}
