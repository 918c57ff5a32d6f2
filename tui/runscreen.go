package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/trace"
)

// speeds are autoplay's intervals between steps, slowest first.
var speeds = []time.Duration{3 * time.Second, 2 * time.Second, time.Second, 500 * time.Millisecond, 250 * time.Millisecond, 100 * time.Millisecond}

const defaultSpeed = 2

// spinAfter is how long an operation runs before the spinner shows: most
// steps take a millisecond, and a flash of spinner would only distract.
const spinAfter = 150 * time.Millisecond

// runScreen steps one run of a strategy and shows it: the sequence diagram,
// the stores, the narration, the source, and at the end the verdict.
type runScreen struct {
	sess   *session
	strat  scenarios.Strategy
	worker string // the strategy's background worker, "" if none
	outbox bool   // the strategy writes its events to an outbox
	emits  emits  // how the strategy's events leave the service
	src    sources

	fr      frame // the last read of the run and its stores
	loaded  bool
	before  int // trace length before the operation in flight
	newFrom int // events from here on came with the last key press

	busy      bool
	busyOp    string
	busySince time.Time
	queued    int // steps asked for while busy
	err       error
	notice    string

	scroll int           // diagram rows scrolled back
	diagH  int           // diagram rows on show at the last view, for the jumps
	prev   *lab.Snapshot // the stores before the last operation, for what it changed
	flags  []stepFlag
	// verdict scrolls when the findings need more lines than there is room.
	verdict viewport.Model
	present bool
	source  bool
	auto    bool
	speed   int
	gen     int // autoplay generation
	picker  *picker
	spin    spinner.Model
	jumpTo  int // after a jump's steps, scroll to this event; -1 for none
}

func newRunScreen(sess *session) *runScreen {
	r := &runScreen{sess: sess, strat: sess.strat, speed: defaultSpeed,
		spin: spinner.New(spinner.WithSpinner(spinner.MiniDot)), verdict: viewport.New()}
	r.verdict.KeyMap = viewport.KeyMap{} // the run screen's keys drive it
	if sess.strat.New != nil {
		if w, ok := sess.strat.New().(lab.Worker); ok {
			r.worker = w.WorkerName()
		}
	}
	if sess.strat.New != nil {
		r.emits = emitsOf(sess.strat.New())
		r.outbox = r.emits == viaOutbox
	}
	r.src = sourcesFor(sess.strat)
	r.jumpTo = -1
	return r
}

// init loads the run: starts it if it is not started yet, and reads it.
func (r *runScreen) init() tea.Cmd {
	r.busy, r.busyOp, r.busySince = true, "starting", time.Now()
	return tea.Batch(opCmd(r.sess, "load", r.sess.load), r.spin.Tick)
}

func (r *runScreen) start(op string, f func() (frame, error)) tea.Cmd {
	r.busy, r.busyOp, r.busySince = true, op, time.Now()
	r.err, r.notice = nil, ""
	r.before = len(r.fr.events)
	return tea.Batch(opCmd(r.sess, op, f), r.spin.Tick)
}

func (r *runScreen) update(k keyMap, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case opMsg:
		if msg.sid != r.sess.id {
			return nil
		}
		return r.done(msg)
	case autoTickMsg:
		if msg.gen != r.gen || !r.auto {
			return nil
		}
		if r.fr.finished {
			r.auto = false
			return nil
		}
		if r.busy {
			return autoTick(r.gen, speeds[r.speed])
		}
		return r.start("step", r.sess.step)
	case spinner.TickMsg:
		if !r.busy {
			return nil
		}
		var cmd tea.Cmd
		r.spin, cmd = r.spin.Update(msg)
		return cmd
	case tea.KeyPressMsg:
		return r.key(k, msg)
	}
	return nil
}

