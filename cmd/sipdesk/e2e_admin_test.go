package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// adminKey generates an ed25519 key pair in a temporary directory, as an
// admin would with ssh-keygen, and returns the private key's path.
func adminKey(t *testing.T) string {
	t.Helper()
	key := filepath.Join(t.TempDir(), "care_ed25519")
	out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "care@desk", "-f", key).CombinedOutput()
	if err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	return key
}

// keyArgs are sshArgs for a login with the key alone. OpenSSH takes the
// first value of an option, so sshArgs' PubkeyAuthentication=no is
// replaced rather than overridden.
func keyArgs(p *serverProc, key string, extra ...string) []string {
	args := sshArgs(p, "", "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
		"-o", "PreferredAuthentications=publickey")
	for i, a := range args {
		if a == "PubkeyAuthentication=no" {
			args[i] = "PubkeyAuthentication=yes"
		}
	}
	return append(args, extra...)
}

// asAdmin runs `admin ARGS...` as the admin over OpenSSH, without a
// terminal, and returns stdout, stderr and the exit status.
func asAdmin(t *testing.T, p *serverProc, key string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(requireSSH(t), keyArgs(p, key, append([]string{"admin@127.0.0.1", "admin"}, args...)...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// mustAdmin runs an admin command that must exit with want.
func mustAdmin(t *testing.T, p *serverProc, key string, want int, args ...string) (string, string) {
	t.Helper()
	out, errOut, code := asAdmin(t, p, key, args...)
	if code != want {
		t.Fatalf("admin %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, out, errOut)
	}
	return out, errOut
}

// adminJSONOut runs an admin read with --json and decodes its stdout.
func adminJSONOut(t *testing.T, p *serverProc, key string, v any, args ...string) {
	t.Helper()
	out, _ := mustAdmin(t, p, key, 0, append(args, "--json")...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("admin %s --json: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// waitMailWith waits for a mail in the data directory that contains want.
func waitMailWith(t *testing.T, dataDir, want string) string {
	t.Helper()
	var found string
	waitShowing(t, 20*time.Second, fmt.Sprintf("a mail with %q", want), func() bool {
		for _, m := range mailsIn(t, dataDir) {
			if strings.Contains(m, want) {
				found = m
				return true
			}
		}
		return false
	}, func() string { return fmt.Sprintf("%d mails", len(mailsIn(t, dataDir))) })
	return found
}

func TestE2EAdminCustomerCare(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	key := adminKey(t)
	dataDir := t.TempDir()
	p := startPortal(t, dataDir, "--initial-admin-keys", key+".pub")
	if !strings.Contains(p.logs.String(), "initial admin keys registered") {
		t.Fatalf("the key was not registered:\n%s", p.logs.String())
	}
	const user = "carla@example.ch"

	// A new customer, without a password; a welcome mail goes out.
	var created struct {
		UserID string `json:"user_id"`
		Email  string `json:"email"`
	}
	adminJSONOut(t, p, key, &created, "customer", "create", "--email", user, "--region", "CH", "--name", "'Carla Kunde'")
	if created.UserID != user || created.Email != user {
		t.Fatalf("created %+v", created)
	}

	// A number of each product.
	for _, n := range [][]string{
		{"+41 44 200 00 01", "--product", "pbx", "--label", "'Office Bern'"},
		{"+41442000010", "--product", "trunk"},
		{"+41442000011", "--product", "trunk-participant", "--trunk", "+41442000010"},
		{"+41442000020", "--product", "teams"},
		{"+41442000030", "--product", "none"},
	} {
		mustAdmin(t, p, key, 0, append([]string{"number", "add", user}, n...)...)
	}
	out, _ := mustAdmin(t, p, key, 0, "number", "product", "+41442000030", "--product", "pbx")
	if !strings.Contains(out, "No SIP service -> Virtual PBX") || !strings.Contains(out, "SIP credentials were created") {
		t.Fatalf("number product:\n%s", out)
	}
	mustAdmin(t, p, key, 0, "number", "product", "+41442000030", "--product", "none")
	_, errOut := mustAdmin(t, p, key, 2, "number", "add", user, "+41 44 2x00", "--product", "pbx")
	if !strings.Contains(errOut, "international format") {
		t.Fatalf("bad number: %s", errOut)
	}

	// The customer follows the welcome mail, sets a password and sees the
	// numbers. A CH customer who chose no language gets the region's: German.
	welcome := waitMailWith(t, dataDir, "Ihre Benutzer-ID lautet "+user)
	if !strings.Contains(welcome, "To: <"+user+">") || !resetCmdRe.MatchString(welcome) {
		t.Fatalf("welcome mail:\n%s", welcome)
	}
	const password = "Carla-Kunde-2026"
	term := resetWith(t, p, welcome, password, "")
	term.expectNew("Set your password", "Your password is set") // a first password, not a change
	term.send("q")
	term.exitCode()
	out, code := sshCommand(t, p, user, password, "numbers", "--json")
	var nums []portal.NumberView
	if err := json.Unmarshal([]byte(out), &nums); err != nil || code != 0 {
		t.Fatalf("numbers --json: exit %d, %v:\n%s", code, err, out)
	}
	products := map[string]portal.Product{}
	for _, n := range nums {
		products[n.E164] = n.Product
	}
	if len(nums) != 5 || products["+41442000001"] != portal.ProductPBX || products["+41442000010"] != portal.ProductTrunk ||
		products["+41442000011"] != portal.ProductTrunkParticipant || products["+41442000020"] != portal.ProductTeams ||
		products["+41442000030"] != portal.ProductNone {
		t.Fatalf("numbers: %+v", nums)
	}

	// A customer account gets no admin commands.
	screen, code := runCmd(t, p, user, []string{password}, "admin", "customer", "list")
	if code != 5 || !strings.Contains(screen, "admin commands are for customer care") {
		t.Fatalf("customer running admin: exit %d\n%s", code, screen)
	}

	// 2FA reset: refused for another address, done for the stored one.
	svc := openService(t, dataDir)
	ctx := context.Background()
	acct, err := db.AccountByUserID(ctx, svc.DB, user)
	if err != nil {
		t.Fatal(err)
	}
	setup, _ := svc.NewTOTPSetup(user)
	totpCode, _ := totp.GenerateCode(setup.Secret, time.Now())
	if _, err := svc.ActivateTOTP(ctx, acct, setup, totpCode); err != nil {
		t.Fatal(err)
	}
	_, errOut = mustAdmin(t, p, key, 4, "2fa", "reset", user, "--requested-by", "carla@gmail.example")
	if !strings.Contains(errOut, "stored address") {
		t.Fatalf("2fa reset from another address: %s", errOut)
	}
	var show portal.AccountDetails
	adminJSONOut(t, p, key, &show, "customer", "show", user)
	if !show.TwoFactor || show.RecoveryCodesLeft != portal.RecoveryCodeCount {
		t.Fatalf("after the refused reset: %+v", show)
	}
	mustAdmin(t, p, key, 0, "2fa", "reset", user, "--requested-by", "Carla@Example.ch")
	adminJSONOut(t, p, key, &show, "customer", "show", user)
	if show.TwoFactor || show.RecoveryCodesLeft != 0 || len(show.Numbers) != 5 {
		t.Fatalf("after the reset: %+v", show)
	}
	if m := waitMailWith(t, dataDir, "Kundendienst hat die Zwei-Faktor-Authentisierung"); !strings.Contains(m, "To: <"+user+">") {
		t.Fatalf("2FA reset mail:\n%s", m)
	}
	// The password alone logs in again (no code prompt).
	if screen, code := runCmd(t, p, user, []string{password}, "whoami"); code != 0 || !strings.Contains(screen, "2FA off") {
		t.Fatalf("login after the 2FA reset: exit %d\n%s", code, screen)
	}

	// Reads parse as JSON.
	var list []portal.AccountSummary
	adminJSONOut(t, p, key, &list, "customer", "list", "--query", "KUNDE")
	if len(list) != 1 || list[0].UserID != user || !list[0].PasswordSet {
		t.Fatalf("customer list: %+v", list)
	}
	var servers []portal.RegionSIPServers
	adminJSONOut(t, p, key, &servers, "sip-servers")
	if len(servers) != 2 {
		t.Fatalf("sip-servers: %+v", servers)
	}
	var mails []portal.OutboxMail
	adminJSONOut(t, p, key, &mails, "mail", "list")
	if len(mails) < 3 {
		t.Fatalf("mail list: %+v", mails)
	}
	var keys []portal.AdminKey
	adminJSONOut(t, p, key, &keys, "key", "list")
	if len(keys) != 1 || keys[0].UserID != "admin" || keys[0].Comment != "care@desk" {
		t.Fatalf("key list: %+v", keys)
	}
	_, errOut = mustAdmin(t, p, key, 4, "key", "remove", keys[0].Fingerprint)
	if !strings.Contains(errOut, "lock you out") {
		t.Fatalf("removing the last key: %s", errOut)
	}

	// The audit trail names the admin for every action.
	var events []portal.AuditEntry
	adminJSONOut(t, p, key, &events, "audit", user, "--since", "1h")
	byAdmin := map[string]bool{}
	for _, e := range events {
		if e.Actor == "admin" {
			byAdmin[e.Action] = true
		}
	}
	for _, want := range []string{"account.create", "account.welcome-link-sent", "number.add", "number.product", "2fa.reset-refused", "2fa.reset"} {
		if !byAdmin[want] {
			t.Errorf("no %s by admin in the audit trail: %+v", want, events)
		}
	}
	out, _ = mustAdmin(t, p, key, 0, "audit", user)
	seen := 0
	for _, line := range strings.Split(out, "\n") {
		for _, action := range []string{"account.create", "number.add", "2fa.reset"} {
			if strings.Contains(line, "  "+action) {
				seen++
				if !strings.Contains(line, "  admin  ") {
					t.Fatalf("audit line without the admin: %q", line)
				}
			}
		}
	}
	if seen < 8 { // create, 5 number.add, 2fa.reset-refused, 2fa.reset
		t.Fatalf("audit text shows %d of the actions:\n%s", seen, out)
	}
	if strings.Contains(p.logs.String(), resetCmdRe.FindStringSubmatch(welcome)[2]) {
		t.Fatal("the welcome link's token is in the server log")
	}
}
