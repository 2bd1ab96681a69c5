package portal

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/sipdesk/sipdesk/db"
)

// ErrNoSecretStored means the store holds no encrypted value yet, so there
// is nothing the server key could be checked against.
var ErrNoSecretStored = errors.New("the store holds no encrypted secret yet")

// VerifyServerKey checks that box (the configured server key) opens the
// secrets in the store, so a wrong key is found before customers with 2FA
// are locked out. It returns which value it opened, ErrNoSecretStored for
// a store without secrets, or ErrDecrypt naming the value that did not
// open.
func VerifyServerKey(ctx context.Context, h db.Handler, box *SecretBox) (string, error) {
	if ok, what, err := verifyCanary(ctx, h, box); ok || err != nil {
		return what, err
	}
	samples, err := db.SealedSamples(ctx, h)
	if err != nil {
		return "", fmt.Errorf("read stored secrets: %w", err)
	}
	if len(samples) == 0 {
		return "", ErrNoSecretStored
	}
	for _, s := range samples {
		what, label := sampleLabel(s)
		if _, err := box.Open(s.Sealed, label); err != nil {
			return what, fmt.Errorf("%s: %w", what, err)
		}
	}
	what, _ := sampleLabel(samples[0])
	return what, nil
}

// verifyCanary checks the server-key canary sealed at the first start
// (OpenServerKey): when it exists, it is the check, since it is there even
// in a store without customer secrets. A store from before the canary
// reports that it did not check (ok false, no error).
func verifyCanary(ctx context.Context, h db.Handler, box *SecretBox) (ok bool, what string, err error) {
	canary, err := db.ServerKeyCanary(ctx, h)
	if errors.Is(err, db.ErrNotFound) {
		return false, "", nil
	}
	if err != nil {
		return false, "", fmt.Errorf("read the server key canary: %w", err)
	}
	const name = "the server key canary"
	if _, err := box.Open(canary, canaryLabel); err != nil {
		return false, name, fmt.Errorf("%s: %w", name, err)
	}
	return true, name, nil
}

// sampleLabel names a stored secret for the operator and gives its AEAD label.
func sampleLabel(s db.SealedSample) (what, label string) {
	id := strconv.FormatInt(s.ID, 10)
	switch s.Kind {
	case "totp":
		return "the TOTP secret of account " + id, totpLabel(s.ID)
	case "voip":
		return "the VoIP password of number " + id, voipLabel(s.ID)
	}
	return "the queued mail " + s.Ref, mailLabel(s.Ref)
}
