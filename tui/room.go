package tui

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/words"
)

// Room is the rest of the room when the UI is one of many served over SSH
// (dualwrite serve). The UI tells the room where its presenter is and what
// its student predicts; the room answers with CueMsg (to followers) and
// RoomMsg (to the presenter) sent to the UI's program. Every method is
// called from the UI's own goroutine and must not block on other UIs.
type Room interface {
	// Presenter reports whether this UI leads the room.
	Presenter() bool
	// Cue says where the presenter is now; only the presenter's UI calls it.
	Cue(Cue)
	// Follow says whether this UI follows the presenter.
	Follow(on bool)
	// Predict records this UI's answer for lesson experiment exp (0-based),
	// replacing its earlier one for exp; answers for other experiments
	// stay. Once exp is revealed the room keeps the answer it has and
	// reports false: the UI shows that one again, so its screen and the
	// room's tally never differ.
	Predict(exp int, p Prediction) bool
	// Stray says whether this following UI is somewhere else than the
	// presenter's place: ahead, behind, or its run changed by hand. The
	// presenter is told how many are, apart from those in step.
	Stray(away bool)
}

// Cue is where the presenter is: a strategy's run at a step, or an
// experiment of the lesson. Compare cues with Equal.
type Cue struct {
	Strategy   string // the run on show; "" for none
	Experiment int    // the strategy's experiment it was opened on, 1-based; 0 for none
	// Run is how the presenter's run is built: its seed, faults and
	// switches, whichever way it was opened (home, matrix, lesson) and
	// whatever the picker changed since.
	Run      RunSetup
	Steps    int  // steps taken on that run
	Lesson   int  // the lesson's experiment on show, 1-based; 0 when not in the lesson
	Reveal   bool // the lesson's experiment is running or revealed
	Over     bool // the lesson is over: its score on show
	Acts     Acts // what the presenter did by hand between steps (a crash, the broker, a fault armed)
	Finished bool // the run went on to its verdict
	// Matrix: the presenter is on the comparison matrix, on Cell, or on the
	// run of that cell opened from it.
	Matrix bool
	Cell   MatrixCell
	// MatrixFilled: every run of the presenter's matrix is done. Without a
	// room's matrix to watch (Options.Matrix), a follower's own matrix
	// starts then, so the screen the room watches fills at full speed; with
	// one, followers watch it fill from the start.
	MatrixFilled bool
}

// MatrixCell is a cell of the comparison matrix: the strategy's row and the
// experiment's column, as scenarios.Cell numbers them.
type MatrixCell struct{ Row, Col int }

// Equal reports whether two cues put a follower in the same place.
func (c Cue) Equal(o Cue) bool {
	return c.Strategy == o.Strategy && c.Experiment == o.Experiment && c.Steps == o.Steps && c.Lesson == o.Lesson &&
		c.Reveal == o.Reveal && c.Over == o.Over && c.Finished == o.Finished && c.Run.Equal(o.Run) && c.Acts.Equal(o.Acts) &&
		c.Matrix == o.Matrix && c.Cell == o.Cell && c.MatrixFilled == o.MatrixFilled
}

// IsZero reports whether the cue is nowhere: no presenter has moved yet.
func (c Cue) IsZero() bool { return c.Equal(Cue{}) }

// CueMsg tells a follower's UI where the presenter went.
type CueMsg Cue

// Answer is how many students gave one prediction.
type Answer struct {
	Prediction
	N int
}

// RoomMsg tells the presenter's UI (and every UI, for its status line) how
// the room is: who is connected and following, and the tally of the
// predictions for the presenter's lesson experiment.
type RoomMsg struct {
	Connected  int // student sessions, the presenter not counted
	Presenters int // presenter sessions
	Following  int // in follow mode, Away included
	Away       int // in follow mode, but somewhere else than the presenter
	Lesson     int // the experiment the tally is for, 1-based; 0 none
	Tally      []Answer
	Frozen     bool // the experiment is revealed: the tally no longer changes
	// NoPresenter: the server knows no presenter key, so nobody can present.
	NoPresenter bool
}

// tallyParts says the tally, an answer each: "lost 17", "duplicate 6",
// "consistent 3", and how many answered: "26 of 30 answered".
func (r RoomMsg) tallyParts() (answered string, parts []string) {
	n := 0
	for _, a := range r.Tally {
		parts = append(parts, fmt.Sprintf("%s %d", a.Prediction, a.N))
		n += a.N
	}
	if len(parts) == 0 {
		none := "no predictions yet"
		if r.Frozen {
			none = "no predictions" // revealed: none will come
		}
		parts = append(parts, none)
	}
	return fmt.Sprintf("%d of %d answered", n, r.Connected), parts
}