func (r *runScreen) key(k keyMap, msg tea.KeyPressMsg) tea.Cmd {
	if r.picker != nil {
		p := r.picker
		f, done, cmd := p.update(k, msg)
		if g := p.guarantee; done && g != "" {
			r.picker = nil
			return r.start("consumer", func() (frame, error) { return r.sess.setConsumer(g) })
		}
		if done {
			r.picker = nil
		}
		if w := p.chosen; w != nil {
			return r.start("switch", func() (frame, error) { return r.sess.setSwitch(*w) })
		}
		if f != nil {
			fault := *f
			return r.start("arm", func() (frame, error) { return r.sess.arm(fault) })
		}
		return cmd
	}
	if r.fr.finished && r.fr.report != nil {
		switch {
		case key.Matches(msg, k.PageUp):
			r.scroll += max(r.diagH-2, 3)
			return nil
		case key.Matches(msg, k.PageDn):
			r.scroll = max(r.scroll-max(r.diagH-2, 3), 0)
			return nil
		case key.Matches(msg, k.Up):
			r.verdict.ScrollUp(1)
			return nil
		case key.Matches(msg, k.Down):
			r.verdict.ScrollDown(1)
			return nil
		}
	}
	switch {
	case key.Matches(msg, k.NextFault):
		return r.jump(isFault, "no fault struck in this run", "no other fault struck in this run")
	case key.Matches(msg, k.Recovery):
		return r.jump(isRecovery, "the run has no recovery", "this is the recovery")
	case key.Matches(msg, k.End):
		r.scroll = 0
		if r.fr.finished || r.busy {
			return nil
		}
		r.auto = false
		return r.start("finish", r.sess.finish)
	case key.Matches(msg, k.Next):
		switch {
		case r.fr.finished:
			r.notice = "the run is over: ← steps back, esc picks another strategy"
		case r.busy:
			r.queued++
		default:
			return r.start("step", r.sess.step)
		}
	case key.Matches(msg, k.RunToEnd):
		if r.fr.finished || r.busy {
			return nil
		}
		r.auto = false
		return r.start("finish", r.sess.finish)
	case key.Matches(msg, k.Crash):
		if !r.busy {
			return r.start("crash", r.sess.crash)
		}
	case key.Matches(msg, k.Broker):
		if !r.busy {
			return r.start("broker", r.sess.toggleBroker)
		}
	case key.Matches(msg, k.Fault):
		switch {
		case r.fr.finished:
			r.notice = "the run is over: ← steps back to arm a fault earlier"
		case r.busy:
			r.notice = "a step is running: arm the fault once it is done"
		default:
			r.picker = newPicker(r.strat.AllPoints())
		}
	case key.Matches(msg, k.Back):
		if r.busy {
			return nil
		}
		if r.fr.steps == 0 {
			r.notice = "this is the start of the run"
			return nil
		}
		r.auto = false
		return r.start("back", r.sess.back)
	case key.Matches(msg, k.Auto):
		r.auto = !r.auto
		r.gen++
		if r.auto {
			if r.fr.finished {
				r.auto = false
				r.notice = "the run is over: ← steps back"
				return nil
			}
			if !r.busy {
				return r.start("step", r.sess.step)
			}
		}
	case key.Matches(msg, k.Faster):
		r.speed = min(r.speed+1, len(speeds)-1)
	case key.Matches(msg, k.Slower):
		r.speed = max(r.speed-1, 0)
	case key.Matches(msg, k.Source):
		r.source = !r.source
	case key.Matches(msg, k.ScrollUp):
		r.scroll += 3
	case key.Matches(msg, k.ScrollDn):
		r.scroll = max(r.scroll-3, 0)
	}
	return nil
}

