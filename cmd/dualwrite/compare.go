package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// tableWidth is the width the text matrix is folded to.
const tableWidth = 120

func (m *Main) compare(ctx context.Context, args []string) error {
	var g globals
	fs := newFlagSet("compare", &g)
	format := fs.String("format", "text", "`text`, markdown or json")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("compare takes no arguments, got %q", pos[0])
	}
	if err := manyRuns("compare", g); err != nil {
		return err
	}
	if err := oneOf("format", *format, "text", "markdown", "json"); err != nil {
		return err
	}
	total := len(scenarios.Cells())
	p := &counter{w: m.Stderr, live: m.liveProgress() && *format != "json", total: total}
	start := time.Now()
	var cells []scenarios.Cell
	for c := range scenarios.Matrix(ctx, 0) {
		cells = append(cells, c)
		p.add(c)
	}
	p.end()
	if ctx.Err() != nil {
		return interruptedError{fmt.Sprintf("compare interrupted after %d of %d runs: no table of a part of the catalog", len(cells), total)}
	}
	mx := newMatrix(cells)
	elapsed := time.Since(start)
	switch *format {
	case "json":
		err = mx.writeJSON(m.Stdout, elapsed)
	case "markdown":
		mx.writeMarkdown(m.Stdout)
	default:
		mx.writeText(m.Stdout, elapsed)
	}
	if err != nil {
		return err
	}
	return mx.verdict()
}

// matrix is the cells laid out as rows of strategies and columns of kinds of
// fault.
type matrix struct {
	cells []scenarios.Cell // in catalog order
	rows  []string         // strategy ids
	cols  []string         // column names, in order of first appearance
	at    map[[2]int][]int // (row, col) → indexes into cells
}

func newMatrix(cells []scenarios.Cell) *matrix {
	// Cells arrive in the order runs finish; the catalog's order is the
	// teaching order.
	byPlace := map[[2]int]scenarios.Cell{}
	for _, c := range cells {
		byPlace[[2]int{c.Row, c.Col}] = c
	}
	var ordered []scenarios.Cell
	for _, c := range scenarios.Cells() {
		if c, ok := byPlace[[2]int{c.Row, c.Col}]; ok {
			ordered = append(ordered, c)
		}
	}
	mx := &matrix{at: map[[2]int][]int{}}
	// Columns in order of first appearance, the fault-free ones first.
	colOf := map[string]int{}
	for _, faultFree := range []bool{true, false} {
		for _, c := range ordered {
			name := c.Expect.Column()
			if _, ok := colOf[name]; !ok && c.Expect.Leads() == faultFree {
				colOf[name] = len(mx.cols)
				mx.cols = append(mx.cols, name)
			}
		}
	}
	rowOf := map[string]int{}
	for _, c := range ordered {
		if _, ok := rowOf[c.Strategy.ID]; !ok {
			rowOf[c.Strategy.ID] = len(mx.rows)
			mx.rows = append(mx.rows, c.Strategy.ID)
		}
		key := [2]int{rowOf[c.Strategy.ID], colOf[c.Expect.Column()]}
		mx.at[key] = append(mx.at[key], len(mx.cells))
		mx.cells = append(mx.cells, c)
	}
	return mx
}

// verdict is the exit status of compare: an error when a cell differs from
// the catalog or could not be run.
func (mx *matrix) verdict() error {
	met, differ, failed := mx.tally()
	switch {
	case failed > 0 && differ > 0:
		return fmt.Errorf("%d of %d runs differ from the catalog's expectations and %d could not be made", differ, len(mx.cells), failed)
	case failed > 0 && met > 0:
		return fmt.Errorf("%d of %d runs could not be made; the %d made are as the catalog expects", failed, len(mx.cells), met)
	case failed > 0:
		return fmt.Errorf("none of the %d runs could be made", len(mx.cells))
	case differ > 0:
		return fmt.Errorf("%d of %d runs differ from the catalog's expectations", differ, len(mx.cells))
	}
	return nil
}

// tally counts the cells that meet the catalog's expectation, those whose run
// showed something else, and those whose run could not be made: a run that
// failed in the lab measured nothing, so it differs from nothing.
func (mx *matrix) tally() (met, differ, failed int) {
	for _, c := range mx.cells {
		switch {
		case c.Err != nil:
			failed++
		case c.Met():
			met++
		default:
			differ++
		}
	}
	return met, differ, failed
}

func mark(c scenarios.Cell) string {
	switch {
	case c.Err != nil:
		return "!"
	case c.Mismatch != "":
		return "✗"
	default:
		return "✓"
	}
}

const compareLegend = "✓ as the catalog expects · ✗ differs from it · ? a caller was told 'failed' for a committed order ·\n" +
	"≡≥n at least n absorbed expected · – not in the catalog · dup duplicate · reord reordered ·\n" + scenarios.SharesLegend