// tallyLine says the tally on one line: "lost 17 · duplicate 6 · consistent 3".
func (r RoomMsg) tallyLine() (answered, tally string) {
	answered, parts := r.tallyParts()
	return answered, strings.Join(parts, " · ")
}

// roomState is what the root model keeps of its room.
type roomState struct {
	following bool
	last      RoomMsg
	sentCue   Cue
	told      map[int]prediction // each experiment's answer as the room holds it, so each change is sent once
	locked    map[int]bool       // experiments the room revealed, as this student knows: the lesson's, kept when it closes
	cue       *Cue               // the presenter's cue still to be applied (following, or resuming)
	presented bool               // a presenter was connected once: one missing now has left
	left      bool               // the presenter has left, and is not back yet
	back      bool               // the presenter came back, and has not moved since
	// resuming: this presenter's UI is being brought to where the room
	// is; it tells the room nothing until it is there.
	resuming bool
	resumed  bool // brought back to the room's place, and no key pressed since
	home     bool // the presenter is on the home screen: followers stay where they are
	// waitMatrix: the presenter's matrix is filling; this follower's
	// starts when it is done.
	waitMatrix bool
	// at is the presenter's place as last cued (the home screen before any
	// cue); it stays the place when the presenter goes home, since
	// followers stay there.
	at Cue
	// unplaced: follow mode was switched off, so the room sent no cues
	// since; at is known again with the next cue.
	unplaced bool
	sentAway bool // the last Stray told to the room
}

// cueNow is where this UI is, as a cue. Help and a docs page are read over
// the screen they were opened from, which stays the room's place.
func (m *Model) cueNow() Cue {
	var c Cue
	at := m.state
	if at == stateHelp || at == stateDocs {
		at = m.ret
	}
	switch {
	case at == stateLesson && m.lesson != nil:
		c.Lesson = m.lesson.cur + 1
		c.Reveal = m.lesson.phase == phaseRun || m.lesson.phase == phaseReveal
		c.Over = m.lesson.phase == phaseDone
	case at == stateRun && m.run != nil:
		c.Strategy, c.Experiment, c.Steps = m.run.strat.ID, m.runExp, m.run.fr.steps
		c.Acts, c.Finished = m.run.fr.acts, m.run.fr.finished
		c.Run = m.run.setup()
		if m.runFrom == stateLesson && m.lesson != nil {
			c.Lesson = m.lesson.cur + 1
		}
		if m.runFrom == stateMatrix && m.matrix != nil {
			c.Matrix, c.Cell, c.MatrixFilled = true, m.matrix.cell(), m.matrix.finished
		}
	case at == stateMatrix && m.matrix != nil:
		c.Matrix, c.Cell, c.MatrixFilled = true, m.matrix.cell(), m.matrix.finished
	}
	return c
}

// setup is how the run on show is built: as its last frame says, or as it
// was opened before its first frame.
func (r *runScreen) setup() RunSetup {
	if r.loaded {
		return r.fr.setup
	}
	return r.sess.opened
}

// afterUpdate tells the room what changed: the presenter's cue, a
// student's prediction.
func (m *Model) afterUpdate() {
	room := m.opts.Room
	if room == nil || m.quitting {
		return
	}
	if room.Presenter() {
		if m.room.resuming && m.room.cue != nil {
			return
		}
		m.room.resuming = false
		if c := m.cueNow(); !c.Equal(m.room.sentCue) {
			m.room.sentCue = c
			room.Cue(c)
		}
		return
	}
	if away := m.strayed() != inStep; away != m.room.sentAway {
		m.room.sentAway = away
		room.Stray(away)
	}
	if l := m.lesson; l != nil && m.state == stateLesson && l.phase == phaseAsk && len(l.exps) > 0 {
		m.tellAnswer(room, l)
	}
}

// tellAnswer tells the room the answer on show for the experiment on show,
// when it changed. An answer the room refuses (the experiment is revealed)
// is undone on screen: the answer the room counted stays, and the screen
// says why.
func (m *Model) tellAnswer(room Room, l *lesson) {
	if m.room.told == nil {
		m.room.told = map[int]prediction{}
	}
	held := m.room.told[l.cur]
	p := predictionOf(*l.pred)
	if p.Equal(predictionOf(held)) {
		return
	}
	if room.Predict(l.cur, p) {
		m.room.told[l.cur] = l.pred.clone()
		return
	}
	*l.pred = held.clone()
	l.locked[l.cur] = true
	l.note = lockedWords(l.cur, held)
}