// done takes the outcome of an operation.
func (r *runScreen) done(msg opMsg) tea.Cmd {
	r.busy = false
	if errors.Is(msg.err, errClosed) {
		return nil
	}
	if msg.frame.events != nil {
		r.prev = nil
		if r.loaded && msg.op != "back" && msg.op != "load" {
			prev := r.fr.snap
			r.prev = &prev
		}
		r.fr, r.loaded = msg.frame, true
		r.flags = flagsOf(r.fr.events, !r.sess.cfg.Lifecycle)
		if r.jumpTo >= 0 {
			r.scrollTo(r.jumpTo)
			r.jumpTo = -1
		} else {
			r.scroll = 0
		}
		switch msg.op {
		case "load":
			r.newFrom = 0
		case "back":
			r.newFrom = 0
			if n := r.fr.steps; n > 0 && n-1 < len(r.fr.marks) {
				r.newFrom = r.fr.marks[n-1]
			}
		case "follow":
			// The presenter's last step is what is new, as on their
			// screen; at the end, the recovery and the verdict.
			// What the presenter did by hand after that step (a crash, the
			// broker) is newer still.
			r.newFrom = 0
			n := r.fr.steps
			switch {
			case n < len(r.fr.marks) && len(r.fr.events) > r.fr.marks[n]:
				r.newFrom = r.fr.marks[n]
			case n > 0 && n-1 < len(r.fr.marks):
				r.newFrom = r.fr.marks[n-1]
			}
			for i := len(r.fr.events) - 1; r.fr.finished && i >= 0; i-- {
				if r.fr.events[i].Step == "recover" {
					r.newFrom = i
					break
				}
			}
		case "finish":
			// Marking every step of the rest of the run would mark nothing:
			// the recovery and the verdict are what is new.
			r.newFrom = r.before
			for i := len(r.fr.events) - 1; i >= r.before; i-- {
				if r.fr.events[i].Step == "recover" {
					r.newFrom = i
					break
				}
			}
		default:
			// An operation that added nothing to the trace (arming a
			// fault) leaves the narration of the last step on show.
			if len(r.fr.events) > r.before {
				r.newFrom = r.before
			}
		}
	}
	r.err = msg.err
	if r.err == nil {
		switch msg.op {
		case "arm":
			if n := len(r.fr.faults); n > 0 {
				r.notice = "⚡ armed " + r.fr.faults[n-1]
			}
		case "back":
			r.notice = fmt.Sprintf("replayed from the start with seed %d, to step %d", r.sess.cfg.Seed, r.fr.steps)
		}
	}
	if r.fr.finished || r.err != nil {
		r.auto, r.queued = false, 0
		return nil
	}
	if r.queued > 0 {
		r.queued--
		return r.start("step", r.sess.step)
	}
	if r.auto {
		return autoTick(r.gen, speeds[r.speed])
	}
	return nil
}

// view draws the run screen in w×h cells.
func (r *runScreen) view(st styles, hlp func(w int) string, w, h int) string {
	header := r.header(st, w)
	foot := r.footer(st, w, h)
	helpLine := hlp(w)
	bodyH := h - len(header) - len(foot)
	if helpLine != "" {
		bodyH--
	}
	body := r.body(st, w, bodyH)
	lines := append(append(header, body...), foot...)
	if helpLine != "" {
		lines = append(lines, helpLine)
	}
	return strings.Join(block(lines, w, h), "\n")
}

func (r *runScreen) header(st styles, w int) []string {
	fr := r.fr
	left := st.title.Render("dualwrite") + st.rule.Render(" · ")
	if w < 100 {
		left = ""
	}
	left += st.strategy.Render(r.strat.ID) +
		st.dim.Render(fmt.Sprintf(" · seed %d · step %d", r.sess.cfg.Seed, fr.steps))
	if fr.finished {
		left += st.dim.Render(" · judged")
	}
	var right []string
	if r.loaded {
		s := fr.snap
		right = append(right, st.dim.Render(fmt.Sprintf("service #%d", s.ServiceGen)))
		if s.BrokerUp {
			right = append(right, st.good.Render("broker ▲ up"))
		} else {
			right = append(right, st.bad.Render("broker ✗ down"))
		}
		right = append(right, st.dim.Render(shippingLabel(r.sess.cfg, s.ConsumerGen, w)))
		if s.Served != "" {
			right = append(right, st.dim.Render("nats "+s.Served))
		}
	}
	line1 := spread(left, strings.Join(right, st.rule.Render(" · ")), w)

	armed := st.dim.Render("no fault armed · f arms one")
	if len(fr.faults) > 0 {
		var live, spent []string
		for _, a := range armedFaults(fr.faults, fr.events) {
			if a.spent {
				spent = append(spent, a.spec)
			} else {
				live = append(live, a.String())
			}
		}
		var parts []string
		if len(spent) > 0 {
			parts = append(parts, st.fault.Render("⚡ struck")+" "+st.bad.Render(strings.Join(spent, ", ")))
		}
		if len(live) > 0 {
			parts = append(parts, st.fault.Render("⚡")+" "+st.warn.Render("armed: "+strings.Join(live, ", ")))
		}
		armed = strings.Join(parts, "  ")
	}
	order, stage := planStage(r.strat.Steps, fr.events)
	prefix := "plan"
	if order != "" {
		prefix = order
	}
	return append([]string{line1}, headerPlan(st, armed, prefix, r.strat.Steps, stage, w)...)
}

