package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/lab"
)

// The state panels show what the stores really hold, as the last snapshot
// read them: orders.db (orders, outbox), the JetStream stream, shipping.db.
// Rows of an order the checker found an anomaly on are marked ✗ and
// highlighted; an order whose caller saw a failure though it is committed is
// marked ?.

// marks are the checker's findings by order, once the run is judged.
type marks struct {
	orders    []string // in the order of the findings
	kinds     map[string][]check.Kind
	ambiguous map[string]bool
}

func marksOf(rep *lab.Report) marks {
	m := marks{kinds: map[string][]check.Kind{}, ambiguous: map[string]bool{}}
	if rep == nil {
		return m
	}
	for _, f := range rep.Findings {
		if len(m.kinds[f.Order]) == 0 {
			m.orders = append(m.orders, f.Order)
		}
		m.kinds[f.Order] = append(m.kinds[f.Order], f.Kind)
	}
	for _, o := range rep.Ambiguous {
		m.ambiguous[o] = true
	}
	return m
}

func (m marks) has(order string, k check.Kind) bool {
	for _, x := range m.kinds[order] {
		if x == k {
			return true
		}
	}
	return false
}

func (m marks) word(order string) string {
	var ws []string
	for _, k := range m.kinds[order] {
		ws = append(ws, strings.ToUpper(string(k)))
	}
	return strings.Join(ws, " ")
}

// panel is one table: a title, column names and rows, each already styled.
type panel struct {
	title string
	head  string
	rows  []string
	keep  []bool   // rows named in a finding: shown however little room there is
	empty string   // shown when there are no rows
	foot  []string // lines under the rows, if any
	short string   // the title where title does not fit, if it has one
	// headNote is said under the column names, and only with them: what
	// the names leave out.
	headNote []string
}

// add appends a row; keep marks one a finding names.
func (p *panel) add(row string, keep bool) {
	p.rows = append(p.rows, row)
	p.keep = append(p.keep, keep)
}

func (p panel) kept() int {
	n := 0
	for _, k := range p.keep {
		if k {
			n++
		}
	}
	return n
}

// minRows is the fewest lines the rows can take: every kept row, and a line
// that says how many others are hidden.
func (p panel) minRows() int {
	k := p.kept()
	if k >= len(p.rows) {
		return max(len(p.rows), 1)
	}
	// At least one row beside the note: a panel of only "… 3 more" showed
	// a table as if it were empty.
	return min(len(p.rows), max(k, 1)+1)
}

func (p panel) lines(rows int, withHead bool, st styles, w int) []string {
	out := p.body(rows, withHead, st, w)
	if len(p.foot) > 0 {
		out = append(out, p.foot...)
	}
	return out
}

func (p panel) body(rows int, withHead bool, st styles, w int) []string {
	title := p.title
	if width(title) > w && p.short != "" {
		title = p.short
	}
	out := []string{st.panelHead.Render(cut(title, w))}
	if withHead && p.head != "" {
		out = append(out, st.colHead.Render(cut(p.head, w)))
		for _, l := range p.headNote {
			out = append(out, st.faint.Render(l))
		}
	}
	if len(p.rows) == 0 {
		if p.empty != "" && rows > 0 {
			out = append(out, st.faint.Render(cut(p.empty, w)))
		}
		return out
	}
	if rows >= len(p.rows) {
		return append(out, p.rows...)
	}
	if rows <= 0 {
		return out
	}
	// Rows a finding names come first; of the others, the newest matter
	// most: cut from the top. One line says how many are hidden.
	show := make([]bool, len(p.rows))
	left := rows - 1
	for i := range p.rows {
		if i < len(p.keep) && p.keep[i] && left > 0 {
			show[i] = true
			left--
		}
	}
	for i := len(p.rows) - 1; i >= 0 && left > 0; i-- {
		if !show[i] {
			show[i] = true
			left--
		}
	}
	hidden := 0
	for _, sh := range show {
		if !sh {
			hidden++
		}
	}
	note := st.faint.Render(fmt.Sprintf("  … %d more", hidden))
	if !show[0] {
		out = append(out, note)
		note = ""
	}
	for i, r := range p.rows {
		if show[i] {
			out = append(out, r)
		} else if note != "" && (i == len(p.rows)-1 || show[i+1]) {
			out = append(out, note)
			note = ""
		}
	}
	return out
}

func (p panel) rowCount() int { return max(len(p.rows), 1) }

