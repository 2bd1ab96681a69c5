package moh

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// classPrefix starts every class directory the exporter writes.
const classPrefix = "sipdesk-"

// removeStale removes the class directories of classes the database no
// longer lists (an account that was deleted): its music must not stay on
// the PBX host, and the include file no longer names the class. Only
// directories the exporter wrote are touched: named sipdesk-..., holding
// its .version marker; anything else in the directory is the operator's.
// A directory that cannot be removed is logged and added to partial, and
// the others still go.
func (e *Exporter) removeStale(classes []Class, partial *PartialError) (bool, error) {
	if len(classes) == 0 {
		// Every account has a class (its default piece at least), so a
		// list without any is a store that is empty or not the one this
		// directory was exported from (a mistyped --database-url): removing
		// every class on the PBX host on its word would be wrong.
		return false, nil
	}
	want := make(map[string]bool, len(classes))
	for _, c := range classes {
		want[c.Name] = true
	}
	entries, err := os.ReadDir(e.Dir)
	if err != nil {
		return false, fmt.Errorf("music export: %w", err)
	}
	removed := false
	for _, ent := range entries {
		name := ent.Name()
		if !ent.IsDir() || !strings.HasPrefix(name, classPrefix) || want[name] {
			continue
		}
		dir := filepath.Join(e.Dir, name)
		if _, err := os.Stat(filepath.Join(dir, markerName)); err != nil {
			continue
		}
		if err := os.RemoveAll(dir); err != nil {
			partial.Classes[name] = fmt.Errorf("remove: %w", err)
			e.log().Warn("music export: class of a removed account not removed; the next sync retries it", "class", name, "error", err)
			e.observe(FailClass)
			continue
		}
		delete(e.written, name)
		removed = true
		e.log().Info("music class removed", "class", name)
	}
	if removed {
		return true, syncDir(e.Dir)
	}
	return false, nil
}
