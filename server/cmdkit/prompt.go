package cmdkit

import (
	"errors"
	"io"
	"unicode/utf8"
)

// ErrCancelled is ctrl+c or ctrl+d at a confirmation prompt.
var ErrCancelled = errors.New("cancelled")

// ReadLine reads one short confirmation answer from a session's terminal.
// The session's PTY is emulated: the client's terminal is raw, so this
// echoes, handles backspace and ends at return itself. Only bytes that
// accept allows are kept, at most max of them.
func ReadLine(r io.Reader, echo io.Writer, accept func(byte) bool, max int) (string, error) {
	var line []byte
	b := make([]byte, 1)
	for {
		n, err := r.Read(b)
		if n == 0 {
			if err != nil {
				return "", err
			}
			continue
		}
		switch c := b[0]; {
		case c == '\r' || c == '\n':
			_, _ = io.WriteString(echo, "\n")
			return string(line), nil
		case c == 3 || c == 4: // ctrl+c, ctrl+d
			_, _ = io.WriteString(echo, "\n")
			return "", ErrCancelled
		case c == 127 || c == 8: // backspace: the last character, all its bytes
			if len(line) > 0 {
				_, n := utf8.DecodeLastRune(line)
				line = line[:len(line)-n]
				_, _ = io.WriteString(echo, "\b \b")
			}
		case accept(c) && len(line) < max:
			line = append(line, c)
			_, _ = echo.Write(b)
		}
	}
}

// IsDigitOrSpace accepts the digits of a number, spaces included.
func IsDigitOrSpace(c byte) bool { return c >= '0' && c <= '9' || c == ' ' }

// IsLetter accepts ASCII letters.
func IsLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// IsWordByte accepts the bytes of a typed word: ASCII letters and the
// bytes of UTF-8 encoded characters, so "sì" arrives whole.
func IsWordByte(c byte) bool { return IsLetter(c) || c >= utf8.RuneSelf }