// shippingLabel says how many shipping instances run and, for one, which
// generation it is: "#2" alone would read as two instances.
func shippingLabel(cfg lab.Config, gen, w int) string {
	if cfg.Consumers <= 1 {
		return fmt.Sprintf("shipping #%d", gen)
	}
	s := fmt.Sprintf("shipping ×%d", cfg.Consumers)
	if gen > 1 {
		s += fmt.Sprintf(" #%d", gen)
	}
	if cfg.Partitions > 0 && w >= 100 {
		s += fmt.Sprintf(", %d partitions", cfg.Partitions)
	}
	return s
}

// planStage finds where in the strategy's steps the latest step is, and the
// order it works on: -1 when it cannot tell.
func planStage(steps []string, events []trace.Event) (string, int) {
	words := map[string][]string{
		"begin": {"begin"}, "write": {"insert", "update", "delete", "write"}, "outbox": {"outbox"},
		"commit": {"commit"}, "publish": {"publish"}, "read outbox": {"read"}, "mark sent": {"mark"},
		"apply": {"apply"}, "rollback": {"rollback"},
		"log": {"log the transaction"}, "stage": {"stage the"}, "decide": {"log the decision"},
	}
	cur, order := -1, ""
	match := func(i int, kws []string) bool {
		s := strings.ToLower(steps[i])
		for _, k := range kws {
			if strings.Contains(s, k) {
				return true
			}
		}
		return false
	}
	placeAt := -1
	for i, s := range steps {
		if strings.HasPrefix(s, "place ") {
			placeAt = i
		}
	}
	for _, e := range events {
		if e.Step == "request" {
			cur, order = -1, e.Order
			// race's plan is o-1's: "place o-1", then A's and B's
			// updates. Placing o-2 is no step of it, and o-2's BEGIN read
			// "o-2 step 2/5: [A: BEGIN, UPDATE o-1 to express, COMMIT]".
			if placeAt >= 0 && strings.HasPrefix(e.Detail, "place ") {
				if steps[placeAt] == "place "+e.Order {
					cur = placeAt
				} else {
					order = ""
				}
			}
			continue
		}
		kws, ok := words[e.Step]
		if !ok || e.Actor == trace.Lab || e.Actor == trace.NATS {
			continue
		}
		// A's steps are A's: B's commit is not "A: BEGIN, UPDATE, COMMIT".
		fits := func(i int) bool {
			lanes, lane := stepLanes(steps[i]), actorLane(e.Actor)
			if lanes == "" {
				return lane == ""
			}
			return lane != "" && strings.Contains(lanes, lane)
		}
		// The current step first: 2pc's "BEGIN, INSERT the order, keep it
		// open" is one step, and its write matched the "delete the staged
		// copy" at the plan's end.
		found := -1
		if cur >= 0 && match(cur, kws) && fits(cur) {
			found = cur
		}
		for i := cur + 1; i < len(steps) && found < 0; i++ {
			if match(i, kws) && fits(i) {
				found = i
			}
		}
		if found >= 0 {
			cur = found
			if e.Order != "" {
				order = e.Order
			}
		}
	}
	return order, cur
}

// stepLanes are the service instances a plan step belongs to, "AB" for
// race's "A, B: read the last sequence": the letters before its colon when
// there are only such; "" for a step of the one service or a worker.
func stepLanes(step string) string {
	head, _, ok := strings.Cut(step, ": ")
	if !ok {
		return ""
	}
	var lanes string
	for _, l := range strings.Split(head, ", ") {
		if len(l) != 1 || l[0] < 'A' || l[0] > 'Z' {
			return ""
		}
		lanes += l
	}
	return lanes
}

// actorLane is the letter of a service instance's lane, "A" for
// service-a; "" for any other actor.
func actorLane(actor string) string {
	l, ok := strings.CutPrefix(actor, trace.Service+"-")
	if !ok || len(l) != 1 || l[0] < 'a' || l[0] > 'z' {
		return ""
	}
	return strings.ToUpper(l)
}

