package safetext_test

import (
	"bytes"
	"errors"
	"log/slog"
	"testing"

	"github.com/sipdesk/sipdesk/safetext"
)

func TestLogLinesCarryNoHostileCharacters(t *testing.T) {
	t.Parallel()
	for _, tc := range hostile {
		for name, newHandler := range map[string]func(*bytes.Buffer) slog.Handler{
			"json": func(b *bytes.Buffer) slog.Handler {
				return slog.NewJSONHandler(b, &slog.HandlerOptions{ReplaceAttr: safetext.LogAttr})
			},
			"text": func(b *bytes.Buffer) slog.Handler {
				return slog.NewTextHandler(b, &slog.HandlerOptions{ReplaceAttr: safetext.LogAttr})
			},
		} {
			var buf bytes.Buffer
			slog.New(newHandler(&buf)).Info("login "+tc.in, "user", tc.in, "err", errors.New(tc.in))
			line := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
			if safetext.Has(string(line)) {
				t.Errorf("%s/%s: log line holds an unsafe character: %q", tc.name, name, line)
			}
		}
	}
}