// stack fits panels in h lines: first without column names, then with
// fewer rows in the longest panel, until they fit.
func stack(ps []panel, st styles, w, h int) []string {
	rows := make([]int, len(ps))
	gap := 1 // blank lines between panels
	need := func(head bool) int {
		n := 0
		for i, p := range ps {
			n += 1 + rows[i] + gap // title, rows, blank line after
			if head && p.head != "" {
				n += 1 + len(p.headNote)
			}
			n += len(p.foot)
		}
		return n - gap
	}
	for i, p := range ps {
		rows[i] = p.rowCount()
	}
	head := need(true) <= h
	shrink := func() {
		for need(head) > h {
			longest := -1
			for i := range ps {
				if rows[i] > ps[i].minRows() && (longest < 0 || rows[i] > rows[longest]) {
					longest = i
				}
			}
			if longest < 0 {
				return
			}
			rows[longest]--
		}
	}
	shrink()
	if need(head) > h {
		gap = 0 // the titles still part the panels
	}
	// Still too tall: leave out the panels in the middle that name no
	// finding, last first. The first (orders.db) and the last (shipping.db)
	// are the two sides of the lesson.
	for i := len(ps) - 2; i > 0 && need(head) > h; i-- {
		if ps[i].kept() == 0 {
			ps = append(ps[:i], ps[i+1:]...)
			rows = append(rows[:i], rows[i+1:]...)
		}
	}
	var out []string
	for i, p := range ps {
		if i > 0 && gap > 0 {
			out = append(out, "")
		}
		out = append(out, p.lines(rows[i], head, st, w)...)
	}
	return block(out, w, h)
}

func panels(st styles, snap lab.Snapshot, snapErr string, mk marks, d delta, withOutbox bool, w, h int) []string {
	ps := []panel{ordersPanel(st, snap, mk, d, w)}
	if withOutbox || len(snap.Outbox) > 0 {
		ps = append(ps, outboxPanel(st, snap, d, w))
	}
	for _, t := range snap.Tables {
		ps = append(ps, tablePanel(st, t, mk, w))
	}
	ps = append(ps, streamPanel(st, snap, mk, d, w))
	for _, x := range snap.Streams {
		ps = append(ps, otherStreamPanel(st, x, w))
	}
	ps = append(ps, kvPanels(snap.KV, w)...)
	ps = append(ps, shippingPanel(st, snap, mk, d, w))
	if snapErr != "" {
		ps = append([]panel{{title: "✗ cannot read the stores", rows: wrap(snapErr, w)}}, ps...)
	}
	return stack(ps, st, w, h)
}

// markRow returns an order's row with its mark, and whether a finding
// names it. A row the last step changed is marked ▸ and highlighted.
func markRow(st styles, mk marks, order, line string, changed bool, kinds ...check.Kind) (string, bool) {
	for _, k := range kinds {
		if mk.has(order, k) {
			return st.finding.Render("✗ " + line), true
		}
	}
	if mk.ambiguous[order] {
		return st.warn.Render("? ") + line, true
	}
	if changed {
		return st.changed.Render("▸ " + line), false
	}
	return "  " + line, false
}

// itemTermW is the narrowest terminal whose panels' pane is paneW wide, or
// 0 when none is.
func itemTermW(paneW int) int {
	for w := minWidth; w <= 4*paneW+minWidth; w++ {
		if panelPaneW(w) >= paneW {
			return w
		}
	}
	return 0
}

func ordersPanel(st styles, snap lab.Snapshot, mk marks, d delta, w int) panel {
	// The status column is as wide as the longest status on show (a race's
	// "standard" is 8), so no row pushes its version out of the column.
	sw := 7
	for _, o := range snap.Orders {
		sw = max(sw, width(o.Status))
	}
	p := panel{title: fmt.Sprintf("orders.db · orders (%d)", len(snap.Orders)),
		head: fmt.Sprintf("  id    %-*s ver   amount  item", sw, "status"), empty: "  (no rows)"}
	// The item column is shown when the longest item fits whole.
	itemW := width(p.head) // with no rows, the column names alone
	for _, o := range snap.Orders {
		itemW = max(itemW, width(fmt.Sprintf("  %-5s %-*s v%-3d %7s  %s", o.ID, sw, o.Status, o.Version, money(o.Amount), o.Item)))
	}
	withItem := w >= itemW
	if !withItem {
		p.head = fmt.Sprintf("  id    %-*s ver   amount", sw, "status")
		if len(snap.Orders) > 0 {
			// The column is gone without a word otherwise.
			note := "  (item: too long for this pane)"
			if tw := itemTermW(itemW); tw > 0 {
				note = fmt.Sprintf("  (item: shown from %d columns)", tw)
			}
			p.headNote = wrap(note, w)
		}
	}
	ids := map[string]bool{}
	for _, o := range snap.Orders {
		ids[o.ID] = true
		line := fmt.Sprintf("%-5s %-*s v%-3d %7s", o.ID, sw, o.Status, o.Version, money(o.Amount))
		if withItem {
			line += "  " + o.Item
		}
		word := mk.word(o.ID)
		if word != "" {
			line = fmt.Sprintf("%-5s %-*s v%-3d", o.ID, sw, o.Status, o.Version)
			if width(line)+1+width(word) <= w-2 {
				line += " " + word
				word = ""
			}
		}
		row, keep := markRow(st, mk, o.ID, fit(line, w-2), d.order(o), check.Lost, check.Reordered, check.Duplicate, check.Ghost, check.DoubleOrder)
		p.add(row, keep)
		if word != "" && keep {
			// "DOUBLE-ORDER" read "DOUBLE-ORD…" at 80 columns.
			p.add(st.finding.Render(fit("  ↳ "+word, w)), true)
		}
	}
	// A ghost is an order shipping has and orders has not: say so where it
	// is missing.
	for _, o := range mk.orders {
		if mk.has(o, check.Ghost) && !ids[o] {
			p.add(st.finding.Render(fit(fmt.Sprintf("✗ %-5s — no such order: GHOST", o), w)), true)
		}
	}
	return p
}

