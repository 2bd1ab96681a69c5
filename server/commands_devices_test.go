package server

import (
	"context"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/devices"
	"github.com/sipdesk/sipdesk/server/cmdkit"
)

func TestCredentialsDeviceCommand(t *testing.T) {
	t.Parallel()
	p, c := numbersPortal(t, dbtest.SQLite(t))
	pw := p.voipPassword(t, "alice@example.ch", "+41441234567")

	out, _ := wantExit(t, c, "credentials +41441234567 --device list", 0)
	for _, d := range devices.All {
		if !strings.Contains(out, d.Name) {
			t.Errorf("--device list lacks %s:\n%s", d.Name, out)
		}
	}
	// Without --reveal: no password, and both the output and stderr say so.
	out, _ = wantExit(t, c, "credentials +41441234567 --device yealink", 0, "add --reveal")
	if strings.Contains(out, pw) || !strings.Contains(out, devices.HiddenPassword) ||
		!strings.HasPrefix(out, "#!version:1.0.0.1\n") || !strings.Contains(out, "account.1.user_name = 41441234567") {
		t.Fatalf("--device yealink:\n%s", out)
	}
	// The session asks for English (run's LANG), so the FRITZ!Box's
	// English labels.
	out, errOut := wantExit(t, c, "credentials 044 123 45 67 --device fritzbox --reveal", 0)
	if !strings.Contains(out, "Password                                  "+pw) || !strings.Contains(out, "Registrar                                 sip.example.ch") || errOut != "" {
		t.Fatalf("--device fritzbox --reveal:\n%s\nstderr: %s", out, errOut)
	}
	out, _ = wantExit(t, c, "credentials +41447770000 --device pjsip --reveal", 0)
	if !strings.Contains(out, "type=registration") || !strings.Contains(out, "SIP trunk") {
		t.Fatalf("trunk --device pjsip:\n%s", out)
	}

	// A trunk participant points to its main number's configuration.
	wantExit(t, c, "credentials +41447770001 --device baresip", cmdkit.ExitRefused,
		"main number's configuration: credentials +41447770000 --device baresip")
	wantExit(t, c, "credentials +41445550199 --device baresip", cmdkit.ExitRefused, "Microsoft Teams")
	wantExit(t, c, "credentials +41449990000 --device baresip", cmdkit.ExitNotFound, "No such phone number")
	wantExit(t, c, "credentials +41441234567 --device cisco", cmdkit.ExitUsage, `Unknown device "cisco": choose one of fritzbox`)
	wantExit(t, c, "credentials +41441234567 --device snom --json", cmdkit.ExitUsage, "does not take --json")
	wantExit(t, c, "credentials +41441234567 --reveal", cmdkit.ExitUsage, "--reveal goes with --device")
}

// A localised device speaks the customer's language (the account's
// setting); a config file stays as it is.
func TestDeviceSetupInTheCustomersLanguage(t *testing.T) {
	t.Parallel()
	p, c := numbersPortal(t, dbtest.SQLite(t))
	pjsipBefore, _ := wantExit(t, c, "credentials +41447770000 --device pjsip", 0)
	acct, err := db.AccountByUserID(context.Background(), p.svc.DB, "alice@example.ch")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.svc.SetLanguage(context.Background(), acct, "fr", "test"); err != nil {
		t.Fatal(err)
	}
	stdoutHas := func(cmd string, want ...string) {
		t.Helper()
		out, _ := wantExit(t, c, cmd, 0)
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s lacks %q:\n%s", cmd, w, out)
			}
		}
	}
	stdoutHas("credentials +41441234567 --device fritzbox", "Nom d'utilisateur", "Serveur proxy", "Nom d'authentification", "Registrar")
	stdoutHas("credentials +41441234567 --device linphone", "Domaine SIP", "Adresse du proxy")
	stdoutHas("credentials +41441234567 --device microsip", "Serveur SIP", "Domaine")
	if after, _ := wantExit(t, c, "credentials +41447770000 --device pjsip", 0); after != pjsipBefore {
		t.Errorf("pjsip.conf changed with the language:\n%s\nbefore:\n%s", after, pjsipBefore)
	}
	if _, err := p.svc.SetLanguage(context.Background(), acct, "en", "test"); err != nil {
		t.Fatal(err)
	}
	stdoutHas("credentials +41441234567 --device fritzbox", "User name", "Proxy server", "Authentication name")
}