func (r *runScreen) body(st styles, w, h int) []string {
	if h <= 0 {
		return nil
	}
	if !r.loaded {
		msg := "starting the world: SQLite, NATS JetStream, shipping…"
		if r.err != nil {
			msg = "✗ could not start: " + r.err.Error()
		}
		return block(append([]string{""}, wrap(msg, w)...), w, h)
	}
	d, diagW, rightW := r.layout(st, w)
	var next *lab.Next
	if r.fr.hasNext {
		next = &r.fr.next
	}
	d.flags, d.present = r.flags, r.present
	r.diagH = h - d.headerLines()
	left := block(d.render(r.fr.events, r.newFrom, next, h, r.scroll), diagW, h)
	var right []string
	switch {
	case r.picker != nil:
		right = r.picker.view(st, r.fr.faults, rightW, h)
	case r.source:
		right = r.src.render(st, r.fr.events, r.newFrom, rightW, h)
	default:
		var dl delta
		if r.present {
			dl.prev = r.prev
		}
		right = panels(st, r.fr.snap, r.fr.snapErr, marksOf(r.fr.report), dl, r.outbox, rightW, h)
	}
	sep := make([]string, h)
	for i := range sep {
		sep[i] = st.rule.Render("│")
	}
	return beside("", left, sep, right)
}

// layout is the diagram in the width the panes leave it, and the width of
// the pane on its right.
func (r *runScreen) layout(st styles, w int) (d *diagram, diagW, rightW int) {
	lanes := lanesOf(r.worker, r.fr.events)
	gutter := 2 + maxOrderWidth(r.fr.events)
	n := len(lanes)
	minDiagram := gutter + n*9
	switch {
	case r.source || r.picker != nil:
		rightW = max(w-1-minDiagram, w/2)
	default:
		rightW = panelPaneW(w)
	}
	narrowest := 7
	if n >= 7 {
		narrowest = 6 // 2PC's seven lanes, and room left for its log's decision column
	}
	rightW = min(rightW, w-1-(gutter+n*narrowest))
	diagW = w - 1 - rightW
	laneW := max(min((diagW-gutter)/n, 13), narrowest)
	// On a wide screen, lanes of 11 cells still hold their labels, and
	// the cells they give up let a detail column say something.
	if room := diagW - gutter - n*laneW - 1; room < minDetail {
		if lw := (diagW - gutter - 1 - minDetail) / n; lw >= 11 && lw < laneW {
			laneW = lw
		}
	}
	d = newDiagram(st, lanes, gutter, laneW, diagW)
	return d, diagW, rightW
}

// panelPaneW is the width of the panels' pane on a terminal w wide, where
// the lanes leave it that much.
func panelPaneW(w int) int { return min(max(w*2/5, 30), 46) }

func maxOrderWidth(events []trace.Event) int {
	n := 3
	for _, e := range events {
		n = max(n, width(e.Order))
	}
	return n
}

// footer is the narration of the last step, or the verdict, under a rule
// that carries what is going on.
func (r *runScreen) footer(st styles, w, h int) []string {
	var status []string
	switch {
	case r.busy && time.Since(r.busySince) > spinAfter:
		status = append(status, st.warn.Render(r.spin.View()+" "+r.working()))
	case r.err != nil:
		status = append(status, st.bad.Render("✗ "+firstLine(r.err.Error())))
	case r.notice != "":
		status = append(status, st.accent.Render(r.notice))
	}
	if r.auto {
		status = append(status, st.accent.Render(fmt.Sprintf("▶ autoplay %s", speeds[r.speed])))
	}
	if r.queued > 0 {
		status = append(status, st.dim.Render(fmt.Sprintf("+%d queued", r.queued)))
	}
	label := "what just happened"
	if r.fr.finished && r.fr.report != nil {
		label = "verdict"
	}
	var under []string
	if len(status) > 0 {
		joined := strings.Join(status, st.rule.Render(" · "))
		if width("── "+label+" ─ "+joined+" ") <= w {
			label += st.rule.Render(" ─ ") + joined
		} else {
			// Too long for the rule: a long armed term read "⚡ armed
			// relay.before-publish=2*delay(300ms)->1*cr…". It goes
			// under the rule, whole.
			under = wrap(joined, w)
		}
	}
	out := append([]string{rule(st.rule, label, w)}, under...)
	maxLines := 3
	switch {
	case h >= 34:
		maxLines = 6
	case h >= 28:
		maxLines = 5
	}
	if r.fr.finished && r.fr.report != nil {
		v := verdictLines(st, r.fr.report, w)
		// It scrolls: room for the panels matters more than the whole text.
		limit := min(max(h/4, maxLines), len(v))
		r.verdict.SetWidth(w)
		r.verdict.SetHeight(limit)
		r.verdict.SetContent(strings.Join(v, "\n"))
		if len(v) > limit {
			pos := fmt.Sprintf("↑↓ %d/%d", min(r.verdict.YOffset()+limit, len(v)), len(v))
			out[0] = spread(rule(st.rule, label, w-width(pos)-1), st.faint.Render(pos), w)
		}
		return append(out, strings.Split(r.verdict.View(), "\n")...)
	}
	narr := narrator{events: r.fr.events, emits: r.emits, consumers: r.sess.cfg.Consumers, partitions: r.sess.cfg.Partitions}
	said := narr.sentences(r.newFrom)
	detail := r.hiddenDetail(st, w, said)
	if maxLines < 5 {
		detail = nil // three lines are the narration's; the detail takes a free one below
	}
	lines := narration(st, said, w, maxLines-len(detail))
	if len(lines) == 0 && r.loaded {
		lines = []string{"Nothing new on the trace."}
	}
	if maxLines < 5 {
		if d := r.hiddenDetail(st, w, said); len(lines)+len(d) <= maxLines {
			detail = d
		}
	}
	lines = append(lines, detail...)
	for len(lines) < maxLines {
		lines = append(lines, "")
	}
	return append(out, lines...)
}