func outboxPanel(st styles, snap lab.Snapshot, d delta, w int) panel {
	pending := 0
	for _, o := range snap.Outbox {
		if !o.Sent {
			pending++
		}
	}
	// Narrow, the failed column gives up its padding before the state
	// is cut: "… pending" read "… pend…" at 80 columns.
	// The count is of failed publishes (RetryLater): headed "attempts", a
	// sent row read "0 attempts, ✓ sent".
	head, aw := "  row  event     failed  state", 8
	if 2+width(fmt.Sprintf("#%-3d %-7s %*d  … pending", 0, "", aw, 0)) > w {
		head, aw = "  row  event   fails  state", 5
	}
	p := panel{title: fmt.Sprintf("orders.db · outbox (%d pending)", pending), head: head, empty: "  (no rows)"}
	for _, o := range snap.Outbox {
		state := st.good.Render("✓ sent")
		if !o.Sent {
			state = st.warn.Render("… pending")
		}
		ev := o.Order
		if o.Version > 0 {
			ev += fmt.Sprintf(" v%d", o.Version)
		}
		line := fmt.Sprintf("#%-3d %-7s %*d  ", o.ID, ev, aw, o.Attempts)
		if d.outbox(o) {
			p.add(st.changed.Render("▸ "+line+ansi.Strip(state)), false)
			continue
		}
		p.add("  "+line+state, false)
	}
	return p
}

func streamPanel(st styles, snap lab.Snapshot, mk marks, d delta, w int) panel {
	s := snap.Stream
	title := fmt.Sprintf("NATS · stream ORDERS (%d)", s.Total)
	p := panel{title: title, head: "  seq  event   subject             msg-id", empty: "  (no messages)"}
	wide := w >= 44
	// Narrow, the type column is as wide as the longest type on show, so
	// the msg-id, outbox-dedup's whole lesson, is not cut to "outbox…".
	tw := width("type")
	for _, m := range s.Msgs {
		tw = max(tw, width(shortType(m.Type)))
	}
	if !wide {
		p.head = fmt.Sprintf("  seq  event   %-*s msg-id", tw, "type")
	}
	if !snap.BrokerUp || s.Down != "" {
		// Narrow, the file's kind gives way: "✗ broker down" read
		// "✗ broker…" at 80 columns.
		p.title, p.short = "NATS · stream ORDERS · ✗ broker down", "stream ORDERS · ✗ broker down"
		if snap.BrokerUp {
			p.title, p.short = "NATS · stream ORDERS · ✗ no answer", "stream ORDERS · ✗ no answer"
		}
		// Wrapped: cut, "the stream is kept on disk" read "the stream is kep…".
		for i, l := range wrap(s.Down, max(w-2, 8)) {
			mark := st.bad.Render("✗ ")
			if i > 0 {
				mark = "  "
			}
			p.add(mark+st.dim.Render(l), false)
		}
		return p
	}
	for _, m := range s.Msgs {
		ev := m.Order
		if m.Version > 0 {
			ev += fmt.Sprintf(" v%d", m.Version)
		}
		line := fmt.Sprintf("%-4d %-7s %-19s %s", m.Seq, ev, m.Subject, m.MsgID)
		if !wide {
			line = fmt.Sprintf("%-4d %-7s %-*s %s", m.Seq, ev, tw, shortType(m.Type), m.MsgID)
		}
		p.add(markRow(st, mk, m.Order, fit(line, w-2), d.msg(m), check.Ghost, check.Duplicate))
	}
	if c := snap.Consumer; c.Known {
		line := fmt.Sprintf("  shipping acked ≤%d, %d unacked, %d queued", c.AckFloor, c.AckPending, c.Pending)
		if w < 42 {
			line = fmt.Sprintf("  acked ≤%d, unacked %d, queued %d", c.AckFloor, c.AckPending, c.Pending)
		}
		if c.Redelivered > 0 {
			line += fmt.Sprintf(", %d redelivered", c.Redelivered)
		}
		// It wraps: cut, "12 redelivered" read "1…".
		for _, l := range wrap(strings.TrimPrefix(line, "  "), w-2) {
			p.foot = append(p.foot, st.dim.Render("  "+l))
		}
	}
	return p
}

