package tui

import (
	"maps"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/trace"
)

// The sequence diagram: one lane per actor, one row per step. A step between
// two actors is an arrow with the step's name on it; a step on one actor is a
// note on its lane; what the lab does to the world (a crash, the broker going
// down) is marked on the lane it strikes, by symbol and word.

// lanesOf lists the lanes, left to right in the teaching order of
// trace.LaneOrder: the service, orders.db, NATS, the consumer and
// shipping.db that every run has, the strategy's worker if it has one, and
// any other lane that appears on the trace. The lab's one "sqlite" actor is
// two lanes, as trace.LanesOf splits it.
func lanesOf(worker string, events []trace.Event) []string {
	want := map[string]bool{trace.Service: true, trace.OrdersDB: true, trace.NATS: true, trace.Consumer: true, trace.ShippingDB: true}
	if worker != "" {
		want[worker] = true
	}
	var extra []string
	note := func(name string) {
		if name == "" || name == trace.Lab || want[name] {
			return
		}
		want[name] = true
		extra = append(extra, name)
	}
	for _, e := range events {
		a, t := trace.LanesOf(e)
		note(a)
		note(t)
	}
	var out []string
	for _, l := range trace.LaneOrder() {
		if want[l] {
			out = append(out, l)
			delete(want, l)
		}
	}
	for _, l := range extra {
		if want[l] {
			out = append(out, l)
		}
	}
	return out
}

// nextTarget is the lane a step of this name by this actor acts on, for the
// dimmed arrow of the next step; "" draws it as a note.
func nextTarget(actor, step string) string {
	switch step {
	case "begin", "write", "commit", "rollback", "outbox", "delete outbox", "mark sent", "read outbox", "forget sent", "apply", "absorb", "discard",
		"read log", "poll", "prepare", "abort":
		return trace.StoreOf(actor)
	case "publish", "stage", "load offset", "save offset", "read seq":
		return trace.NATS
	}
	return ""
}

// cell styles of the diagram's canvas.
type cellStyle uint8

const (
	csPlain cellStyle = iota
	csLane
	csArrow
	csNow
	csNext
	csFault
	csBad
	csGood
	csWarn
	csDim
	csGutter
	csDuplicate
	csName // a lane's name
)

func (s styles) cell(c cellStyle) lipgloss.Style {
	switch c {
	case csLane:
		return s.lane
	case csArrow:
		return s.arrow
	case csNow:
		return s.arrowNow
	case csNext:
		return s.next
	case csFault:
		return s.fault
	case csBad:
		return s.bad
	case csGood:
		return s.good
	case csWarn:
		return s.warn
	case csDim:
		return s.dim
	case csGutter:
		return s.gutter
	case csDuplicate:
		return s.duplicate
	case csName:
		return s.laneName
	}
	return s.text
}

// highlit is the style of a cell on a row the last step added, in presenter
// mode: on the highlight's background, with the greys that would not hold
// their contrast on it drawn in the highlight's own colour.
func (s styles) highlit(c cellStyle) lipgloss.Style {
	switch c {
	case csPlain, csLane, csArrow, csNext, csDim, csGutter, csName:
		return s.changed
	case csFault:
		return s.fault
	}
	return s.cell(c).Background(s.changed.GetBackground())
}

// canvas is one row of the diagram, a cell at a time. A wide rune takes two
// cells; the second holds 0 and is not printed.
type canvas struct {
	r  []rune
	st []cellStyle
}

func newCanvas(w int) *canvas {
	c := &canvas{r: make([]rune, w), st: make([]cellStyle, w)}
	for i := range c.r {
		c.r[i] = ' '
	}
	return c
}

// put writes s from cell x on, cut at the canvas's end, and returns the cell
// after it.
func (c *canvas) put(x int, s string, st cellStyle) int {
	for _, r := range s {
		w := ansi.StringWidth(string(r))
		if w == 0 {
			continue
		}
		if x < 0 || x+w > len(c.r) {
			return x
		}
		c.r[x], c.st[x] = r, st
		if w == 2 {
			c.r[x+1], c.st[x+1] = 0, st
		}
		x += w
	}
	return x
}

