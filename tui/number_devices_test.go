package tui

import (
	"testing"

	"github.com/sipdesk/sipdesk/devices"
	"github.com/sipdesk/sipdesk/i18n"
)

// The card's device chooser: choose Yealink, see the provisioning file
// without the password, r puts it in, esc goes back step by step.
func TestCardDeviceChooserShowsTheSetUpAndRevealsOnlyAfterR(t *testing.T) {
	t.Parallel()
	c, _ := numbersCommon(t)
	app := phoneNumbersApp(t, c)
	openNumber(t, app, "office")
	pw := credentials(t, c, pbxNumber).Password
	wantIn(t, app.View(), "d device set-up")

	drive(t, app, keys2("d")...)
	v := app.View()
	wantIn(t, v, "Which device do you set up?", "▸ AVM FRITZ!Box", "Snom D7xx", "MicroSIP", "enter show set-up")
	drive(t, app, keys2("j")...)
	wantIn(t, app.View(), "▸ Yealink T4x/T5x")

	drive(t, app, enter)
	v = app.View()
	wantIn(t, v, "Device set-up: Yealink", "#!version:1.0.0.1", "account.1.user_name = 41441234567",
		"account.1.password = "+devices.HiddenPassword, "r shows it", "--device yealink")
	wantNotIn(t, v, pw)

	drive(t, app, keys2("r")...)
	v = app.View()
	wantIn(t, v, "account.1.password = "+pw, "r hide password")
	wantNotIn(t, v, devices.HiddenPassword, "r shows it")

	drive(t, app, esc)
	wantIn(t, app.View(), "▸ Yealink T4x/T5x")
	drive(t, app, esc)
	wantIn(t, app.View(), "SIP-Credentials", "d device set-up")
}

// The chooser speaks the session's language: its title, hints, the set-up
// heading and the hidden-password line (issue 14).
func TestCardDeviceChooserSpeaksGerman(t *testing.T) {
	t.Parallel()
	c, _ := numbersCommon(t)
	c.Voice = voiceIn(i18n.DeCH)
	app := phoneNumbersApp(t, c)
	openNumber(t, app, "office")
	wantIn(t, app.View(), "d Geräte-Einrichtung")
	drive(t, app, keys2("d")...)
	// The devices keep their names; what each output is, is German.
	wantIn(t, app.View(), "Welches Gerät richten Sie ein?", "enter Einrichtung zeigen",
		"Yealink T4x/T5x (Provisioning-Datei .cfg)", "Snom D7xx (Provisioning-XML)", "baresip (Zeile für accounts)",
		"Linphone (Felder)", "MicroSIP (Felder)")
	wantNotIn(t, app.View(), "(fields)", "(provisioning", "(accounts line)", "(gateway XML)")
	drive(t, app, enter)
	v := app.View()
	wantIn(t, v, "Geräte-Einrichtung: AVM FRITZ!Box", "Dasselbe wie: credentials", "r zeigt es in der Einrichtung")
	wantNotIn(t, v, "Device set-up", "The same as", "is hidden")
}
