package tui

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/words"
)

// home lists the strategies in teaching order and shows the selected one:
// what it does, its steps, and its fault points with what a fault there shows.
type home struct {
	sel    int
	scroll int // lines of the detail scrolled away
	page   int // lines of the detail the last view showed: what pgdn moves, less one
}

// homeAction is what a key on the home screen asks the root model to do.
type homeAction struct {
	open       bool
	experiment int // 1-based; 0 for none
	docs       string
	matrix     bool
	lesson     bool
	strategy   scenarios.Strategy
}

func (h *home) update(k keyMap, msg tea.KeyPressMsg) homeAction {
	all := scenarios.All()
	if len(all) == 0 {
		return homeAction{}
	}
	h.sel = min(h.sel, len(all)-1)
	s := all[h.sel]
	switch {
	case key.Matches(msg, k.Up):
		h.sel = (h.sel + len(all) - 1) % len(all)
		h.scroll = 0
	case key.Matches(msg, k.Down):
		h.sel = (h.sel + 1) % len(all)
		h.scroll = 0
	case msg.String() == "pgdown":
		h.scroll += h.pageStep()
	case msg.String() == "pgup":
		h.scroll = max(h.scroll-h.pageStep(), 0)
	case key.Matches(msg, k.Open):
		return homeAction{open: true, strategy: s}
	case key.Matches(msg, k.Experiment):
		n := int(msg.String()[0] - '0')
		if n >= 1 && n <= len(s.Expect) {
			return homeAction{open: true, strategy: s, experiment: n}
		}
	case key.Matches(msg, k.Docs):
		return homeAction{docs: s.ID, strategy: s}
	case key.Matches(msg, k.Workshop):
		return homeAction{docs: "workshop"}
	case key.Matches(msg, k.Matrix):
		return homeAction{matrix: true}
	case key.Matches(msg, k.Lesson):
		return homeAction{lesson: true}
	}
	return homeAction{}
}

func (h *home) view(st styles, w, hgt int) []string {
	all := scenarios.All()
	if len(all) == 0 {
		return block([]string{"no strategies in the catalog"}, w, hgt)
	}
	h.sel = min(h.sel, len(all)-1)
	idW := 0
	for _, s := range all {
		idW = max(idW, width(s.ID))
	}
	listW := idW + 4
	titles := w >= 110
	if titles {
		listW = min(w*2/5, 56)
	}
	var list []string
	list = append(list, st.panelHead.Render("strategies"), "")
	// Wide and tall enough: each title under its id, in full where it fits.
	twoLines := titles && hgt >= 2*len(all)+3
	var under [][]string
	if twoLines {
		under = titleLines(all, listW-5, hgt-2-2*len(all))
	}
	for i, s := range all {
		line := fmt.Sprintf("%-*s", idW, s.ID)
		if titles && !twoLines {
			line += "  " + s.Title
		}
		if i == h.sel {
			list = append(list, st.selected.Render(fit(cutWords("▸ "+line, listW-1), listW-1)))
		} else {
			list = append(list, "  "+st.text.Render(cutWords(line, listW-3)))
		}
		if i < len(under) {
			for _, t := range under[i] {
				list = append(list, "    "+st.dim.Render(t))
			}
		}
	}
	detailW := w - listW - 3
	detail := h.detail(st, all[h.sel], detailW)
	detail = h.window(st, detail, detailW, hgt)
	sep := make([]string, hgt)
	for i := range sep {
		sep[i] = st.rule.Render("│")
	}
	return beside(" ", block(list, listW, hgt), sep, block(detail, detailW, hgt))
}

// titleLines are the strategies' titles under their ids in w cells: whole,
// wrapped, for as many as spare lines allow, the shortest to wrap first so
// the most are whole; the rest on one line ending on a whole word. A title
// read "publish inside the open transaction, commi…".
func titleLines(all []scenarios.Strategy, w, spare int) [][]string {
	out := make([][]string, len(all))
	order := make([]int, len(all))
	for i, s := range all {
		out[i] = wrap(s.Title, w)
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return len(out[order[a]]) < len(out[order[b]]) })
	for _, i := range order {
		if extra := len(out[i]) - 1; extra <= spare {
			spare -= extra
			continue
		}
		out[i] = []string{cutWords(all[i].Title, w)}
	}
	return out
}

// pageStep is a screenful less one line, as on docs pages: the last line
// read stays on screen as the first.
func (h *home) pageStep() int { return max(h.page-1, 1) }