// follow applies the presenter's cue as far as it can now; the rest waits
// for the operation in flight.
func (m *Model) follow() tea.Cmd {
	c := m.room.cue
	if c == nil || !(m.room.following || m.room.resuming) || m.quitting {
		return nil
	}
	// A student reading help or a page keeps reading it: the lab follows
	// underneath, and esc comes back to where the presenter is.
	reading := m.state
	if reading == stateHelp || reading == stateDocs {
		m.state = m.ret
		defer func() { m.ret, m.state = m.state, reading }()
	}
	// The presenter has left the matrix for a run or the lesson: so does
	// the follower, and its matrix's runs stop.
	var left tea.Cmd
	if !c.Matrix && m.matrix != nil && (c.Lesson > 0 || c.Strategy != "") && (m.run == nil || !m.run.busy) {
		mr := m.matrix.mr
		mr.cancel()
		m.matrix = nil
		m.state = stateHome
		left = drainCmd(mr)
	}
	switch {
	case c.Lesson > 0 && c.Strategy == "":
		return tea.Batch(left, m.followLesson(*c))
	case c.Matrix && c.Strategy == "":
		return m.followMatrix(*c)
	case c.Strategy != "":
		return tea.Batch(left, m.followRun(*c))
	}
	return nil
}

func (m *Model) followLesson(c Cue) tea.Cmd {
	var cmds []tea.Cmd
	if m.run != nil {
		if m.run.busy {
			return nil
		}
		cmds = append(cmds, m.closeRun())
	}
	if m.lesson == nil {
		m.lesson = m.newLessonInRoom()
	}
	m.state = stateLesson
	l := m.lesson
	if l.phase == phaseRun {
		return tea.Batch(cmds...) // its verdict first
	}
	idx := c.Lesson - 1
	if idx >= len(l.exps) {
		m.room.cue = nil
		return tea.Batch(cmds...)
	}
	// The presenter's reveal locks the answer; the presenter back at the
	// question after it asks again, and the answer kept may change again.
	if !m.opts.Room.Presenter() && !c.Over {
		l.locked[idx] = c.Reveal
	}
	if c.Over {
		// The score: each follower's own.
		l.cur, l.phase = idx, phaseDone
		m.room.cue = nil
		return tea.Batch(cmds...)
	}
	// Another experiment, or the presenter back at the question of this
	// one after its reveal: ask again, as the presenter does.
	if l.cur != idx || (!c.Reveal && l.phase != phaseAsk) {
		l.cur = idx
		l.reset()
	}
	if c.Reveal && l.phase == phaseAsk {
		cmds = append(cmds, m.startExperiment())
	}
	m.room.cue = nil
	return tea.Batch(cmds...)
}

func (m *Model) followRun(c Cue) tea.Cmd {
	s, err := scenarios.Lookup(c.Strategy)
	if err != nil {
		m.room.cue = nil
		return nil
	}
	if m.run != nil && m.run.busy {
		return nil
	}
	if m.run == nil || m.run.strat.ID != c.Strategy || m.runExp != c.Experiment || !m.run.setup().Equal(c.Run) {
		var cmds []tea.Cmd
		if m.run != nil {
			cmds = append(cmds, m.closeRun())
		}
		cmds = append(cmds, m.openPresenters(s, c))
		return tea.Batch(cmds...)
	}
	m.state = stateRun
	if !m.run.loaded {
		return nil
	}
	fr := m.run.fr
	behind := c.Finished && !fr.finished
	if !c.Finished {
		behind = fr.steps > c.Steps || (fr.steps < c.Steps && !fr.finished)
	}
	if !fr.acts.Equal(c.Acts) || behind {
		sess := m.run.sess
		return m.run.start("follow", func() (frame, error) { return sess.follow(c.Steps, c.Acts, c.Finished) })
	}
	m.room.cue = nil
	return nil
}

