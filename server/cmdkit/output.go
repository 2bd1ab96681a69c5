package cmdkit

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteJSON prints v as indented JSON, for --json.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// OnOff says a switch's state.
func OnOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// YesNo says a flag's state in a table.
func YesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// Table writes aligned rows with a header; an empty cell shows as "-".
type Table struct{ w *tabwriter.Writer }

// NewTable starts a table on out with its header row.
func NewTable(out io.Writer, header ...string) *Table {
	t := &Table{w: tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)}
	t.Row(header...)
	return t
}

// Row adds a row.
func (t *Table) Row(cells ...string) {
	for i, c := range cells {
		if c == "" {
			cells[i] = "-"
		}
	}
	fmt.Fprintln(t.w, strings.Join(cells, "\t"))
}

// Flush writes the aligned table.
func (t *Table) Flush() error { return t.w.Flush() }
