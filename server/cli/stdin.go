package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/sipdesk/sipdesk/portal"
)

// stdinWait bounds how long a command waits for its input lines.
const stdinWait = 30 * time.Second

// readLines reads at most n lines of at most portal.MaxKeyLine bytes each
// from r, within stdinWait: every read from a client is bounded in size,
// count and time. Fewer lines at end of input are no error; the refusals
// are in the customer's language.
func (s *commands) readLines(r io.Reader, n int) ([]string, error) {
	type result struct {
		lines []string
		err   error
	}
	done := make(chan result, 1)
	go func() {
		br := bufio.NewReaderSize(io.LimitReader(r, int64(n*(portal.MaxKeyLine+2))), 4096)
		var lines []string
		for len(lines) < n {
			line, err := br.ReadString('\n')
			if len(line) > portal.MaxKeyLine+2 {
				done <- result{err: errors.New(s.v.T("cmd.input.too_long", strconv.Itoa(portal.MaxKeyLine)))}
				return
			}
			if line = strings.TrimRight(line, "\r\n"); line != "" || err == nil {
				lines = append(lines, line)
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				done <- result{err: fmt.Errorf("read input: %w", err)}
				return
			}
		}
		done <- result{lines: lines}
	}()
	select {
	case res := <-done:
		return res.lines, res.err
	case <-time.After(stdinWait):
		return nil, errors.New(s.v.T("cmd.input.timeout", stdinWait.String()))
	}
}
