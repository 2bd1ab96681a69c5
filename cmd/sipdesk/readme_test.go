package main

import (
	"os"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/sipdesk/sipdesk/config"
)

// The README's configuration table must name every setting of serve.
func TestREADMEDocumentsEveryFlag(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var cfg config.Config
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	cfg.Bind(fs)
	fs.VisitAll(func(f *pflag.Flag) {
		if !strings.Contains(string(readme), "| `--"+f.Name+"` |") {
			t.Errorf("README's configuration table lacks --%s", f.Name)
		}
	})
}