// window is the part of the detail on show. The marks above and below are
// lines of their own: a mark drawn over a line of the detail hid its end.
func (h *home) window(st styles, detail []string, w, hgt int) []string {
	if len(detail) <= hgt {
		h.scroll, h.page = 0, len(detail)
		return detail
	}
	// Scrolled, the mark above takes a line: the end is in view at len-hgt+1.
	h.scroll = max(min(h.scroll, len(detail)-hgt+1), 0)
	var out []string
	if h.scroll > 0 {
		out = append(out, st.faint.Render(fit(fmt.Sprintf("  ↑ %s above: pgup", words.Count(h.scroll, "line", "lines")), w)))
	}
	shown := detail[h.scroll:]
	more := len(shown) > hgt-len(out)
	if more {
		shown = shown[:max(hgt-len(out)-1, 0)]
	}
	h.page = len(shown)
	out = append(out, shown...)
	if more {
		out = append(out, st.faint.Render(fit("  ↓ more: pgdn", w)))
	}
	return out
}

func (h *home) detail(st styles, s scenarios.Strategy, w int) []string {
	out := []string{st.strategy.Render(cut(s.ID, w))}
	out = append(out, hangStyled(st.dim, "", s.Title, w)...)
	out = append(out, "")
	out = append(out, wrap(s.About, w)...)
	out = append(out, "", st.panelHead.Render("Steps"))
	out = append(out, hang("  ", strings.Join(s.Steps, " › "), w)...)
	out = append(out, "", st.panelHead.Render("Fault points, and what a fault there shows"))
	for _, p := range s.AllPoints() {
		out = append(out, "  "+st.bold.Render(cut(p.Name, w-2)))
		out = append(out, hangStyled(st.dim, "    ", p.Means, w)...)
		for i, e := range s.Expect {
			for _, f := range e.Faults {
				if strings.HasPrefix(f, p.Name+"=") {
					out = append(out, expectation(st, s, i+1, e, w, "    ")...)

					break
				}
			}
		}
	}
	out = append(out, "", st.panelHead.Render("Experiments"))
	for i, e := range s.Expect {
		out = append(out, expectation(st, s, i+1, e, w, "  ")...)
	}
	keys := "1-9: open an experiment"
	if len(s.Expect) > 9 {
		keys = "1-9: open an experiment (from 10 on: the lesson or the matrix)"
	}
	for _, l := range wrap("enter: open it, ready to step · "+keys+" · d: read more · m: every strategy against every fault", w) {
		out = append(out, st.dim.Render(l))
	}
	return out
}

func expectation(st styles, s scenarios.Strategy, n int, e scenarios.Expectation, w int, indent string) []string {
	what := "no fault"
	if len(e.Faults) > 0 {
		what = strings.Join(e.Faults, " ")
	}
	if e.Lifecycle {
		what += " (lifecycle)"
	}
	if sw := switchWords(s, e); len(sw) > 0 {
		what += " " + strings.Join(sw, " ")
	}
	mark, outcome := outcomeText(e.Want)
	sym := st.good.Render(mark)
	if mark != "✓" {
		sym = st.bad.Render(mark)
	}
	// Only 1 to 9 are keys: a larger number is not styled as one.
	num := st.key.Render(fmt.Sprintf("[%d]", n))
	if n > 9 {
		num = st.dim.Render(fmt.Sprintf("(%d)", n))
	}
	out := hang(fmt.Sprintf("%s%s ", indent, num), what+"  "+sym+" "+outcome, w)
	return append(out, hangStyled(st.dim, indent+"    ", e.Lesson, w)...)
}

// outcomeText says an expected outcome in words: "✗ lost 1", "✓ consistent".
func outcomeText(o scenarios.Outcome) (string, string) {
	var parts []string
	at := ""
	if o.AtLeast {
		at = "≥"
	}
	for _, c := range []struct {
		n    int
		kind string
	}{{o.Lost, "lost"}, {o.Ghost, "ghost"}, {o.Duplicate, "duplicate"}, {o.Reordered, "reordered"}, {o.DoubleOrder, "double order"}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%s %s%d", c.kind, at, c.n))
		}
	}
	// A poison event is no anomaly of the checker's, but the run is not
	// consistent.
	if o.Parked > 0 {
		parts = append(parts, fmt.Sprintf("stuck: %d parked", o.Parked))
	}
	if o.Blocked {
		parts = append(parts, "stuck: the stream blocked")
	}
	mark := "✗"
	if len(parts) == 0 {
		mark = "✓"
		parts = append(parts, "consistent")
	}
	if o.Ambiguous {
		parts = append(parts, "ambiguous")
	}
	if o.Deduplicated > 0 {
		parts = append(parts, fmt.Sprintf("deduplicated ≥%d", o.Deduplicated))
	}
	return mark, strings.Join(parts, ", ")
}
