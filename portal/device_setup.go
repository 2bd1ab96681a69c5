package portal

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/devices"
	"github.com/sipdesk/sipdesk/i18n"
)

// DeviceTitle names a device as the card's chooser and `--device list`
// show it: its model by its own name, what the output is in the
// customer's words ("Linphone (Felder)").
func (v Voice) DeviceTitle(d devices.Device) string {
	key := "device.what." + d.Name
	if d.What == "" || v.Printer == nil || !i18n.Has(key) {
		return d.Title()
	}
	return d.Model + " (" + v.T(key) + ")"
}

// ErrNoSIPServer refuses a device set-up when the account's region has no
// SIP server configured; customers read it in their language.
var ErrNoSIPServer = devices.ErrNoServer

// DeviceSetup writes what device needs to register with one of the
// account's numbers (`credentials NUMBER --device NAME`, the card's device
// chooser): the card's credentials, the region's SIP domain and the first
// SIP server (the second as fallback where the device takes one), with a
// localised device's labels in lang, the reader's language (the session's
// voice: the account's setting, else the client's LANG, else the region's
// default), so they match the rest of the screen. The VoIP
// password is in it only when reveal is set. A trunk participant has no
// configuration of its own: the error names its main number's.
func (s *Service) DeviceSetup(ctx context.Context, w io.Writer, accountID int64, number, device string, lang i18n.Lang, reveal bool) error {
	d, err := devices.Find(device)
	if err != nil {
		return err
	}
	acct, err := db.AccountByID(ctx, s.DB, accountID)
	if err != nil {
		return err
	}
	cr, err := s.Credentials(ctx, accountID, number)
	var noCreds *NoCredentialsError
	if errors.As(err, &noCreds) && noCreds.Product == ProductTrunkParticipant {
		if n, nerr := s.numberOf(ctx, acct, number); nerr == nil && n.TrunkE164.Valid {
			return &NoCredentialsError{Product: noCreds.Product, Reason: noCreds.Reason,
				UseMain: fmt.Sprintf("credentials %s --device %s", n.TrunkE164.String, d.Name)}
		}
	}
	if err != nil {
		return err
	}
	a := devices.Account{Language: string(lang), Number: cr.Number.E164, Formatted: cr.Number.Formatted, Label: cr.Number.Label,
		Username: cr.Username, Password: cr.Password, Reveal: reveal, Domain: cr.Domain, Trunk: cr.Number.Product == ProductTrunk}
	for _, srv := range cr.Servers {
		a.Servers = append(a.Servers, devices.Server{Host: srv.Host, Port: srv.Port, Transport: srv.Transport})
	}
	return devices.Render(w, d, a)
}
