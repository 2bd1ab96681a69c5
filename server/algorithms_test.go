package server

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db/dbtest"
)

// requireTool finds a client program; CI must have it.
func requireTool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if dbtest.InCI() {
			t.Fatalf("%s (Debian package %s) is required in CI", name, pkg)
		}
		fmt.Fprintf(os.Stderr, "\n*** SKIPPING %s: no %s on PATH (apt-get install %s) ***\n", t.Name(), name, pkg)
		t.Skipf("SKIPPED: no %s", name)
	}
	return path
}

// tooNewForSSHAudit are algorithms that Debian's ssh-audit (2.5.0, 2021)
// does not know yet, so it warns "unknown algorithm": the ML-KEM hybrid
// key exchange (OpenSSH 9.9, 2024) and the strict key exchange marker
// against Terrapin (OpenSSH 9.6, 2023), which x/crypto always sends.
var tooNewForSSHAudit = map[string]bool{
	"mlkem768x25519-sha256":        true,
	"kex-strict-s-v00@openssh.com": true,
}

var auditLineRe = regexp.MustCompile(`^\((kex|key|enc|mac)\) (\S+)\s+-- \[(\w+)\] (.*)$`)
var auditMoreRe = regexp.MustCompile("^\\s+`- \\[(\\w+)\\] (.*)$")

// ssh-audit finds no failure and no warning in what the server offers
// (x/crypto's defaults offered diffie-hellman-group14-sha1, hmac-sha1,
// hmac-sha1-96 and non-ETM MACs), and the post-quantum hybrid is offered.
func TestSSHAuditFindsNoWeakAlgorithm(t *testing.T) {
	t.Parallel()
	audit := requireTool(t, "ssh-audit", "ssh-audit")
	p := startPortal(t, dbtest.SQLite(t), nil)
	host, port, _ := strings.Cut(p.addr, ":")
	out, _ := exec.Command(audit, "-n", "-p", port, host).CombinedOutput()
	// ssh-audit exits non-zero for the unknown algorithms; the lines say why.
	algo, seen := "", map[string]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		level, note := "", ""
		if m := auditLineRe.FindStringSubmatch(line); m != nil {
			algo, level, note = m[2], m[3], m[4]
			seen[algo] = true
		} else if m := auditMoreRe.FindStringSubmatch(line); m != nil {
			level, note = m[1], m[2]
		}
		if level != "fail" && level != "warn" {
			continue
		}
		if note == "unknown algorithm" && tooNewForSSHAudit[algo] {
			continue
		}
		t.Errorf("ssh-audit: %s: [%s] %s", algo, level, note)
	}
	for _, want := range []string{"mlkem768x25519-sha256", "curve25519-sha256", "ssh-ed25519", "chacha20-poly1305@openssh.com", "hmac-sha2-256-etm@openssh.com"} {
		if !seen[want] {
			t.Errorf("%s not offered", want)
		}
	}
	if t.Failed() || len(seen) == 0 {
		t.Logf("ssh-audit output:\n%s", out)
	}
}

// Older clients still log in: OpenSSH 8.x's default algorithm lists (the
// client picks from them), and PuTTY's plink.
func TestOlderClientsStillConnect(t *testing.T) {
	t.Parallel()
	sshPath := requireTool(t, "ssh", "openssh-client")
	p := startPortal(t, dbtest.SQLite(t), nil)
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := p.svc.EnsureInitialAdmin(context.Background(), "admin", "care@example.ch", []string{authorizedLine(signer, "care")}); err != nil {
		t.Fatal(err)
	}
	priv, err := gossh.MarshalPrivateKey(key, "")
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "care")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(priv), 0o600); err != nil {
		t.Fatal(err)
	}
	host, port, _ := strings.Cut(p.addr, ":")
	openssh8 := []string{
		"KexAlgorithms=curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521," +
			"diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256",
		"Ciphers=chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
		"MACs=umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com," +
			"hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1",
	}
	for name, opts := range map[string][]string{
		"OpenSSH 8.x defaults":      openssh8,
		"AES-CTR with an ETM MAC":   {"Ciphers=aes256-ctr", "MACs=hmac-sha2-512-etm@openssh.com", "KexAlgorithms=diffie-hellman-group16-sha512"},
		"this OpenSSH's own choice": nil,
	} {
		args := []string{"-F", "/dev/null", "-p", port, "-i", keyFile, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
			"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "PreferredAuthentications=publickey"}
		for _, o := range opts {
			args = append(args, "-o", o)
		}
		args = append(args, "admin@"+host, "whoami")
		if out, err := exec.Command(sshPath, args...).CombinedOutput(); err != nil || !strings.Contains(string(out), "admin") {
			t.Errorf("%s: %v\n%s", name, err, out)
		}
	}

	plink := requireTool(t, "plink", "putty-tools")
	p.customer(t, "alice@example.ch")
	out, err := exec.Command(plink, "-ssh", "-batch", "-P", port, "-l", "alice@example.ch", "-pw", testPassword,
		"-hostkey", gossh.FingerprintSHA256(p.srv.signer.PublicKey()), host, "whoami").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "alice@example.ch") {
		t.Errorf("PuTTY's plink: %v\n%s", err, out)
	}
}
