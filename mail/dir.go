package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	netmail "net/mail"
	"os"
	"path/filepath"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// DirSender "sends" mail by writing each message as an RFC 5322 .eml file
// into a directory. It is the zero-setup default when no SMTP relay is
// configured: the portal still works end to end and an operator can read
// (or forward) a reset link from the file.
//
// Files hold live reset tokens, so the directory is created 0700 and each
// file 0600. Files are written to a temporary name and renamed, so a reader
// never sees a half-written mail.
type DirSender struct {
	dir  string
	from *netmail.Address
}

// NewDirSender returns a DirSender writing into dir (created 0700 if
// missing) with from as the From header.
func NewDirSender(dir, from string) (*DirSender, error) {
	if dir == "" {
		return nil, errors.New("mail: mail directory is required")
	}
	addr, err := parseFrom(from)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("mail: create mail directory: %w", err)
	}
	return &DirSender{dir: dir, from: addr}, nil
}

// Send writes m to a new .eml file; it implements Sender.
func (d *DirSender) Send(ctx context.Context, m Message) error {
	_, err := d.SendPath(ctx, m)
	return err
}

// SendPath writes m to a new .eml file and returns its path, so the caller
// can log where the mail went ("mail written to data/mail/....eml"). The
// Worker uses it automatically when its Sender is a DirSender.
//
// The body is stored with 8bit transfer encoding, not quoted-printable, so
// a link in the raw file is never split by soft line breaks.
func (d *DirSender) SendPath(ctx context.Context, m Message) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	now := time.Now()
	msg, err := buildMsg(d.from, m, now, gomail.NoEncoding)
	if err != nil {
		return "", err
	}

	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	// Time first so a directory listing is chronological.
	name := now.UTC().Format("20060102T150405.000000000Z") + "-" + hex.EncodeToString(rnd[:]) + ".eml"
	path := filepath.Join(d.dir, name)

	tmp, err := os.CreateTemp(d.dir, ".tmp-*.eml") // 0600
	if err != nil {
		return "", fmt.Errorf("mail: write mail file: %w", err)
	}
	tmpName := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			_ = tmp.Close()
			_ = os.Remove(tmpName)
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return "", fmt.Errorf("mail: write mail file: %w", err)
	}
	if _, err := msg.WriteTo(tmp); err != nil {
		return "", fmt.Errorf("mail: write mail file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return "", fmt.Errorf("mail: write mail file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("mail: write mail file: %w", err)
	}
	if err := os.Rename(tmpName, path); err != nil {
		return "", fmt.Errorf("mail: write mail file: %w", err)
	}
	ok = true
	syncDir(d.dir)
	return path, nil
}

// syncDir makes the rename durable; best effort, as not every platform or
// file system supports syncing a directory.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		_ = f.Sync()
		_ = f.Close()
	}
}