func (mx *matrix) writeText(w io.Writer, elapsed time.Duration) {
	fmt.Fprintf(w, "dualwrite compare · %d strategies × the catalog's faults · %d runs, each for real (seed 1, 3 orders, default timings)\n\n",
		len(mx.rows), len(mx.cells))
	label := len("want")
	for _, r := range mx.rows {
		label = max(label, utf8.RuneCountInString(r))
	}
	label += len(" want")
	widths := make([]int, len(mx.cols))
	for i, col := range mx.cols {
		widths[i] = utf8.RuneCountInString(col)
		for key, idx := range mx.at {
			if key[1] != i {
				continue
			}
			for _, j := range idx {
				c := mx.cells[j]
				widths[i] = max(widths[i], 2+utf8.RuneCountInString(c.Measured()), 2+utf8.RuneCountInString(c.Expect.Want.Short()))
			}
		}
	}
	// Fold the columns into bands that each fit the width.
	for from := 0; from < len(mx.cols); {
		to, used := from, label
		for to < len(mx.cols) && (to == from || used+3+widths[to] <= tableWidth) {
			used += 3 + widths[to]
			to++
		}
		mx.writeBand(w, label, widths, from, to)
		fmt.Fprintln(w)
		from = to
	}
	fmt.Fprintln(w, compareLegend)
	mx.writeCommands(w, " ", "      ", func(s string) string { return s })
	mx.writeMisses(w, " ")
	met, differ, failed := mx.tally()
	notMade := ""
	if failed > 0 {
		notMade = fmt.Sprintf(", %d could not be made", failed)
	}
	fmt.Fprintf(w, "\n%d runs in %s, up to %d at once: %d as expected, %d not%s.\n",
		len(mx.cells)-failed, elapsed.Round(10*time.Millisecond), parallelism(0), met, differ, notMade)
}

func (mx *matrix) writeBand(w io.Writer, label int, widths []int, from, to int) {
	pad := func(s string, n int) string { return s + strings.Repeat(" ", max(0, n-utf8.RuneCountInString(s))) }
	var b strings.Builder
	b.WriteString(pad("", label))
	for i := from; i < to; i++ {
		b.WriteString(" │ " + pad(mx.cols[i], widths[i]))
	}
	fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	b.Reset()
	b.WriteString(strings.Repeat("─", label))
	for i := from; i < to; i++ {
		b.WriteString("─┼─" + strings.Repeat("─", widths[i]))
	}
	fmt.Fprintln(w, b.String())
	for r, id := range mx.rows {
		lines := 1
		for i := from; i < to; i++ {
			lines = max(lines, len(mx.at[[2]int{r, i}]))
		}
		for l := range lines {
			got, want := pad("", label), pad("", label)
			if l == 0 {
				got = pad(pad(id, label-len(" want"))+" got", label)
				want = pad(pad("", label-len(" want"))+" want", label)
			}
			for i := from; i < to; i++ {
				idx := mx.at[[2]int{r, i}]
				g, e := "", ""
				switch {
				case l < len(idx):
					c := mx.cells[idx[l]]
					g, e = mark(c)+" "+c.Measured(), "  "+c.Expect.Want.Short()
				case l == 0:
					g = "–"
				}
				got += " │ " + pad(g, widths[i])
				want += " │ " + pad(e, widths[i])
			}
			fmt.Fprintln(w, strings.TrimRight(got, " "))
			fmt.Fprintln(w, strings.TrimRight(want, " "))
		}
	}
}

// writeCommands lists, column by column, the command that makes each cell
// again: the fault alone would not, where a cell also needs a workload, a
// consumer, retries or several shipping instances.
func (mx *matrix) writeCommands(w io.Writer, bullet, item string, quote func(string) string) {
	fmt.Fprintln(w, "\nThe command behind each cell (paste one to make the cell again):")
	for i, col := range mx.cols {
		fmt.Fprintf(w, "%s %s:\n", bullet, col)
		for r := range mx.rows {
			for _, j := range mx.at[[2]int{r, i}] {
				sp, err := mx.cells[j].Spec()
				if err != nil {
					continue // the cell's own line says why it could not run
				}
				fmt.Fprintf(w, "%s%s\n", item, quote(sp.Command()))
			}
		}
	}
}