// hiddenDetail is the detail of the last step, wrapped, when the diagram
// does not show it whole: with five lanes or more at 120 columns the
// diagram has no detail column, and the statement a step ran was nowhere on
// screen. A detail the narration says already, word for word, is not
// repeated.
func (r *runScreen) hiddenDetail(st styles, w int, said []sentence) []string {
	if !r.loaded || r.newFrom >= len(r.fr.events) {
		return nil
	}
	e := r.fr.events[len(r.fr.events)-1]
	if e.Detail == "" || e.Actor == trace.Lab || narrated(said, e.Detail) {
		return nil
	}
	d, _, _ := r.layout(st, w)
	if d.detailX < d.w && width(e.Detail) <= d.w-d.detailX {
		return nil // the diagram's detail column holds it whole
	}
	// ▸ as on the step's row; the step's word is on the row already.
	lines := hang("▸ detail: ", e.Detail, w)
	for i, l := range lines {
		lines[i] = st.dim.Render(l)
	}
	return lines
}

// narrated says whether the sentences say every word of detail already,
// whatever their case, punctuation and order; a word of three letters or
// more is said by any word it begins or that begins with it ("ack" by
// "acks", "COMMIT" by "committed"), a shorter one or a number only by
// itself. Nothing of the detail is then missing from the screen.
func narrated(said []sentence, detail string) bool {
	want := plainWords(detail)
	if len(want) == 0 {
		return false
	}
	var have []string
	for _, s := range said {
		have = append(have, plainWords(s.text)...)
	}
	for _, w := range want {
		if !slices.ContainsFunc(have, func(h string) bool {
			return h == w || len(w) >= 3 && len(h) >= 3 && (strings.HasPrefix(h, w) || strings.HasPrefix(w, h))
		}) {
			return false
		}
	}
	return true
}

// plainWords are the words of s in lower case: its runs of letters and
// digits.
func plainWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// narration fits sentences in at most n lines of w cells: when not all fit,
// the earliest go first, key sentences last.
func narration(st styles, ss []sentence, w, n int) []string {
	wrapped := make([][]string, len(ss))
	total := 0
	for i, s := range ss {
		wrapped[i] = wrap(s.text, w)
		total += len(wrapped[i])
		style := st.text
		if strings.HasPrefix(s.text, "⚡") || strings.HasPrefix(s.text, "✗") {
			style = st.bad
		}
		for j, l := range wrapped[i] {
			wrapped[i][j] = style.Render(l)
		}
	}
	drop := make([]bool, len(ss))
	for _, keyToo := range []bool{false, true} {
		for i := range ss {
			if total <= n {
				break
			}
			if !drop[i] && (keyToo || !ss[i].key) && (i < len(ss)-1 || !keyToo) {
				drop[i] = true
				total -= len(wrapped[i])
			}
		}
	}
	var lines []string
	for i := range ss {
		if !drop[i] {
			lines = append(lines, wrapped[i]...)
		}
	}
	if len(lines) > n {
		lines = lines[:n]
	}
	return lines
}

