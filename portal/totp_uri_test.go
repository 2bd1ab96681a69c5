package portal_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/portal"
)

// The otpauth URI stays within portal.MaxTOTPURI bytes, the QR code an
// 80x24 terminal shows, for every user ID up to the longest allowed (254
// characters): a label too long is the user ID's start and "...", whole
// characters only; the secret and the issuer are always whole.
func TestTOTPURIFitsTheTerminalsQRCode(t *testing.T) {
	t.Parallel()
	const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	for _, account := range []string{
		"demo@example.ch",
		"maximilian.mustermann-oberhofer@buchhaltung.grossunternehmen.ch",
		strings.Repeat("x", 243) + "@example.ch",
		"jürg.müller-überall@bücher-und-dächer.example.ch", // escaped, never cut inside a character
	} {
		uri := portal.TOTPURI("sipdesk", account, secret)
		if len(uri) > portal.MaxTOTPURI {
			t.Errorf("%d-byte user ID: URI of %d bytes, more than %d: %s", len(account), len(uri), portal.MaxTOTPURI, uri)
		}
		u, err := url.Parse(uri)
		if err != nil {
			t.Fatalf("%s: %v", uri, err)
		}
		if u.Scheme != "otpauth" || u.Host != "totp" || u.Query().Get("secret") != secret || u.Query().Get("issuer") != "sipdesk" {
			t.Errorf("URI %s lost a part", uri)
		}
		label := strings.TrimPrefix(u.Path, "/")
		if short, ok := strings.CutSuffix(label, "..."); ok {
			if !strings.HasPrefix(account, short) || len(short) < 20 {
				t.Errorf("label %q is not a start of %q of at least 20 bytes", label, account)
			}
		} else if label != account {
			t.Errorf("label %q, want %q", label, account)
		}
	}
	if got := portal.TOTPURI("sipdesk", "demo@example.ch", secret); got != "otpauth://totp/demo@example.ch?secret="+secret+"&issuer=sipdesk" {
		t.Errorf("a short user ID's URI changed: %s", got)
	}
}