// wrap folds s at spaces so no line is longer than width, indenting the
// lines after the first.
func wrap(s string, width int, indent string) string {
	var b strings.Builder
	line := 0
	for i, word := range strings.Split(s, " ") {
		n := utf8.RuneCountInString(word)
		if i > 0 && line+1+n > width {
			b.WriteString("\n" + indent)
			line = utf8.RuneCountInString(indent)
		} else if i > 0 {
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += n
	}
	return b.String()
}

func (mx *matrix) writeMisses(w io.Writer, bullet string) {
	first := true
	for _, c := range mx.cells {
		if c.Met() {
			continue
		}
		if first {
			heading := "Where a run differs from the catalog"
			if _, _, failed := mx.tally(); failed > 0 {
				heading += " or could not be made"
			}
			fmt.Fprintln(w, "\n"+heading+":")
			first = false
		}
		why := c.Mismatch
		if c.Err != nil {
			why = "the run could not be made: " + c.Err.Error()
		}
		sp, _ := c.Spec()
		fmt.Fprintln(w, wrap(fmt.Sprintf("%s %s %s × %s: %s; %s", bullet, mark(c), c.Strategy.ID, c.Expect.Column(), why, sp.Command()), tableWidth, "      "))
	}
}

func (mx *matrix) writeMarkdown(w io.Writer) {
	esc := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	fmt.Fprint(w, "| strategy |")
	for _, col := range mx.cols {
		fmt.Fprintf(w, " %s |", esc(col))
	}
	fmt.Fprint(w, "\n|---|")
	fmt.Fprint(w, strings.Repeat("---|", len(mx.cols)))
	fmt.Fprintln(w)
	for r, id := range mx.rows {
		fmt.Fprintf(w, "| **%s** |", id)
		for i := range mx.cols {
			var parts []string
			for _, j := range mx.at[[2]int{r, i}] {
				c := mx.cells[j]
				s := mark(c) + " " + c.Measured()
				if !c.Met() {
					s += " (want " + c.Expect.Want.Short() + ")"
				}
				parts = append(parts, s)
			}
			if len(parts) == 0 {
				parts = []string{"–"}
			}
			fmt.Fprintf(w, " %s |", esc(strings.Join(parts, "<br>")))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, strings.ReplaceAll(compareLegend, "\n", " "))
	mx.writeCommands(w, "-", "  - ", func(s string) string { return "`" + s + "`" })
	mx.writeMisses(w, "-")
}

type cellJSON struct {
	Strategy     string      `json:"strategy"`
	Column       string      `json:"column"`
	Faults       []string    `json:"faults"`
	Workload     string      `json:"workload"`
	Consumer     string      `json:"consumer"` // shipping's guarantee in the run: the consumer's share
	Lesson       string      `json:"lesson"`
	Expected     string      `json:"expected"`
	Measured     string      `json:"measured"`
	Match        bool        `json:"match"`
	Mismatch     string      `json:"mismatch,omitempty"`
	Error        string      `json:"error,omitempty"`
	Command      string      `json:"command"`
	Anomalies    any         `json:"anomalies,omitempty"`
	Ambiguous    []string    `json:"ambiguous,omitempty"`
	Deduplicated int         `json:"deduplicated"`
	DedupBy      any         `json:"deduplicated_by,omitempty"`
	BlockedMs    *float64    `json:"blocked_ms,omitempty"`
	Settled      bool        `json:"settled"`
	Report       *lab.Report `json:"-"`
}

func (mx *matrix) writeJSON(w io.Writer, elapsed time.Duration) error {
	out := struct {
		Cells   []cellJSON `json:"cells"`
		Matched int        `json:"matched"`
		Differ  int        `json:"differ"` // matched + differ = the cells
		// Failed are the cells of differ whose run could not be made: they
		// measured nothing.
		Failed    int     `json:"failed"`
		ElapsedMs float64 `json:"elapsed_ms"`
	}{Cells: []cellJSON{}, ElapsedMs: ms(elapsed)}
	for _, c := range mx.cells {
		sp, _ := c.Spec()
		j := cellJSON{Strategy: c.Strategy.ID, Column: c.Expect.Column(), Faults: append([]string{}, c.Expect.Faults...),
			Workload: "place", Consumer: string(c.Expect.Guarantee(c.Strategy)), Lesson: c.Expect.Lesson, Expected: c.Expect.Want.Short(), Measured: c.Measured(),
			Match: c.Met(), Mismatch: c.Mismatch, Command: sp.Command()}
		if c.Expect.Lifecycle {
			j.Workload = "lifecycle"
		}
		if c.Err != nil {
			j.Error = c.Err.Error()
			out.Failed++
		} else {
			rep := c.Report
			j.Anomalies, j.Ambiguous, j.Deduplicated, j.BlockedMs, j.Settled = rep.Anomalies, rep.Ambiguous, rep.Deduplicated, rep.BlockedMs, rep.Settled
			j.DedupBy = rep.DedupBy
		}
		if j.Match {
			out.Matched++
		} else {
			out.Differ++
		}
		out.Cells = append(out.Cells, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// counter shows how many runs are done, on a terminal only.
type counter struct {
	w           io.Writer
	live        bool
	done, total int
	differ      int
}

func (p *counter) add(c scenarios.Cell) {
	p.done++
	if !c.Met() {
		p.differ++
	}
	if p.live {
		fmt.Fprintf(p.w, "\rcompare %s %d/%d runs, %d differ ", bar(p.done, p.total, 24), p.done, p.total, p.differ)
	}
}

func (p *counter) end() {
	if p.live {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", 60)+"\r")
	}
}