// putCut writes s in at most n cells, ending a cut with "…".
func (c *canvas) putCut(x int, s string, n int, st cellStyle) int {
	if n <= 0 {
		return x
	}
	return c.put(x, ansi.Truncate(s, n, "…"), st)
}

func (c *canvas) plain() string {
	var b strings.Builder
	for _, r := range c.r {
		if r != 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (c *canvas) render(s styles) string { return c.renderHL(s, false) }

// renderHL renders the row, highlighted when hl.
func (c *canvas) renderHL(s styles, hl bool) string {
	var b strings.Builder
	var run strings.Builder
	cur := csPlain
	flush := func() {
		if run.Len() > 0 {
			st := s.cell(cur)
			if hl {
				st = s.highlit(cur)
			}
			b.WriteString(st.Render(run.String()))
			run.Reset()
		}
	}
	for i, r := range c.r {
		if r == 0 {
			continue
		}
		if c.st[i] != cur {
			flush()
			cur = c.st[i]
		}
		run.WriteRune(r)
	}
	flush()
	return b.String()
}

// minDetail is the narrowest detail column worth drawing.
const minDetail = 24

// diagram lays the lanes out in a width.
type diagram struct {
	st      styles
	lanes   []string
	x       map[string]int // the column of each lane
	gutter  int            // the order column on the left
	laneW   int
	w       int               // the whole row
	detailX int               // where the detail column starts; detailX >= w means none
	flags   []stepFlag        // by event, as flagsOf found them
	present bool              // highlight the rows of the last step
	codes   map[string]string // one-letter labels by step, given as rows need them
	used    map[string]string // steps by letter, in the row being drawn
}

func newDiagram(st styles, lanes []string, gutter, laneW, w int) *diagram {
	d := &diagram{st: st, lanes: lanes, x: map[string]int{}, gutter: gutter, laneW: laneW, w: w}
	for i, l := range lanes {
		d.x[l] = gutter + i*laneW + laneW/2
	}
	d.detailX = gutter + len(lanes)*laneW + 1
	if w-d.detailX < minDetail {
		d.detailX = w // too narrow for details to say anything
	}
	return d
}

// headerLines is how many lines the header takes: the systems, and the
// lane names on one line, or two when a name does not fit its lane.
func (d *diagram) headerLines() int {
	if d.namesFit() {
		return 2
	}
	return 3
}

func (d *diagram) namesFit() bool {
	for _, l := range d.lanes {
		if width(l) > d.laneW-1 {
			return false
		}
	}
	return true
}

// header draws the systems over their lanes, then the lanes' names, every
// other one a line lower when they do not fit side by side.
func (d *diagram) header(scrolled int) []string {
	sys := newCanvas(d.w)
	for i, system := range trace.Systems {
		first, last := -1, -1
		for _, l := range d.lanes {
			if trace.SystemOf(l) == i {
				if first < 0 {
					first = d.x[l]
				}
				last = d.x[l]
			}
		}
		if first < 0 {
			continue
		}
		lo, hi := max(first-d.laneW/2+1, d.gutter), min(last+d.laneW/2-1, d.w-1)
		for x := lo; x <= hi; x++ {
			sys.put(x, "─", csDim)
		}
		sys.put(lo, "╭", csDim)
		sys.put(hi, "╮", csDim)
		label := " " + system.Name + " "
		room := hi - lo - 1
		if width(label) > room {
			label = " " + map[int]string{0: "service", 1: "downstream"}[i] + " "
		}
		sys.putCut(lo+1+max((room-width(label))/2, 0), label, room, csName)
	}
	lines := []*canvas{newCanvas(d.w)}
	if !d.namesFit() {
		lines = append(lines, newCanvas(d.w))
	}
	for i, l := range d.lanes {
		line, room := lines[0], d.laneW-1
		if len(lines) == 2 {
			line, room = lines[i%2], 2*d.laneW-2
		}
		name := laneName(l, room)
		x := min(max(d.x[l]-width(name)/2, 0), d.w-width(name))
		line.put(x, name, csName)
	}
	if scrolled > 0 {
		// How many rows are scrolled away, in the gutter under the systems.
		lines[0].putCut(0, "↑"+strconv.Itoa(scrolled), d.gutter-1, csGutter)
	}
	out := []string{sys.render(d.st)}
	for _, l := range lines {
		out = append(out, l.render(d.st))
	}
	return out
}

func (d *diagram) base(order string, marker string, now bool) *canvas {
	c := newCanvas(d.w)
	for _, l := range d.lanes {
		c.put(d.x[l], "│", csLane)
	}
	st := csGutter
	if now {
		st = csNow
	}
	c.put(0, marker, st)
	c.putCut(1, order, d.gutter-2, csGutter)
	return c
}

// row draws event i of the trace.
func (d *diagram) row(i int, e trace.Event, now bool) string {
	marker := " "
	if now {
		marker = "▸"
	}
	c := d.base(e.Order, marker, now)
	label := csArrow
	if now {
		label = csNow
	}
	var fl stepFlag
	if i < len(d.flags) {
		fl = d.flags[i]
	}
	if e.Fault != "" {
		// A banner across the row, not a note that runs over other lanes.
		point, _, _ := strings.Cut(e.Fault, "=")
		texts := []string{"⚡ FAULT " + e.Fault + " · " + e.Actor, "⚡ FAULT " + e.Fault, "⚡ FAULT " + point, "⚡ FAULT"}
		x := c.put(d.gutter, "┄┄ ", csFault)
		if text := fitWhole(texts, d.w-x-1); text != "" {
			x = c.put(x, text+" ", csFault)
		} else {
			x = c.putCut(x, texts[len(texts)-1]+" ", d.w-x, csFault)
		}
		for ; x < d.w; x++ {
			c.put(x, "┄", csFault)
		}
		return c.renderHL(d.st, now && d.present)
	}
	end := 0
	actor, target := trace.LanesOf(e)
	xa, okA := d.x[actor]
	xt, okT := d.x[target]
	switch {
	case e.Actor == trace.Lab && okT:
		text, st := labMark(e)
		end = c.put(xt, text, st)
	case e.Actor == trace.Lab || !okA:
		return d.separator(c, e, now)
	case okT && target != actor:
		texts, st := arrowLabels(e.Step), label
		switch fl {
		case flagFailed:
			texts, st = prefixed("✗ ", arrowLabels(e.Step)), csBad
		case flagDuplicate:
			texts, st = prefixed("DUP ", texts[:1]), csDuplicate
			if abs(xt-xa)-3 < width(texts[0]) {
				texts = []string{"DUP"} // the colour and the word say it; the step is the lane's
			}
		case flagAbsorbed:
			texts, st = []string{"≡ absorb", "≡"}, csGood
		}
		end = d.arrow(c, xa, xt, texts, '─', st)
	default:
		text, st := note(e)
		if st == csPlain {
			st = label
		}
		end = c.put(d.noteX(xa, text), text, st)
	}
	if d.detailX < d.w && end < d.detailX && e.Detail != "" {
		c.put(d.detailX, cutWords(e.Detail, d.w-d.detailX), csDim)
	}
	return c.renderHL(d.st, now && d.present)
}

// arrow draws an arrow from lane column xa to xb with the first of its
// labels that fits whole on the shaft, and returns the cell after it. A
// label is never cut: with none that fits, the arrow goes bare and the
// narration names the step.
func (d *diagram) arrow(c *canvas, xa, xb int, labels []string, line rune, st cellStyle) int {
	head, start := "▶", "├"
	lo, hi := xa, xb
	if xb < xa {
		head, start, lo, hi = "◀", "┤", xb, xa
	}
	if line == '┄' {
		head = map[string]string{"▶": "▷", "◀": "◁"}[head]
	}
	c.put(xa, start, st)
	for x := lo + 1; x < hi; x++ {
		c.put(x, string(line), st)
	}
	if xb > xa {
		c.put(xb-1, head, st)
	} else {
		c.put(xb+1, head, st)
	}
	// The label sits on the shaft, between the tail and the head, with a
	// cell of shaft either side where there is room for it.
	from, room := lo+2, hi-lo-3
	tight, tightRoom := lo+1, hi-lo-2
	if xb < xa {
		from, room, tight = lo+3, hi-lo-4, lo+2
	}
	for _, l := range labels {
		switch {
		case width(l) <= room:
			c.put(from, l, st)
		case width(l) <= tightRoom:
			c.put(tight, l, st)
		default:
			continue
		}
		return hi + 1
	}
	if code := d.code(labels[0]); code != "" && tightRoom >= 1 {
		c.put(max(from, tight), code, st)
	}
	return hi + 1
}

// code is a one-letter label for a step whose word does not fit its
// arrow, the same letter for the same step throughout the diagram, and
// noted for the legend under it: 2pc's seven lanes at 80 columns drew
// apply and decide as bare arrows. "" for a label that is not a plain word
// (a failed or duplicate step says itself by its colour and the narration).
func (d *diagram) code(step string) string {
	if step == "" || strings.IndexFunc(step, func(r rune) bool { return !unicode.IsLetter(r) && r != ' ' }) >= 0 {
		return ""
	}
	if d.codes == nil {
		d.codes = map[string]string{}
	}
	if d.used == nil {
		d.used = map[string]string{}
	}
	if c, ok := d.codes[step]; ok {
		d.used[c] = step
		return c
	}
	taken := map[string]bool{}
	for _, c := range d.codes {
		taken[c] = true
	}
	for _, r := range step {
		if c := string(r); r != ' ' && !taken[c] {
			d.codes[step] = c
			d.used[c] = step
			return c
		}
	}
	return ""
}

// legend names the one-letter labels of the rows on show, in as few
// words as fit w; "" when no row uses one.
func legend(used map[string]string, w int) string {
	if len(used) == 0 {
		return ""
	}
	var cs []string
	for c := range used {
		cs = append(cs, c)
	}
	sort.Strings(cs)
	var long, short []string
	for _, c := range cs {
		long = append(long, c+" = "+used[c])
		short = append(short, c+"="+used[c])
	}
	return fitWhole([]string{"labels: " + strings.Join(long, " · "), strings.Join(long, " · "), strings.Join(short, " ")}, w)
}

// fitWhole is the first of texts that fits in n cells, or "" when none
// does: shorter words chosen ahead, never a word cut.
func fitWhole(texts []string, n int) string {
	for _, t := range texts {
		if width(t) <= n {
			return t
		}
	}
	return ""
}

func prefixed(p string, texts []string) []string {
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = p + t
	}
	return out
}

// separator draws a step of the lab across the whole diagram.
func (d *diagram) separator(c *canvas, e trace.Event, now bool) string {
	texts, st := labLine(e)
	if !now && st == csPlain {
		st = csDim
	}
	line := newCanvas(d.w)
	copy(line.r[:d.gutter], c.r[:d.gutter])
	copy(line.st[:d.gutter], c.st[:d.gutter])
	x := line.put(d.gutter, "┄┄ ", csDim)
	if text := fitWhole(texts, d.w-x-1); text != "" {
		x = line.put(x, text, st)
	} else {
		x = line.putCut(x, texts[len(texts)-1], d.w-x-1, st)
	}
	for x++; x < d.w; x++ {
		line.put(x, "┄", csDim)
	}
	return line.renderHL(d.st, now && d.present)
}

// nextRow draws the step that would run next, dimmed.
func (d *diagram) nextRow(n lab.Next) string {
	c := d.base(n.Order, "›", false)
	xa, ok := d.x[n.Actor]
	if ok && n.Doomed {
		texts := []string{"· ✗ " + n.Step + " won't run: its instance died", "· ✗ " + n.Step + " won't run", "· ✗ won't run"}
		text := fitWhole(texts, d.w-d.gutter)
		if text == "" {
			text = cut(texts[len(texts)-1], d.w-d.gutter)
		}
		c.put(d.noteX(xa, text), text, csNext)
		return c.render(d.st)
	}
	if !ok {
		text := "next: " + n.Actor
		texts := []string{text}
		switch {
		case n.Step != "":
			texts = []string{text + " · " + n.Step, text}
		case n.Actor == trace.Lab:
			texts = []string{text + " · a timer on the lab's clock", text + " · a timer", text}
		}
		x := c.put(d.gutter, "┄┄ ", csNext)
		if t := fitWhole(texts, d.w-x); t != "" {
			c.put(x, t, csNext)
		} else {
			c.putCut(x, text, d.w-x, csNext)
		}
		return c.render(d.st)
	}
	if n.Step == "" {
		text := "· checks for work"
		c.put(d.noteX(xa, text), text, csNext)
		return c.render(d.st)
	}
	if xt, ok := d.x[nextTarget(n.Actor, n.Step)]; ok && xt != xa {
		d.arrow(c, xa, xt, arrowLabels(n.Step), '┄', csNext)
		return c.render(d.st)
	}
	c.put(d.noteX(xa, "· "+n.Step), "· "+n.Step, csNext)
	return c.render(d.st)
}

// noteX is where a note on the lane at x starts: on the lane, or further
// left when it would not fit before the end of the row.
func (d *diagram) noteX(x int, text string) int {
	return max(min(x, d.w-width(text)), d.gutter)
}

// arrowLabels are the names of a step on an arrow, longest first, each a
// whole word or words: the arrow takes the first that fits between its two
// lanes, and the narration says the rest.
func arrowLabels(step string) []string {
	short := map[string][]string{
		"read outbox": {"read"},
		"read log":    {"read"},
		"read seq":    {"read"},
		"mark sent":   {"mark"},
		"forget sent": {"forget"},
		"retry later": {"retry"},
		"load offset": {"load"},
		"save offset": {"save"},
		"deliver":     {"send"},
		"publish":     {"pub"},
		"prepare":     {"prep"},
	}
	return append([]string{step}, short[step]...)
}

// note is the text of a step an actor takes on its own lane.
func note(e trace.Event) (string, cellStyle) {
	if e.Fault != "" {
		return "⚡ FAULT " + e.Fault, csFault
	}
	switch e.Step {
	case "request":
		return "● " + e.Op + " " + e.Order, csPlain
	case "reply":
		switch check.Outcome(e.Outcome) {
		case check.Unknown:
			return "✗ reply: no answer", csBad
		case check.Fail:
			return "✗ reply: failed", csWarn
		}
		return "✓ reply: ok", csGood
	case "timeout":
		return "✗ timeout: no ack", csWarn
	case "ack":
		if e.Actor == trace.NATS && e.Target == "" {
			return "⚡ ack lost", csFault
		}
	case "abandon":
		return "✗ rollback (died)", csBad
	}
	return "· " + e.Step, csPlain
}

// labMark is what the lab did to one actor, marked on its lane.
func labMark(e trace.Event) (string, cellStyle) {
	switch e.Step {
	case "crash":
		return "✗ CRASH", csBad
	case "restart":
		return "↻ restart", csGood
	case "broker down":
		return "✗ DOWN", csBad
	case "broker up":
		return "▲ UP", csGood
	}
	return "· " + e.Step, csWarn
}

// labLine is a step of the lab that concerns the whole world, in words
// from the longest to the shortest: the banner takes the first that fits,
// and the narration says it in full.
func labLine(e trace.Event) ([]string, cellStyle) {
	switch e.Step {
	case "start":
		if e.Simulated {
			return []string{"SIMULATED two-phase commit: the lab plays the prepare-capable participants",
				"SIMULATED two-phase commit: the lab plays the participants", "SIMULATED two-phase commit", "SIMULATED 2PC"}, csWarn
		}
		return []string{"start: fresh orders.db, shipping.db and NATS JetStream", "start: fresh orders.db, shipping.db, NATS",
			"start: a fresh world", "start"}, csPlain
	case "race":
		return []string{"race: two service instances write the same order", "race: two instances write one order", "race"}, csWarn
	case "recover":
		return []string{"recover: the workload is done, the world catches up", "recover: the world catches up", "recover"}, csWarn
	case "verdict":
		if e.Outcome == "consistent" {
			return []string{"✓ verdict: CONSISTENT", "✓ CONSISTENT"}, csGood
		}
		return []string{"✗ verdict: INCONSISTENT", "✗ INCONSISTENT"}, csBad
	case "timeout":
		return []string{"✗ timeout: the world did not settle", "✗ timeout: not settled", "✗ timeout"}, csBad
	}
	if e.Detail != "" {
		return []string{e.Step + ": " + e.Detail, e.Step}, csPlain
	}
	return []string{e.Step}, csPlain
}

// render draws the diagram's rows, the next step last, in h lines,
// scrolled back by scroll rows from the end.
func (d *diagram) render(events []trace.Event, newFrom int, next *lab.Next, h, scroll int) []string {
	rows := make([]string, 0, len(events)+1)
	codes := make([]map[string]string, 0, len(events)+1)
	for i, e := range events {
		d.used = map[string]string{}
		rows = append(rows, d.row(i, e, i >= newFrom))
		codes = append(codes, d.used)
	}
	if next != nil {
		d.used = map[string]string{}
		rows = append(rows, d.nextRow(*next))
		codes = append(codes, d.used)
	}
	window := func(body int) (int, int) {
		end := len(rows) - min(scroll, max(len(rows)-body, 0))
		return max(end-body, 0), end
	}
	body := max(h-d.headerLines(), 0)
	start, end := window(body)
	used := map[string]string{}
	for _, cs := range codes[start:end] {
		maps.Copy(used, cs)
	}
	key := legend(used, d.w-d.gutter)
	if key != "" && body > 1 {
		// The legend takes the last line; the rows it names are
		// counted again in the shorter window.
		start, end = window(body - 1)
		used = map[string]string{}
		for _, cs := range codes[start:end] {
			maps.Copy(used, cs)
		}
		key = legend(used, d.w-d.gutter)
	}
	out := d.header(start)
	out = append(out, rows[start:end]...)
	if key != "" && body > 1 {
		out = append(out, strings.Repeat(" ", d.gutter)+d.st.dim.Render(key))
	}
	return out
}

// shortNames are names for lanes too narrow for the actor's own.
var shortNames = map[string]string{
	"service": "svc", "consumer": "cons", "coordinator": "coord", "coordinator.db": "coord.db",
	"connector": "conn", "poller": "poll", "relay": "relay", "orders.db": "orders", "shipping.db": "ship.db",
}

// laneName fits a lane's name in w cells, keeping what tells lanes apart:
// "service-a" becomes "servic-a", not "service…".
func laneName(name string, w int) string {
	if width(name) <= w {
		return name
	}
	if short, ok := shortNames[name]; ok && width(short) <= w {
		return short
	}
	if i := strings.LastIndex(name, "-"); i > 0 && len(name)-i < w-1 {
		suffix := name[i:]
		return name[:w-len(suffix)] + suffix
	}
	return cut(name, w)
}