func shippingPanel(st styles, snap lab.Snapshot, mk marks, d delta, w int) panel {
	title := fmt.Sprintf("shipping.db · shipments (%d)", len(snap.Shipments))
	short := ""
	if snap.Inbox > 0 {
		title += fmt.Sprintf(" · inbox %d", snap.Inbox)
		// Narrow, the inbox count matters more than the file's name.
		short = fmt.Sprintf("shipments (%d) · inbox %d", len(snap.Shipments), snap.Inbox)
	}
	// The status column holds the longest status, "cancelled".
	cols := shipmentCols{order: 6, status: 9, gap: "  "}
	if !cols.fits(snap.Shipments, mk, w) {
		// Narrow: the columns shrink to what is on show before a row
		// marked with a finding would lose its status to its word.
		cols = shipmentCols{order: 5, status: 6, gap: " "}
		for _, s := range snap.Shipments {
			cols.status = max(cols.status, width(s.Status))
		}
	}
	p := panel{title: title, short: short, head: cols.head(), empty: "  (nothing shipped)"}
	seen := map[string]bool{}
	for _, s := range snap.Shipments {
		seen[s.Order] = true
		line := cols.line(s)
		word := mk.word(s.Order)
		if word != "" && width(line)+len(cols.gap)+width(word) <= w-2 {
			line += cols.gap + word
			word = ""
		}
		row, keep := markRow(st, mk, s.Order, fit(line, w-2), d.shipment(s), check.Duplicate, check.Reordered, check.Ghost, check.Lost, check.DoubleOrder)
		p.add(row, keep)
		if word != "" && keep {
			// Still too narrow for the word: it goes on a line of its own
			// under the row, which keeps its status.
			p.add(st.finding.Render(fit("  ↳ "+word, w)), true)
		}
	}
	// A lost order is one shipping never heard of: say so where it is missing.
	for _, o := range mk.orders {
		if mk.has(o, check.Lost) && !seen[o] {
			p.add(st.finding.Render(fit(fmt.Sprintf("✗ %-6s — never arrived: LOST", o), w)), true)
		}
	}
	return p
}

// shipmentCols are the widths of the shipments panel's columns.
type shipmentCols struct {
	order, status int
	gap           string // between the shipped count and a finding's word
}

func (c shipmentCols) head() string {
	return fmt.Sprintf("  %-*s %-*s ver  shipped", c.order, "order", c.status, "status")
}

func (c shipmentCols) line(s lab.SnapshotShipment) string {
	return fmt.Sprintf("%-*s %-*s v%-3d ×%d", c.order, s.Order, c.status, s.Status, s.Version, s.Count)
}

// fits says whether every row, with its finding's word, fits in w.
func (c shipmentCols) fits(ss []lab.SnapshotShipment, mk marks, w int) bool {
	for _, s := range ss {
		l := c.line(s)
		if word := mk.word(s.Order); word != "" {
			l += c.gap + word
		}
		if width(l) > w-2 {
			return false
		}
	}
	return true
}

func shortType(t string) string { return strings.TrimPrefix(t, "Order") }

func money(cents int) string { return fmt.Sprintf("%d.%02d", cents/100, cents%100) }

// hidden are columns a table panel leaves out: timestamps say nothing a
// student needs and change on every run.
func hidden(col string) bool {
	return col == "at" || col == "created" || col == "updated" || strings.HasSuffix(col, "_at")
}

