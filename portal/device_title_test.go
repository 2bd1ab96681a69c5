package portal_test

import (
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/devices"
	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/portal"
)

// Every device says what its output is in each language (the catalogue
// key is built from its name, which TestKeysUsedInCodeExist cannot see),
// and keeps its own name; English is the devices' own title.
func TestDeviceTitlesInEveryLanguage(t *testing.T) {
	t.Parallel()
	for _, d := range devices.All {
		if d.What != "" && !i18n.Has("device.what."+d.Name) {
			t.Errorf("%s: no device.what.%s in the catalogue", d.Name, d.Name)
		}
		for _, loc := range []i18n.Locale{i18n.DeCH, i18n.DeAT, i18n.FrCH, i18n.ItCH, i18n.EnCH} {
			v := portal.Voice{Printer: i18n.NewPrinter(loc)}
			got := v.DeviceTitle(d)
			if !strings.HasPrefix(got, d.Model) {
				t.Errorf("%s %s: %q lost the model's name", d.Name, loc, got)
			}
			if loc == i18n.EnCH && got != d.Title() {
				t.Errorf("%s in English: %q, want %q", d.Name, got, d.Title())
			}
		}
	}
	if got := (portal.Voice{}).DeviceTitle(devices.All[1]); got != "Yealink T4x/T5x (provisioning .cfg)" {
		t.Errorf("without a language: %q", got)
	}
}
