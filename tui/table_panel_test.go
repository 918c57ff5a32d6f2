package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/lab"
)

// At 80 columns the generic table panels read "versio…" and
// "coordinator_lo…". A column's name and the panel's title are whole at
// every width from 24 to 60 cells: columns that do not fit are left out
// whole and named under the rows, and the shown rows fit.
func TestTablePanelsKeepNamesWhole(t *testing.T) {
	tables := []lab.SnapshotTable{
		{Name: "orders.db · changelog", Columns: []string{"seq", "op", "order_id", "version", "before", "after", "at"}, Total: 2,
			Rows: [][]string{
				{"1", "insert", "o-1", "1", "NULL", `{"id":"o-1","item":"book","amount":9600,"status":"placed","version":1}`, "2026-11-29"},
				{"2", "update", "o-1", "2", `{"id":"o-1","status":"placed"}`, `{"id":"o-1","status":"paid"}`, "2026-11-29"},
			}},
		{Name: "coordinator.db · coordinator_log", Columns: []string{"id", "order_id", "coordinator", "decision", "updated_at"}, Total: 2,
			Rows: [][]string{{"1", "o-1", "1", "done", "x"}, {"2", "o-2", "1", "started", "x"}}},
	}
	st := newStyles(true, true, false)
	for _, tb := range tables {
		_, name, _ := strings.Cut(tb.Name, " · ")
		for w := 24; w <= 60; w++ {
			p := tablePanel(st, tb, marks{}, w)
			lines := p.lines(len(p.rows), true, st, w)
			title, head := ansi.Strip(lines[0]), ansi.Strip(lines[1])
			if strings.Contains(title, "…") || !strings.Contains(title, name+" (2)") {
				t.Errorf("%s at %d cells: the title reads %q", name, w, title)
			}
			shown := strings.Fields(head)
			for _, c := range shown {
				if !slices.Contains(tb.Columns, c) {
					t.Errorf("%s at %d cells: the head %q has a cut name %q", name, w, head, c)
				}
			}
			foot := strings.Join(strings.Fields(ansi.Strip(strings.Join(p.foot, " "))), " ")
			for _, c := range tb.Columns {
				if hidden(c) || slices.Contains(shown, c) {
					continue
				}
				if !strings.Contains(foot, c) {
					t.Errorf("%s at %d cells: column %s is neither shown nor named as left out: head %q, foot %q", name, w, c, head, foot)
				}
			}
			if !slices.Contains(shown, tb.Columns[0]) {
				t.Errorf("%s at %d cells: the first column is left out: %q", name, w, head)
			}
			for _, l := range lines {
				if width(l) > w {
					t.Errorf("%s at %d cells: a line is %d cells wide: %q", name, w, width(l), ansi.Strip(l))
				}
			}
		}
	}
	// The decision, a short last column, stays in a narrow pane.
	p := tablePanel(st, tables[1], marks{}, 32)
	if head := ansi.Strip(p.head); !strings.Contains(head, "decision") || strings.Contains(head, "coordinator") {
		t.Errorf("coordinator_log at 32 cells: head %q, want the decision kept and coordinator left out", head)
	}
}
