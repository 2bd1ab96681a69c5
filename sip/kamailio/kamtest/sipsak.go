package kamtest

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// Register sends a REGISTER for username in realm with password to the
// registrar with the sipsak client, answering the digest challenge. It
// returns nil on 200, ErrUnauthorized when the registrar challenged the
// answer again (sipsak reports "authorization failed"), and another error
// otherwise.
func Register(ctx context.Context, registrar, realm, username, password string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	// -U registers (usrloc mode) with the From/To domain realm, sent to
	// the registrar (-p); -u names the digest user, as sipsak mangles it
	// when taken from the URI. sipsak still resolves the realm's name
	// (and gives up when it does not resolve), so tests whose realm is a
	// name no resolver knows register with sipp or baresip instead.
	cmd := exec.CommandContext(ctx, "sipsak", "-U", "-i", "-s", "sip:"+username+"@"+realm,
		"-p", registrar, "-u", username, "-a", password)
	out, err := cmd.CombinedOutput()
	if err == nil {
		return nil
	}
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 2 && strings.Contains(string(out), "authorization failed") {
		return ErrUnauthorized
	}
	return fmt.Errorf("sipsak register %s: %w\n%s", username, err, out)
}

// ErrUnauthorized is a REGISTER refused with 401 or 403.
var ErrUnauthorized = errors.New("registrar refused the credentials")
