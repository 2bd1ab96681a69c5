package main

import (
	"syscall"
	"testing"
)

// openFrenchResetForm sets the demo account's language to French, asks
// for a reset link and opens its form from a client whose LANG is English
// (sshArgs'): the form speaks French, the account's setting.
func openFrenchResetForm(t *testing.T, p *serverProc) *terminal {
	t.Helper()
	user, pw := p.demo(t)
	if out, rc := runCmd(t, p, user, []string{pw}, "language", "set", "fr"); rc != 0 {
		t.Fatalf("language set fr: exit %d\n%s", rc, out)
	}
	forgot(t, p, "CH", user)
	m := resetCmdRe.FindStringSubmatch(waitMail(t, p.dataDir, 1))
	if m == nil {
		t.Fatal("no reset command in the mail")
	}
	term := openTerminal(t, replacePort(sshArgs(p, "", m[2]+"@127.0.0.1"), m[1])...)
	term.expect("Nouveau mot de passe")
	return term
}

// The idle notice on a reset link's form speaks the form's language, the
// account's setting, not the client's LANG (issue 14).
func TestE2EResetFormIdleNoticeSpeaksTheAccountsLanguage(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir(), "--idle-timeout", "3s")
	term := openFrenchResetForm(t, p)
	term.expect("la session a été fermée après 3s d'inactivité")
	if code := term.exitCode(); code != exitEnded {
		t.Fatalf("exit %d, want %d:\n%s", code, exitEnded, term.screen())
	}
}

// The restart notice on a reset link's form speaks the form's language
// too (issue 14).
func TestE2EResetFormRestartNoticeSpeaksTheAccountsLanguage(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir(), "--shutdown-timeout", "1h")
	term := openFrenchResetForm(t, p)
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	term.expect("le portail redémarre ; reconnectez-vous")
	if code := term.exitCode(); code != exitEnded {
		t.Fatalf("exit %d, want %d:\n%s", code, exitEnded, term.screen())
	}
}