// tablePanel shows a table a strategy adds (a change log, a coordinator's
// log) as it is, in aligned columns. A column's name is never cut: where
// the columns do not fit, the ones on the right are left out and named
// under the rows, a short last column (a state, a decision) kept.
func tablePanel(st styles, t lab.SnapshotTable, mk marks, w int) panel {
	var cols []int
	for i, c := range t.Columns {
		if !hidden(c) {
			cols = append(cols, i)
		}
	}
	colW := func(j int) int {
		n := width(t.Columns[cols[j]])
		for _, r := range t.Rows {
			n = max(n, min(width(r[cols[j]]), 24))
		}
		return n
	}
	widths := make([]int, len(cols))
	for j := range cols {
		widths[j] = colW(j)
	}
	total := func() int {
		n := 2
		for j, wd := range widths {
			if j > 0 {
				n += 2
			}
			n += wd
		}
		return n
	}
	// Too wide: leave out whole columns from the right, keeping the first
	// and a short last one (a state, a decision), which says the most.
	shortLast := len(widths) > 0 && widths[len(widths)-1] <= 12
	var left []string
	for total() > w && len(cols) > 1 {
		j := len(cols) - 1
		if shortLast && len(cols) > 2 {
			j--
		}
		left = append([]string{t.Columns[cols[j]]}, left...)
		cols = append(cols[:j:j], cols[j+1:]...)
		widths = append(widths[:j:j], widths[j+1:]...)
	}
	// Still too wide: narrow the widest column, never below its name.
	for total() > w {
		widest := -1
		for j := range widths {
			if floor := max(width(t.Columns[cols[j]]), 3); widths[j] > floor && (widest < 0 || widths[j] > widths[widest]) {
				widest = j
			}
		}
		if widest < 0 {
			break
		}
		widths[widest]--
	}
	line := func(vals []string) string {
		var b strings.Builder
		for j, i := range cols {
			if j > 0 {
				b.WriteString("  ")
			}
			b.WriteString(fit(vals[i], widths[j]))
		}
		return "  " + strings.TrimRight(b.String(), " ")
	}
	_, name, ok := strings.Cut(t.Name, " · ")
	if !ok {
		name = t.Name
	}
	p := panel{title: fmt.Sprintf("%s (%d)", t.Name, t.Total), short: fmt.Sprintf("%s (%d)", name, t.Total), head: line(t.Columns), empty: "  (no rows)"}
	if len(left) > 0 && len(t.Rows) > 0 {
		for _, l := range wrap("columns left out: "+strings.Join(left, ", "), w-2) {
			p.foot = append(p.foot, st.faint.Render("  "+l))
		}
	}
	for _, r := range t.Rows {
		named := false // a row of an order the verdict names
		for _, v := range r {
			named = named || len(mk.kinds[v]) > 0 || mk.ambiguous[v]
		}
		p.add(line(r), named)
	}
	return p
}

// midCut shortens a name to w cells in its middle, marked "…": with
// --nats-url a run's names carry a random prefix, and the end says what
// the thing is ("dw3f9a…_STAGED", not "dw3f9a0c1b2d…").
func midCut(name string, w int) string {
	if width(name) <= w {
		return name
	}
	tail := ""
	if i := strings.LastIndexAny(name, "_."); i > 0 {
		tail = name[i:]
	}
	if width(tail)+2 > w {
		return cut(name, w)
	}
	return ansi.Truncate(name[:len(name)-len(tail)], w-width(tail), "…") + tail
}

func otherStreamPanel(st styles, x lab.SnapshotStream, w int) panel {
	count := fmt.Sprintf(" (%d)", x.Total)
	p := panel{title: "NATS · stream " + x.Name + count, head: "  seq  subject  msg-id", empty: "  (no messages)",
		short: "stream " + midCut(x.Name, w-width("stream "+count)) + count}
	if x.Down != "" {
		// Wrapped, as the orders stream's: cut, the reason was lost.
		for i, l := range wrap(x.Down, max(w-2, 8)) {
			mark := st.bad.Render("✗ ")
			if i > 0 {
				mark = "  "
			}
			p.add(mark+st.dim.Render(l), false)
		}
		return p
	}
	for _, m := range x.Msgs {
		p.add(fmt.Sprintf("  %-4d %s  %s", m.Seq, m.Subject, m.MsgID), false)
	}
	return p
}

// kvPanels shows each key-value bucket, such as the offsets capture workers
// keep.
func kvPanels(keys []lab.SnapshotKey, w int) []panel {
	var out []panel
	for _, k := range keys {
		if len(out) == 0 || out[len(out)-1].title != "NATS · key-value "+k.Bucket {
			out = append(out, panel{title: "NATS · key-value " + k.Bucket, short: "key-value " + midCut(k.Bucket, w-width("key-value "))})
		}
		p := &out[len(out)-1]
		p.add(fmt.Sprintf("  %s = %s", k.Key, k.Value), false)
	}
	return out
}