func (r *runScreen) working() string {
	what := map[string]string{"step": "stepping", "finish": "running to the end", "back": "replaying from the start", "follow": "following the presenter",
		"crash": "crashing the service", "broker": "switching the broker", "arm": "arming", "starting": "starting"}[r.busyOp]
	if what == "" {
		what = r.busyOp
	}
	if r.fr.hasNext && r.fr.next.Step != "" {
		what += " · waiting on " + r.fr.next.Actor + ": " + r.fr.next.Step
	}
	return what
}

// badgeLines put units after a badge, wrapped between units and indented
// under the first.
func badgeLines(badge string, style lipgloss.Style, units []string, sep string, w int) []string {
	bw := width(badge) + 1
	lines := wrapUnits(units, sep, max(w-bw, 8))
	if width(lines[0]) > w-bw {
		lines = wrap(strings.Join(units, sep), max(w-bw, 8))
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		if i == 0 {
			out[i] = badge + style.Render(" "+l)
			continue
		}
		out[i] = strings.Repeat(" ", bw) + style.Render(l)
	}
	return out
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// verdictLines are the checker's findings, as dualwrite run prints them.
func verdictLines(st styles, rep *lab.Report, w int) []string {
	a := rep.Anomalies
	counts := []string{fmt.Sprintf("lost %d", a.Lost), fmt.Sprintf("ghost %d", a.Ghost), fmt.Sprintf("duplicate %d", a.Duplicate), fmt.Sprintf("reordered %d", a.Reordered)}
	if a.DoubleOrder > 0 {
		counts = append(counts, fmt.Sprintf("double-order %d", a.DoubleOrder))
	}
	var out []string
	if rep.Consistent {
		out = append(out, badgeLines(st.verdictOK.Render(" ✓ CONSISTENT "), st.good, []string{"the database and shipping agree on every order"}, " ", w)...)
	} else {
		// Wrapped between counts: cut, "double-order 12" read "double-…"
		// at 80 columns once the counts had two digits.
		out = append(out, badgeLines(st.verdictKO.Render(" ✗ INCONSISTENT "), st.bad, counts, " · ", w)...)
	}
	for _, f := range rep.Findings {
		out = append(out, hang(kindStyle(st, f.Kind).Render(fmt.Sprintf("✗ %-9s ", f.Kind)), f.Explanation, w)...)
	}
	if len(rep.Ambiguous) > 0 {
		out = append(out, hang(st.warn.Render("? ambiguous "), strings.Join(rep.Ambiguous, ", ")+": the caller was told the call failed (or got no answer), yet the order is committed", w)...)
	}
	// A poison event held up: parked orders, or a stream blocked behind
	// it. Without these lines an inconsistent verdict of all zeros says
	// nothing of why.
	for _, p := range rep.Parked {
		out = append(out, hang(st.warn.Render("⊘ parked "), p.Explanation, w)...)
	}
	if b := rep.Blocked; b != nil {
		out = append(out, hang(st.bad.Render("⏸ blocked "), b.Explanation, w)...)
	}
	if rep.Deduplicated > 0 {
		out = append(out, hang(st.good.Render("≡ deduplicated "), fmt.Sprintf("%d (JetStream %d, consumer inbox %d)", rep.Deduplicated, rep.DedupBy.Broker, rep.DedupBy.Consumer), w)...)
	}
	if rep.Discarded > 0 {
		out = append(out, hang(st.good.Render("↷ discarded "), fmt.Sprintf("%d (changes older than the version shipping held, not applied)", rep.Discarded), w)...)
	}
	if rep.BlockedMs != nil && *rep.BlockedMs > 0 {
		out = append(out, hang(st.warn.Render("‖ blocked "), fmt.Sprintf("%.0fms: requests waited on a lock held by a transaction in doubt", *rep.BlockedMs), w)...)
	}
	for _, u := range rep.Unstruck {
		out = append(out, hang(st.warn.Render("○ unstruck "), u.Why(), w)...)
	}
	tail := rep.Lag.String()
	if rep.Lag.Samples > 0 && rep.Lag.P50 < 0 {
		tail += " (negative: shipping applied events before their orders were committed)"
	}
	if !rep.Settled {
		tail += " · ! recovery did not settle within its bound"
	}
	for _, l := range wrap(tail, w) {
		out = append(out, st.dim.Render(l))
	}
	return out
}
