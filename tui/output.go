package tui

import (
	"encoding/base64"
	"io"
	"sync"
)

// Output is the session's terminal as the program writes to it. The
// renderer writes each frame in one call; out-of-band sequences such as the
// OSC 52 clipboard go through the same lock, so they land between frames,
// never inside one.
type Output struct {
	mu sync.Mutex
	w  io.Writer
}

// NewOutput wraps the session's writer.
func NewOutput(w io.Writer) *Output { return &Output{w: w} }

// Write implements io.Writer for the renderer.
func (o *Output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.w.Write(p)
}

// Copy puts text on the clipboard of the customer's own computer with OSC
// 52; the terminal, not the server, does the copying. Terminals that do not
// support it ignore the sequence.
func (o *Output) Copy(text string) {
	if o == nil {
		return
	}
	_, _ = o.Write([]byte("\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(text)) + "\x07"))
}
