package tui

import (
	"fmt"
	"github.com/dualwrite/dualwrite/words"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// The lesson plays the workshop: every experiment of the catalog in
// teaching order. Before each run the room predicts what shipping will end
// up believing; then the run happens for real and the verdict is revealed
// next to the prediction, with the catalog's lesson and the checker's
// findings. Every step is one key on a laptop at a lectern.

// experiment is one entry of the catalog: a strategy and one of its
// expectations.
type experiment struct {
	strat scenarios.Strategy
	n     int // index into strat.Expect
}

func (e experiment) expect() scenarios.Expectation { return e.strat.Expect[e.n] }

// lessonPhase is where an experiment is: asking, running, revealed.
type lessonPhase int

const (
	phaseAsk lessonPhase = iota
	phaseRun
	phaseReveal
	phaseDone // after the last experiment: the score
)

// prediction is the room's answer: the anomaly kinds it expects (none is
// consistent) and whether some caller will be told "failed" for an order
// that is committed; ambiguous is 0 unanswered, 1 yes, -1 no.
type prediction struct {
	kinds      map[check.Kind]bool
	consistent bool
	ambiguous  int
}

func (p prediction) answered() bool { return p.consistent || len(p.kinds) > 0 }

// said reports whether the room said anything at all, even only on
// ambiguity: that answer is shown back, though only an outcome is scored.
func (p prediction) said() bool { return p.answered() || p.ambiguous != 0 }

// String says the answer exactly as given, in plain words: an answer on
// ambiguity alone must not read as "no answer yet".
func (p prediction) String() string {
	var parts []string
	if p.consistent {
		parts = append(parts, "consistent")
	}
	if kinds := predictionOf(p).Kinds; len(kinds) > 0 {
		parts = append(parts, combinedKinds(kinds))
	}
	switch {
	case len(parts) == 0 && p.ambiguous == 0:
		return "no answer yet"
	case len(parts) == 0:
		parts = append(parts, "nothing yet on what shipping believes")
	}
	switch p.ambiguous {
	case 1:
		parts = append(parts, "ambiguous: yes, a caller is told 'failed' for a committed order")
	case -1:
		parts = append(parts, "ambiguous: no, no caller is told 'failed' for a committed order")
	}
	return strings.Join(parts, " · ")
}

// lessonAnswerKeys are the keys that answer the lesson's question, in the order
// the screen and the help line list them; the workshop guide lists the
// same, and a test holds the three together.
var lessonAnswerKeys = []struct{ key, means string }{
	{"c", "consistent"}, {"l", "lost"}, {"g", "ghost"}, {"d", "duplicate"},
	{"r", "reordered"}, {"o", "double order"}, {"x", "stuck"}, {"a", "ambiguous? yes, no, no answer"},
}

// answerKinds are the answer keys that name an anomaly kind.
var answerKinds = map[string]check.Kind{"l": check.Lost, "g": check.Ghost, "d": check.Duplicate, "r": check.Reordered, "o": check.DoubleOrder, "x": stuck}

var anomalyKinds = []check.Kind{check.Lost, check.Ghost, check.Duplicate, check.Reordered, check.DoubleOrder, stuck}

// stuck is what the room predicts of a poison event: it is never applied,
// and the stream is blocked behind it or it is parked as a dead letter. It
// is not one of the checker's anomalies, but it makes a run inconsistent.
const stuck check.Kind = "stuck"

type lesson struct {
	exps  []experiment
	cur   int
	phase lessonPhase
	pred  *prediction // the answer for the experiment on show: answers[cur]
	// answers are kept per experiment: moving away and back shows the
	// answer given there, as the room still counts it.
	answers map[int]*prediction
	// locked: experiments the room has revealed, as this student knows it;
	// their answers no longer change, on screen as in the room's tally.
	locked map[int]bool
	// scored: whether the answer was right, per experiment revealed with
	// one; a verdict revealed again counts once, with the answer then.
	scored map[int]bool
	sess   *session
	rep    *lab.Report
	err    error
	points bool // the talking points on show
	right  int  // predictions that matched, of the experiments revealed
	judged int
	body   viewport.Model
	room   []string // the room's tally beside the verdict, for the presenter
	you    bool     // a student's own screen in a served room: their answer, not the room's
	waits  bool     // a following student's: the presenter reveals
	note   string   // why the last key did nothing

	// tallied: the presenter's screen in a served room, where the students
	// answer on their own screens and some have.
	tallied bool
}

func newLesson() *lesson {
	l := &lesson{body: viewport.New(), answers: map[int]*prediction{}, locked: map[int]bool{}, scored: map[int]bool{}}
	l.body.KeyMap = viewport.KeyMap{}
	for _, s := range scenarios.All() {
		for i := range s.Expect {
			l.exps = append(l.exps, experiment{strat: s, n: i})
		}
	}
	l.reset()
	return l
}

func (l *lesson) reset() {
	l.phase, l.rep, l.err, l.note = phaseAsk, nil, nil, ""
	l.pred = l.answers[l.cur]
	if l.pred == nil {
		l.pred = &prediction{kinds: map[check.Kind]bool{}}
		l.answers[l.cur] = l.pred
	}
	l.body.GotoTop()
}

// openLesson shows the lesson from its first experiment.
func (m *Model) openLesson() tea.Cmd {
	m.lesson = m.newLessonInRoom()
	m.state = stateLesson
	return nil
}

// lessonKey handles a key of the lesson screen.
func (m *Model) lessonKey(msg tea.KeyPressMsg) tea.Cmd {
	l := m.lesson
	k := m.keys
	l.note = ""
	switch {
	case key.Matches(msg, k.Home):
		return m.leaveLesson()
	case key.Matches(msg, k.Points):
		l.points = !l.points
		return nil
	case key.Matches(msg, k.ScrollUp):
		l.body.ScrollUp(1)
		return nil
	case key.Matches(msg, k.ScrollDn):
		l.body.ScrollDown(1)
		return nil
	}
	switch l.phase {
	case phaseAsk:
		if len(l.exps) == 0 {
			return nil
		}
		s := msg.String()
		if kind, ok := answerKinds[s]; ok {
			l.pred.kinds[kind] = !l.pred.kinds[kind]
			if !l.pred.kinds[kind] {
				delete(l.pred.kinds, kind)
			}
			l.pred.consistent = false
			return nil
		}
		switch s {
		case "c":
			l.pred.consistent, l.pred.kinds = !l.pred.consistent, map[check.Kind]bool{}
		case "a":
			l.pred.ambiguous = map[int]int{0: 1, 1: -1, -1: 0}[l.pred.ambiguous]
		case "enter":
			if m.revealWaits() {
				l.note = revealWaitsWords
				return nil
			}
			return m.runExperiment()
		case "right":
			m.nextExperiment()
		case "left":
			m.prevExperiment()
		}
	case phaseReveal:
		switch msg.String() {
		case "enter", "right", "space":
			m.nextExperiment()
		case "left":
			m.prevExperiment()
		case "s":
			return m.stepExperiment()
		}
	case phaseDone:
		if msg.String() == "left" {
			m.prevExperiment()
		}
	}
	return nil
}

// runExperiment runs the current experiment to its verdict, as the home
// screen's experiment keys would open it.
func (m *Model) runExperiment() tea.Cmd {
	l := m.lesson
	if !l.pred.answered() && len(m.room.last.Tally) == 0 {
		l.err = fmt.Errorf("first the room's answer: c consistent, or l, g, d, r, o, x for what it expects")
		return nil
	}
	return m.startExperiment()
}

// startExperiment runs the current experiment to its verdict, answered or
// not: a follower's lab runs when the presenter's does.
func (m *Model) startExperiment() tea.Cmd {
	l := m.lesson
	e := l.exps[l.cur]
	s, x := e.strat, e.expect()
	cfg, err := m.experimentConfig(s, &x)
	if err != nil {
		l.err = err
		return nil
	}
	sess := newSession(m.ctx, s, cfg, m.opts.Start, nil)
	m.live[sess.id] = sess
	l.sess, l.phase, l.err = sess, phaseRun, nil
	return opCmd(sess, "lesson", sess.finish)
}

// stepExperiment opens the run screen on the experiment on show, ready to
// step through it with the same seed; esc comes back to the lesson.
func (m *Model) stepExperiment() tea.Cmd {
	e := m.lesson.exps[m.lesson.cur]
	s, x := e.strat, e.expect()
	cfg, err := m.experimentConfig(s, &x)
	if err != nil {
		m.lesson.err = err
		return nil
	}
	cmd := m.openSession(s, cfg, stateLesson)
	m.runExp = e.n + 1
	return cmd
}

// lessonDone takes the verdict of the experiment's run, and closes the run.
func (m *Model) lessonDone(msg opMsg) tea.Cmd {
	l := m.lesson
	if l == nil || l.sess == nil || msg.sid != l.sess.id {
		return nil
	}
	sess := l.sess
	l.sess = nil
	if l.phase == phaseRun {
		l.phase = phaseReveal
		l.rep, l.err = msg.frame.report, msg.err
		if l.err == nil && l.rep == nil {
			l.err = fmt.Errorf("the run ended without a verdict")
		}
		if l.rep != nil && l.pred.answered() {
			l.scored[l.cur] = l.matches()
		} else {
			delete(l.scored, l.cur)
		}
		l.right, l.judged = 0, len(l.scored)
		for _, ok := range l.scored {
			if ok {
				l.right++
			}
		}
	}
	return closeCmd(sess)
}

// matches reports whether the room's prediction is what the run showed:
// the same anomaly kinds, and the same answer on ambiguity when it gave one.
func (l *lesson) matches() bool {
	got := measuredKinds(l.rep)
	if l.pred.consistent != l.rep.Verdict.Consistent {
		return false
	}
	for _, k := range anomalyKinds {
		if l.pred.kinds[k] != got[k] {
			return false
		}
	}
	amb := len(l.rep.Ambiguous) > 0
	return l.pred.ambiguous == 0 || (l.pred.ambiguous == 1) == amb
}

func measuredKinds(rep *lab.Report) map[check.Kind]bool {
	a := rep.Anomalies
	got := map[check.Kind]bool{}
	for k, n := range map[check.Kind]int{check.Lost: a.Lost, check.Ghost: a.Ghost, check.Duplicate: a.Duplicate, check.Reordered: a.Reordered, check.DoubleOrder: a.DoubleOrder} {
		if n > 0 {
			got[k] = true
		}
	}
	if len(rep.Parked) > 0 || rep.Blocked != nil {
		got[stuck] = true
	}
	return got
}

func (m *Model) nextExperiment() {
	l := m.lesson
	if l.phase == phaseRun {
		return
	}
	if l.cur+1 >= len(l.exps) {
		l.phase = phaseDone
		return
	}
	l.cur++
	l.reset()
}

func (m *Model) prevExperiment() {
	l := m.lesson
	if l.phase == phaseRun {
		return
	}
	if l.phase == phaseDone {
		l.reset()
		return
	}
	if l.cur > 0 {
		l.cur--
	}
	l.reset()
}

// leaveLesson goes home; a run still going is closed.
func (m *Model) leaveLesson() tea.Cmd {
	l := m.lesson
	m.lesson = nil
	m.state = stateHome
	if l != nil && l.sess != nil {
		l.sess.cancel()
		return closeCmd(l.sess)
	}
	return nil
}

// lessonView draws the lesson: the experiment, the question or the reveal,
// and the talking points when on show.
func (m *Model) lessonView(w, h int) string {
	st, l := m.st, m.lesson
	total := len(l.exps)
	pos := fmt.Sprintf("experiment %d of %d", min(l.cur+1, total), total)
	l.room = m.revealTally(l)
	l.you = m.opts.Room != nil && !m.opts.Room.Presenter()
	l.waits = m.revealWaits()
	l.tallied = m.opts.Room != nil && m.opts.Room.Presenter() && len(m.room.last.Tally) > 0
	if l.judged > 0 {
		who := "the room"
		if l.you {
			who = "you"
		}
		pos += fmt.Sprintf(" · %s got %d of %d", who, l.right, l.judged)
	}
	head := []string{spread(st.title.Render("dualwrite")+st.dim.Render(" · lesson"), st.accent.Render(pos), w),
		st.rule.Render(strings.Repeat("─", w))}
	var body []string
	switch {
	case total == 0:
		body = []string{"The catalog has no experiments."}
	case l.phase == phaseDone:
		body = l.doneLines(st, w)
	default:
		body = l.experimentLines(st, w)
	}
	var pts []string
	if l.points && l.phase != phaseDone && total > 0 {
		pts = append([]string{rule(st.rule, st.panelHead.Render("talking points")+st.dim.Render(" · t hides them"), w)}, l.talkingPoints(st, w)...)
	}
	helpLine := m.helpLine(w)
	bodyH := h - len(head) - len(pts)
	if helpLine != "" {
		bodyH--
	}
	if bodyH < 4 && len(pts) > 0 {
		pts = pts[:max(len(pts)-(4-bodyH), 0)]
		bodyH = 4
	}
	l.body.SetWidth(w)
	l.body.SetHeight(max(bodyH, 1))
	l.body.SetContent(strings.Join(block(body, w, len(body)), "\n"))
	lines := append(head, strings.Split(l.body.View(), "\n")...)
	lines = append(lines, pts...)
	if helpLine != "" {
		lines = append(lines, helpLine)
	}
	return strings.Join(block(lines, w, h), "\n")
}

func (l *lesson) experimentLines(st styles, w int) []string {
	e := l.exps[l.cur]
	x := e.expect()
	// The title wraps under itself: cut at 80 columns it read "change data
	// capture from a change log: triggers log each…".
	var out []string
	for i, l := range hang(e.strat.ID+" · ", e.strat.Title, w) {
		if i == 0 {
			l = st.strategy.Render(e.strat.ID) + st.dim.Render(strings.TrimPrefix(l, e.strat.ID))
		} else {
			l = st.dim.Render(l)
		}
		out = append(out, l)
	}
	// Not "the happy path": a race or several shipping instances go wrong
	// with no fault, and the words must not answer for the room.
	what := "no fault injected"
	mark := st.good.Render("·")
	if len(x.Faults) > 0 {
		what = "fault: " + strings.Join(x.Faults, " ")
	}
	if x.Lifecycle {
		what += " · orders are also paid and cancelled"
	}
	if len(x.Faults) > 0 {
		mark = st.fault.Render("⚡")
	}
	for i, l := range wrap(what, w-2) {
		if i > 0 {
			mark = " "
		}
		out = append(out, mark+" "+st.bold.Render(l))
	}
	if sw := switchWords(e.strat, x); len(sw) > 0 {
		out = append(out, hangStyled(st.dim, "  with ", strings.Join(sw, " "), w)...)
	}
	for _, f := range x.Faults {
		point, _, _ := strings.Cut(f, "=")
		for _, p := range e.strat.AllPoints() {
			if p.Name == point {
				out = append(out, hangStyled(st.dim, "   strikes ", p.Means, w)...)
			}
		}
	}
	out = append(out, "")
	switch l.phase {
	case phaseAsk:
		ask, says := "What will shipping end up believing? Ask the room.", "The room says: "
		if l.you {
			// A student in a served room answers for themselves; the
			// presenter sees the room's tally.
			ask, says = "What will shipping end up believing? Your prediction:", "You say: "
		}
		if l.tallied {
			says = "Your own answer, beside the room's: "
		}
		out = append(out, st.panelHead.Render(ask))
		opt := func(k, word string, on bool) string {
			mark := "[ ]"
			if on {
				mark = "[✓]"
			}
			return st.key.Render(k) + " " + mark + " " + word
		}
		out = append(out, "  "+opt("c", "consistent", l.pred.consistent)+"   "+
			opt("l", st.lost.Render("lost"), l.pred.kinds[check.Lost])+"   "+
			opt("g", st.ghost.Render("ghost"), l.pred.kinds[check.Ghost]))
		out = append(out, "  "+opt("d", st.duplicate.Render("duplicate"), l.pred.kinds[check.Duplicate])+"   "+
			opt("r", st.reordered.Render("reordered"), l.pred.kinds[check.Reordered])+"   "+
			opt("o", st.lost.Render("double order"), l.pred.kinds[check.DoubleOrder]))
		out = append(out, "  "+opt("x", st.warn.Render("stuck"), l.pred.kinds[stuck])+st.dim.Render("  an event never applied: the stream blocked, or the event parked"))
		amb := map[int]string{0: "no answer, not judged", 1: "yes", -1: "no"}[l.pred.ambiguous]
		out = append(out, hang("  "+st.key.Render("a")+" ", "ambiguous? a caller told 'failed' for an order that is committed: "+amb, w)...)
		out = append(out, "")
		out = append(out, saying(st.text, st.accent, says, l.pred.String(), w)...)
		out = append(out, l.room...) // the students' answers, on their own screens
		locked := l.you && l.locked[l.cur]
		if locked {
			out = append(out, hangStyled(st.dim, "", lockedHint, w)...)
		}
		switch {
		case l.waits && locked:
		case l.waits:
			out = append(out, hangStyled(st.dim, "", revealWaitsHint, w)...)
		case l.pred.answered() || l.tallied:
			out = append(out, st.key.Render("enter")+st.text.Render(" runs it for real against SQLite and NATS"))
		}
		if l.note != "" {
			out = append(out, hangStyled(st.warn, "", l.note, w)...)
		}
		if l.err != nil {
			out = append(out, hangStyled(st.bad, "✗ ", l.err.Error(), w)...)
		}
	case phaseRun:
		out = append(out, st.warn.Render(runningWords(x)))
	case phaseReveal:
		out = append(out, l.revealLines(st, w)...)
	}
	return out
}

func (l *lesson) revealLines(st styles, w int) []string {
	var out []string
	// A session that gave no answer (a follower, or a presenter reading the
	// room's tally) is not judged against one.
	answered := l.pred.answered()
	said, right, wrong := "The room said: ", "✓ the room was right", "✗ not what the room expected"
	if l.you {
		said, right, wrong = "You said: ", "✓ you were right", "✗ not what you expected"
	}
	if l.pred.said() {
		out = append(out, saying(st.text, st.accent, said, l.pred.String(), w)...)
	}
	if l.err != nil {
		return append(out, hangStyled(st.bad, "✗ the run failed: ", l.err.Error(), w)...)
	}
	rep := l.rep
	got := outcomeLine(st, rep)
	out = append(out, st.text.Render("The run shows: ")+got)
	out = append(out, l.room...)
	switch {
	case !answered && l.pred.said():
		out = append(out, st.dim.Render(cut("not scored: no answer on what shipping believes", w)))
	case !answered:
	case l.matches():
		out = append(out, st.good.Render(right))
	default:
		out = append(out, st.bad.Render(wrong))
	}
	out = append(out, "", st.panelHead.Render("Why"))
	out = append(out, hang("  ", l.exps[l.cur].expect().Lesson, w)...)
	if len(rep.Findings) > 0 || len(rep.Ambiguous) > 0 || rep.Deduplicated > 0 || len(rep.Parked) > 0 || rep.Blocked != nil {
		out = append(out, "", st.panelHead.Render("What the checker found"))
	}
	for _, f := range rep.Findings {
		out = append(out, hang(kindStyle(st, f.Kind).Render(fmt.Sprintf("  ✗ %-9s ", f.Kind)), f.Explanation, w)...)
	}
	if len(rep.Ambiguous) > 0 {
		out = append(out, hang(st.warn.Render("  ? ambiguous "), strings.Join(rep.Ambiguous, ", ")+": the caller was told the call failed (or got no answer), yet the order is committed", w)...)
	}
	for _, p := range rep.Parked {
		out = append(out, hang(st.warn.Render("  ⊘ parked "), p.Explanation, w)...)
	}
	if b := rep.Blocked; b != nil {
		out = append(out, hang(st.bad.Render("  ⏸ blocked "), b.Explanation, w)...)
	}
	if rep.Deduplicated > 0 {
		out = append(out, hang(st.good.Render("  ≡ absorbed "), words.Count(rep.Deduplicated, "delivery", "deliveries")+" absorbed by deduplication", w)...)
	}
	next := "enter: the next experiment"
	if l.cur+1 >= len(l.exps) {
		next = "enter: the score"
	}
	out = append(out, "")
	for _, l := range wrapUnits([]string{next, "s: step through this run", "←: the one before", "esc: home"}, " · ", w) {
		out = append(out, st.dim.Render(l))
	}
	return out
}

// outcomeLine says a verdict in the colours of its kinds.
func outcomeLine(st styles, rep *lab.Report) string {
	a := rep.Anomalies
	var parts []string
	for _, c := range []struct {
		k check.Kind
		n int
	}{{check.Lost, a.Lost}, {check.Ghost, a.Ghost}, {check.Duplicate, a.Duplicate}, {check.Reordered, a.Reordered}, {check.DoubleOrder, a.DoubleOrder}} {
		if c.n > 0 {
			parts = append(parts, kindStyle(st, c.k).Render(fmt.Sprintf("%s %d", c.k, c.n)))
		}
	}
	// A poison event is no anomaly of the checker's, but the run is not
	// consistent: say what the room's "stuck" stands for.
	if n := len(rep.Parked); n > 0 {
		parts = append(parts, st.warn.Render(fmt.Sprintf("stuck: %d parked", n)))
	}
	if rep.Blocked != nil {
		parts = append(parts, st.bad.Render("stuck: the stream blocked on "+rep.Blocked.Order))
	}
	switch {
	case len(parts) > 0:
	case rep.Consistent:
		parts = append(parts, st.consistent.Render("consistent"))
	default:
		parts = append(parts, st.bad.Render("inconsistent"))
	}
	if len(rep.Ambiguous) > 0 {
		parts = append(parts, st.warn.Render("ambiguous"))
	} else {
		parts = append(parts, st.text.Render("not ambiguous"))
	}
	return strings.Join(parts, st.dim.Render(" · "))
}

// kindStyle is the colour of an anomaly kind, the same everywhere.
func kindStyle(st styles, k check.Kind) lipglossStyle {
	switch k {
	case check.Lost:
		return st.lost
	case check.Ghost:
		return st.ghost
	case check.Duplicate:
		return st.duplicate
	case check.Reordered:
		return st.reordered
	}
	return st.bad
}

func (l *lesson) doneLines(st styles, w int) []string {
	out := []string{st.panelHead.Render("The lesson is over"), ""}
	who := "The room"
	if l.you {
		who = "You"
	}
	out = append(out, fmt.Sprintf("%s predicted %d of %d experiments right.", who, l.right, l.judged))
	out = append(out, "")
	for _, l := range wrap("←: back to the last experiment · esc: home · m on the home screen: every strategy against every fault", w) {
		out = append(out, st.dim.Render(l))
	}
	return out
}

// talkingPoints are what a presenter can say about the experiment on show,
// from the catalog: the strategy, its steps, where the fault strikes, and
// the questions worth asking.
func (l *lesson) talkingPoints(st styles, w int) []string {
	e := l.exps[l.cur]
	var out []string
	out = append(out, hang("• ", e.strat.About, w)...)
	out = append(out, hang("• the steps: ", strings.Join(e.strat.Steps, " › "), w)...)
	if len(e.expect().Faults) > 0 {
		out = append(out, hang("• ask: ", "what has the caller been told when the fault strikes, and what is already durable, in orders.db and in the stream?", w)...)
	} else {
		out = append(out, hang("• ask: ", "with no fault at all, can anything still go wrong?", w)...)
	}
	if l.phase == phaseReveal {
		out = append(out, hang("• then: ", "which step would you move, or what would the consumer have to remember, to make this consistent?", w)...)
	}
	return out
}

// switchWords are the run switches an experiment sets besides its faults,
// as the command line spells them: two experiments with the same fault and
// different switches must not read the same.
func switchWords(s scenarios.Strategy, x scenarios.Expectation) []string {
	sp, _ := scenarios.Cell{Strategy: s, Expect: x}.Spec() // the catalog's faults parse: its tests say so
	var out []string
	for _, sw := range sp.Switches() {
		out = append(out, sw.String())
	}
	return out
}

// runningWords say what happens while an experiment runs: a crash only
// where its fault is one.
func runningWords(x scenarios.Expectation) string {
	if len(x.Faults) == 0 {
		return "… running it for real: SQLite, NATS JetStream, no fault, then recovery and the checker"
	}
	return "… running it for real: SQLite, NATS JetStream, the fault where it strikes, then recovery and the checker"
}

// saying is a "You say: …" line: the prefix in one style, the answer in
// another, wrapped under itself between the answer's parts where they fit,
// so a long answer is never cut.
func saying(pre, ans lipglossStyle, prefix, answer string, w int) []string {
	pw := width(prefix)
	room := max(w-pw, 8)
	units := strings.Split(answer, " · ")
	body := wrapUnits(units, " · ", room)
	for _, u := range units {
		if width(u) > room {
			body = wrap(answer, room)
		}
	}
	out := make([]string, len(body))
	for i, l := range body {
		if i == 0 {
			out[i] = pre.Render(prefix) + ans.Render(l)
		} else {
			out[i] = strings.Repeat(" ", pw) + ans.Render(l)
		}
	}
	return out
}
