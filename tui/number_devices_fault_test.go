package tui

import (
	"strings"
	"testing"
)

// Issue 13.4: a device set-up that fails for the store's reasons shows
// the plain sentence with a reference, never the driver's words.
func TestDeviceSetUpWithTheStoreGoneShowsAReference(t *testing.T) {
	t.Parallel()
	c, _ := numbersCommon(t)
	app := phoneNumbersApp(t, c)
	openNumber(t, app, "office")
	drive(t, app, keys2("d")...)
	c.Svc.DB.Close()
	drive(t, app, enter)
	v := app.View()
	flat := strings.Join(strings.Fields(v), " ")
	if !strings.Contains(flat, "a problem on our side") || !refRe.MatchString(flat) || strings.Contains(flat, "sql:") {
		t.Errorf("want the plain sentence with a reference; the page shows:\n%s", v)
	}
}
