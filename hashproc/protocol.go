// Package hashproc computes argon2id password hashes in child processes at
// a lower scheduling priority, so that a flood of password logins does not
// take the CPU and the garbage collector from the live sessions.
//
// Why child processes: golang.org/x/crypto/argon2 runs each hash on
// goroutines of its own and allocates its 19 MiB of memory per hash. A
// goroutine cannot be given a lower OS priority, and the main process's
// collector has to clear that garbage at up to a gigabyte a second. A
// worker process at nice 10..19 pays both; the kernel serves the sessions
// first. The server (the same binary, re-executed with a hidden
// subcommand) speaks a small length-prefixed protocol with each worker over
// its stdin and stdout, one request at a time.
package hashproc

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/sipdesk/sipdesk/portal"
)

const (
	// MaxPassword is the longest password a worker is asked to hash; a
	// longer one is refused before it is sent.
	MaxPassword = 1024
	// MaxEncoded is the longest PHC string a worker is asked to verify.
	MaxEncoded = 512
	// maxFrame bounds every message read from either side: a request
	// with the longest password and hash fits, base64 and JSON included.
	maxFrame = 4096
)

// ErrTooLong is input above MaxPassword or MaxEncoded.
var ErrTooLong = errors.New("password or hash too long")

// Operations of a request.
const (
	opVerify = "verify"
	opHash   = "hash"
)

// request is one job for a worker. The password travels as bytes (base64
// in JSON): a JSON string would replace invalid UTF-8 and change it.
type request struct {
	Op       string              `json:"op"`
	Encoded  string              `json:"phc,omitempty"`
	Password []byte              `json:"password"`
	Params   portal.Argon2Params `json:"params"`
}

// response is a worker's answer: OK for verify, Hash for hash, or Error
// about the input (a malformed PHC string).
type response struct {
	OK    bool   `json:"ok,omitempty"`
	Hash  string `json:"hash,omitempty"`
	Error string `json:"error,omitempty"`
}

// writeFrame writes v as a 4-byte big-endian length and its JSON.
func writeFrame(w *bufio.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode message: %w", err)
	}
	if len(b) > maxFrame {
		return fmt.Errorf("message of %d bytes: %w", len(b), ErrTooLong)
	}
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(b)))
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return err
	}
	return w.Flush()
}

// readFrame reads one message into v, refusing one over maxFrame before
// reading its body.
func readFrame(r io.Reader, v any) error {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return err
	}
	size := binary.BigEndian.Uint32(n[:])
	if size > maxFrame {
		return fmt.Errorf("message of %d bytes refused (limit %d)", size, maxFrame)
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(r, b); err != nil {
		return fmt.Errorf("read message: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decode message: %w", err)
	}
	return nil
}
