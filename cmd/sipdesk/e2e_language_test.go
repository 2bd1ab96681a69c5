package main

import (
	"strings"
	"testing"
)

// A new customer with a German or French terminal (OpenSSH's SetEnv, as
// Debian's and Ubuntu's ssh send LANG) sees the portal and the commands in
// that language; the account's own setting beats LANG.
func TestE2ELanguageFollowsLANGAndTheAccountSetting(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	p := startPortal(t, t.TempDir())
	user, password := p.demo(t)

	tui := func(lang string, want ...string) {
		t.Helper()
		term := openTerminal(t, sshArgs(p, "", "-o", "SetEnv=LANG="+lang, user+"@127.0.0.1")...)
		term.expect("Password:")
		term.typeLine(password)
		term.expect(want...)
		term.send("q")
		if code := term.exitCode(); code != 0 {
			t.Fatalf("LANG=%s: exit %d", lang, code)
		}
	}
	command := func(lang string, args ...string) string {
		t.Helper()
		term := openTerminal(t, sshArgs(p, "", append([]string{"-o", "SetEnv=LANG=" + lang, "-o", "NumberOfPasswordPrompts=1",
			"-o", "PreferredAuthentications=keyboard-interactive", user + "@127.0.0.1"}, args...)...)...)
		term.expect("Password:")
		term.typeLine(password)
		if code := term.exitCode(); code != 0 {
			t.Fatalf("LANG=%s %v: exit %d\n%s", lang, args, code, term.screen())
		}
		return term.screen()
	}

	// Before login: the region's language (German for CH) and English.
	tui("de_CH.UTF-8", "angemeldet als "+user, "Übersicht", "Ihre Rufnummern", "Virtuelle Telefonanlage", "beenden")
	tui("fr_CH.UTF-8", "connecté en tant que "+user, "Accueil", "Vos numéros de téléphone", "quitter")
	if out := command("de_CH.UTF-8", "numbers"); !strings.Contains(out, "NUMMER") || !strings.Contains(out, "Virtuelle Telefonanlage") {
		t.Fatalf("numbers with LANG=de_CH:\n%s", out)
	}
	if out := command("fr_CH.UTF-8", "numbers"); !strings.Contains(out, "NUMÉRO") || !strings.Contains(out, "Central virtuel") {
		t.Fatalf("numbers with LANG=fr_CH:\n%s", out)
	}

	// The account's setting beats LANG, in the TUI and in commands.
	if out := command("de_CH.UTF-8", "language", "set", "it"); !strings.Contains(out, "Il portale ora parla italiano.") {
		t.Fatalf("language set it:\n%s", out)
	}
	tui("de_CH.UTF-8", "connesso come "+user, "Panoramica", "esci")
	if out := command("fr_CH.UTF-8", "numbers"); !strings.Contains(out, "NUMERO") || !strings.Contains(out, "Centralino virtuale") {
		t.Fatalf("numbers with the setting it and LANG=fr_CH:\n%s", out)
	}
}

// README: ssh joins a command's arguments into one line, so a name with a
// space needs a second pair of quotes that reaches the server.
func TestE2EAdminNameWithSpaceNeedsQuotesThatReachTheServer(t *testing.T) {
	t.Parallel()
	requireSSH(t)
	key := adminKey(t)
	p := startPortal(t, t.TempDir(), "--initial-admin-keys", key+".pub")
	out, errOut, code := asAdmin(t, p, key, "customer", "create", "--email", "alice.muster@example.ch", "--region", "CH", "--name", "'Alice Muster'", "--json")
	if code != 0 || !strings.Contains(out, `"name": "Alice Muster"`) {
		t.Fatalf("quoted twice: exit %d\n%s%s", code, out, errOut)
	}
	// The README's warning: with the shell's quotes alone, the name
	// arrives as two words and the second is an argument.
	_, errOut, code = asAdmin(t, p, key, "customer", "create", "--email", "bob.muster@example.ch", "--region", "CH", "--name", "Bob Muster")
	if code != 2 {
		t.Fatalf("quoted once: exit %d, want 2\n%s", code, errOut)
	}
	help, _, _ := asAdmin(t, p, key, "customer", "create", "--help")
	if !strings.Contains(help, `--name "'Alice Muster'"`) {
		t.Fatalf("--help does not show the quoting:\n%s", help)
	}
}