// openPresenters opens the presenter's run in this UI's own lab: the
// presenter's setup (seed, faults, switches) with this session's own
// directory and broker.
func (m *Model) openPresenters(s scenarios.Strategy, c Cue) tea.Cmd {
	cfg, err := m.experimentConfig(s, nil)
	if err != nil {
		m.room.cue = nil
		m.notice = "✗ " + err.Error()
		return nil
	}
	c.Run.apply(&cfg)
	// The presenter stepping through a lesson's experiment: esc comes back
	// to the lesson, as on the presenter's screen.
	from := stateHome
	var cmds []tea.Cmd
	if c.Lesson > 0 {
		// Stepping through a lesson's experiment, which the presenter
		// opens from its reveal: a UI that has not seen that reveal (it
		// joined, or its presenter came back) runs it underneath, so esc
		// comes back to the lesson revealed, as on the presenter's screen.
		cmds = append(cmds, m.lessonRevealedAt(c.Lesson-1))
		if m.lesson != nil {
			from = stateLesson
		}
	}
	if c.Matrix {
		// Opened from the matrix: esc comes back to the matrix (the room's,
		// or the follower's own, started now if not yet unless the
		// presenter's is still filling), cursor on the cell.
		if m.matrix == nil && (c.MatrixFilled || m.opts.Room.Presenter() || m.opts.Matrix != nil) {
			cmds = append(cmds, m.startMatrixScreen(m.matrixParallel()))
		}
		if m.matrix != nil {
			from = stateMatrix
			m.matrix.moveTo(c.Cell)
		}
	}
	cmds = append(cmds, m.openSession(s, cfg, from))
	m.runExp = c.Experiment
	return tea.Batch(cmds...)
}

// roomKey handles the follow key; it reports whether it took the key.
func (m *Model) roomKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if m.opts.Room == nil || m.opts.Room.Presenter() || m.typing() {
		return nil, false
	}
	if msg.String() != followKey {
		return m.backToPresenter(msg)
	}
	m.room.following = !m.room.following
	m.room.unplaced = m.room.unplaced || !m.room.following
	m.opts.Room.Follow(m.room.following)
	if m.room.following {
		return m.follow(), true
	}
	return nil, true
}

// followKey switches follow mode on and off.
const followKey = "F"

// roomLine is the line over the screen of a UI in a room.
func (m *Model) roomLine(w int) string {
	st, r := m.st, m.room.last
	if m.opts.Room.Presenter() {
		return m.presenterLine(w)
	}
	switch s := m.strayed(); {
	case r.NoPresenter:
		return cut(st.dim.Render("on your own: this server has no presenter"), w)
	case m.room.following && m.room.waitMatrix:
		return cut(st.accent.Render("following the presenter")+st.dim.Render(", whose matrix is filling: yours starts after it"), w)
	case s != inStep:
		// Not where the presenter is: never "following" until back.
		return m.strayLine(s, w)
	case m.room.following && m.room.back && r.Presenters > 0:
		return cut(st.accent.Render("following the presenter")+st.dim.Render(", who is back · F: go your own way"), w)
	case m.room.back && r.Presenters > 0:
		return cut(st.dim.Render("on your own · the presenter is back · F: follow the presenter"), w)
	case m.room.following && r.Presenters == 0 && m.room.presented:
		return cut(st.accent.Render("following the presenter")+st.dim.Render(", who has left · F: go your own way"), w)
	case m.room.following && r.Presenters == 0:
		return cut(st.accent.Render("following the presenter")+st.dim.Render(", who is not connected yet · F: go your own way"), w)
	case m.room.following && m.room.home && m.state != stateHome:
		return cut(st.accent.Render("following the presenter")+st.dim.Render(", now on the home screen · F: go your own way"), w)
	case m.room.following:
		return cut(st.accent.Render("following the presenter")+st.dim.Render(" · F: go your own way"), w)
	}
	return cut(st.dim.Render("on your own · F: follow the presenter"), w)
}

// revealTally is the room's side of the lesson, for the presenter: the
// tally so far under the question, and beside the verdict the tally and how
// many were right. Every answer is on screen, wrapped between answers, since
// the top line may cut it.
func (m *Model) revealTally(l *lesson) []string {
	if m.opts.Room == nil || !m.opts.Room.Presenter() {
		return nil
	}
	r := m.room.last
	if r.Lesson != l.cur+1 || (l.rep == nil && len(r.Tally) == 0) {
		return nil
	}
	st := m.st
	w, _ := m.size()
	answered, parts := r.tallyParts()
	if l.rep == nil {
		return tallyLines(st, "The room so far ("+answered+"): ", parts, w)
	}
	if len(r.Tally) == 0 {
		// Nothing to score: no "0 of 0 predictions were right".
		return []string{st.text.Render(fmt.Sprintf("No student answered before the reveal (%s).", words.Count(r.Connected, "student connected", "students connected")))}
	}
	got, amb := measured(measuredKinds(l.rep)), len(l.rep.Ambiguous) > 0
	judged, right, onlyAmb := 0, 0, 0
	for _, a := range r.Tally {
		if a.judged() {
			judged += a.N
		} else {
			onlyAmb += a.N
		}
		if a.right(got, l.rep.Verdict.Consistent, amb) {
			right += a.N
		}
	}
	score := fmt.Sprintf("%d of %d predictions were right", right, judged)
	if onlyAmb > 0 {
		score += fmt.Sprintf(" (%d answered only whether it is ambiguous: not judged)", onlyAmb)
	}
	out := tallyLines(st, "The room predicted ("+answered+"): ", parts, w)
	for _, line := range hang("", score, w) {
		out = append(out, st.text.Render(line))
	}
	return out
}

