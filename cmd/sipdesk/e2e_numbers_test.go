package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// numbersPortal starts the server and opens its store with its server key,
// as an operator's tool would, to add a second account and to read VoIP
// passwords.
func numbersPortal(t *testing.T) (*serverProc, *portal.Service) {
	t.Helper()
	p := startPortal(t, t.TempDir())
	return p, openService(t, p.dataDir)
}

// sshCommand runs one command over OpenSSH, types the password, and
// returns what the user sees after the prompt and ssh's exit status.
func sshCommand(t *testing.T, p *serverProc, user, password string, command ...string) (string, int) {
	t.Helper()
	args := sshArgs(p, "", append([]string{"-o", "NumberOfPasswordPrompts=1", user + "@127.0.0.1"}, command...)...)
	term := openTerminal(t, args...)
	term.expect("Password:")
	term.typeLine(password)
	code := term.exitCode()
	s := term.screen()
	return strings.TrimSpace(s[strings.Index(s, "Password:")+len("Password:"):]), code
}

func demoVoIPPassword(t *testing.T, svc *portal.Service, user, number string) string {
	t.Helper()
	acct, err := db.AccountByUserID(context.Background(), svc.DB, user)
	if err != nil {
		t.Fatal(err)
	}
	cr, err := svc.Credentials(context.Background(), acct.ID, number)
	if err != nil {
		t.Fatal(err)
	}
	return cr.Password
}

var newPasswordRe = regexp.MustCompile(`New VoIP password for \+41 44 123 45 67: ([A-Za-z0-9]{24})`)

func TestE2ENumberCommands(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p, svc := numbersPortal(t)
	user, password := p.demo(t)
	other, err := svc.CreateAccount(context.Background(), svc.DB, portal.NewAccountRequest{Email: "other@example.ch", Region: "CH"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddNumber(context.Background(), svc.DB, other.ID, "+41449990000", portal.ProductPBX, "", "Other's PBX"); err != nil {
		t.Fatal(err)
	}

	out, code := sshCommand(t, p, user, password, "numbers", "--json")
	var nums []portal.NumberView
	if err := json.Unmarshal([]byte(out), &nums); err != nil || code != 0 {
		t.Fatalf("numbers --json: exit %d, %v:\n%s", code, err, out)
	}
	if len(nums) != 2 || nums[0].E164 != "+41441234567" || nums[0].Product != portal.ProductPBX || nums[1].Product != portal.ProductTeams {
		t.Fatalf("numbers --json = %+v", nums)
	}

	// Another account's number gets exactly the answer of an unknown one.
	othersOut, othersCode := sshCommand(t, p, user, password, "credentials", "+41449990000")
	unknownOut, unknownCode := sshCommand(t, p, user, password, "credentials", "+41449990001")
	if othersCode != 3 || unknownCode != 3 || othersOut != unknownOut || !strings.Contains(othersOut, "Error: No such phone number in your account") {
		t.Fatalf("another account's number: exit %d %q\nunknown number: exit %d %q", othersCode, othersOut, unknownCode, unknownOut)
	}

	old := demoVoIPPassword(t, svc, user, "+41441234567")
	out, code = sshCommand(t, p, user, password, "voip-password", "+41441234567", "--new", "--yes")
	m := newPasswordRe.FindStringSubmatch(out)
	if code != 0 || m == nil || m[1] == old {
		t.Fatalf("voip-password --new --yes: exit %d\n%s", code, out)
	}
	out, code = sshCommand(t, p, user, password, "credentials", "+41441234567")
	if code != 0 || !strings.Contains(out, "VoIP password  "+m[1]) || !strings.Contains(out, "sip.example.ch:5060 (UDP)") {
		t.Fatalf("credentials after voip-password: exit %d\n%s", code, out)
	}
	if stored := demoVoIPPassword(t, svc, user, "+41441234567"); stored != m[1] {
		t.Fatalf("stored password %q, printed %q", stored, m[1])
	}
}

func TestE2EPhoneNumbersPage(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p, svc := numbersPortal(t)
	user, password := p.demo(t)
	pw := demoVoIPPassword(t, svc, user, "+41441234567")

	term := openTerminal(t, sshArgs(p, "", user+"@127.0.0.1")...)
	term.expect("Password:")
	term.typeLine(password)
	term.expect("signed in as " + user)
	term.send("2")
	term.expect("2 numbers", "Office Zurich", "Teams reception", "/ search")
	// The PBX number is the first row.
	term.send("\r")
	term.expect("SIP-Credentials", "41441234567", strings.Repeat("•", len(pw)), "sip.example.ch:5060 (UDP)", "r reveal password")
	if strings.Contains(term.screen(), pw) {
		t.Fatal("the password shows before r")
	}
	term.send("r")
	term.expect(pw)
	term.send("c")
	term.expect("Copied the VoIP password to your clipboard")
	term.mu.Lock()
	raw := term.out.String()
	term.mu.Unlock()
	if !strings.Contains(raw, "\x1b]52;c;"+base64.StdEncoding.EncodeToString([]byte(pw))+"\a") {
		t.Error("c wrote no OSC 52 sequence with the password to the terminal")
	}

	// esc alone, then wait for the list: an esc that arrives together with
	// the next key's sequence reads as alt+that key.
	term.send("\x1b")
	term.expectNew("enter open number")
	term.send("\x1b[B") // down: the Teams number
	term.send("\r")
	term.expect("No SIP-Credentials card", "Microsoft Teams numbers need no SIP configuration data", "https://example.ch/help/microsoft-teams")
	term.send("q")
	if code := term.exitCode(); code != 0 {
		t.Fatalf("ssh exit %d after q", code)
	}
}
