package server

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/sipdesk/sipdesk/"

// moduleImports maps each package of the module (path without the module
// prefix) to the module packages it imports, as `go list` reads them.
func moduleImports(t *testing.T) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	imports := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], module)
		imports[pkg] = nil
		for _, imp := range fields[1:] {
			if own, ok := strings.CutPrefix(imp, module); ok {
				imports[pkg] = append(imports[pkg], own)
			}
		}
	}
	return imports
}

// The packages the session handlers live in stand side by side: the door
// (TUI), the customer and admin command trees. None imports another face,
// so each can change alone; what they share is in server/session and
// server/cmdkit. config is read by every layer and so imports none.
func TestLayersImportOnlyDownward(t *testing.T) {
	t.Parallel()
	imports := moduleImports(t)
	forbidden := map[string][]string{
		"server/door":     {"server/admincli", "server/cli"},
		"server/admincli": {"server/door", "server/cli"},
		"server/cli":      {"server/door", "server/admincli"},
	}
	for pkg, imps := range imports {
		if pkg == "config" && len(imps) > 0 {
			t.Errorf("config imports %v; it must import no package of sipdesk", imps)
		}
		for _, bad := range forbidden[pkg] {
			if slices.Contains(imps, bad) {
				t.Errorf("%s imports %s", pkg, bad)
			}
		}
	}
	if _, ok := imports["server/door"]; !ok {
		t.Fatalf("go list did not list server/door: %v", imports)
	}
}