// tallyLines lays the answers after lead, breaking lines between answers,
// never inside one.
func tallyLines(st styles, lead string, parts []string, w int) []string {
	var out []string
	line, lw := st.text.Render(lead), width(lead)
	indent := "  "
	for i, p := range parts {
		sep := ""
		if i > 0 {
			sep = " · "
		}
		if i > 0 && lw+width(sep)+width(p) > w {
			out = append(out, line)
			line, lw, sep = indent, width(indent), ""
		}
		line += st.accent.Render(sep + p)
		lw += width(sep) + width(p)
	}
	return append(out, line)
}

// SortTally orders a tally by count, then by answer.
func SortTally(t []Answer) {
	slices.SortFunc(t, func(a, b Answer) int {
		if a.N != b.N {
			return b.N - a.N
		}
		return strings.Compare(a.String(), b.String())
	})
}

// presenterLine is the presenter's line over the screen: who is connected
// and following, and the room's tally for the lesson's experiment. The
// tally is what a presenter looks up for, so where the line does not fit the
// words around it get shorter before the tally is cut.
func (m *Model) presenterLine(w int) string {
	st, r := m.st, m.room.last
	// Following counts those where the presenter is: one who stepped on
	// or went back on their own is not, until a cue brings them back.
	inStep := r.Following - r.Away
	counts := fmt.Sprintf(" · %d connected · %d following", r.Connected, inStep)
	if r.Away > 0 {
		counts += fmt.Sprintf(" · %d ahead or away", r.Away)
	}
	full := st.accent.Render("presenter") + st.dim.Render(counts)
	if r.Lesson == 0 {
		if m.room.resumed {
			return cut(full+st.dim.Render(" · back where you left the room"), w)
		}
		return cut(full, w)
	}
	answered, tally := r.tallyLine()
	n := 0
	for _, a := range r.Tally {
		n += a.N
	}
	final := ""
	if r.Frozen {
		final = st.dim.Render(" · revealed, final")
	}
	forms := []string{
		full + "   " + st.dim.Render(fmt.Sprintf("experiment %d, %s: ", r.Lesson, answered)) + st.text.Render(tally) + final,
		st.accent.Render("presenter") + st.dim.Render(fmt.Sprintf(" · %d of %d following · experiment %d, %d answered: ", inStep, r.Connected, r.Lesson, n)) + st.text.Render(tally) + final,
		st.dim.Render(fmt.Sprintf("%d/%d following · exp. %d, %d/%d answered: ", inStep, r.Connected, r.Lesson, n, r.Connected)) + st.text.Render(tally) + final,
	}
	for _, f := range forms {
		if width(f) <= w {
			return f
		}
	}
	// Too many answers for one line: the first ones whole (the tally is
	// sorted, so the most given), then how many more there are, which the
	// lesson's screen lists in full. Never an answer cut in the middle:
	// the words around the answers shorten first.
	_, parts := r.tallyParts()
	type around struct{ lead, tail string }
	frames := []around{{st.dim.Render(fmt.Sprintf("%d/%d following · exp. %d, %d/%d answered: ", inStep, r.Connected, r.Lesson, n, r.Connected)), final}}
	if r.Frozen {
		frames = append(frames,
			around{frames[0].lead, st.dim.Render(" · final")},
			around{st.dim.Render(fmt.Sprintf("exp. %d, final, %d/%d answered: ", r.Lesson, n, r.Connected)), ""})
	} else {
		frames = append(frames, around{st.dim.Render(fmt.Sprintf("exp. %d, %d/%d answered: ", r.Lesson, n, r.Connected)), ""})
	}
	for k := len(parts); k >= 1; k-- {
		more := ""
		if k < len(parts) {
			more = st.dim.Render(" · " + words.Count(len(parts)-k, "more answer", "more answers"))
		}
		for _, f := range frames {
			if l := f.lead + st.text.Render(strings.Join(parts[:k], " · ")) + more + f.tail; width(l) <= w {
				return l
			}
		}
	}
	where := ""
	if m.state == stateLesson {
		where = ", listed below"
	}
	last := frames[len(frames)-1]
	return cut(last.lead+st.dim.Render(words.Count(len(parts), "answer", "different answers")+where)+last.tail, w)
}
