// Package tui is the terminal UI: pick a strategy, step through it against
// the real SQLite and NATS JetStream of a run, break it live, and read the
// verdict. Every panel shows what the stores hold, read back after each step.
package tui

import (
	"context"
	"errors"
	"fmt"
	"github.com/dualwrite/dualwrite/words"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/dualwrite/dualwrite/docs"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// Options configure the UI.
type Options struct {
	// Run, when set, opens the UI on this run, ready to step. The UI owns it
	// from then on and closes it.
	Run *lab.Run
	// Base is the spec of the runs opened from the home screen: seed,
	// orders, workload, directory, listen address. Its strategy and faults
	// are set by the UI.
	Base scenarios.Spec
	// Start starts a run; nil means lab.Start.
	Start StartFunc
	// Present opens the UI in presenter mode, as the p key does.
	Present bool
	// Theme is "dark", "light", or "auto" (and ""): the terminal's
	// background, which COLORFGBG decides when it is set.
	Theme string
	// ColorFGBG is the environment's COLORFGBG, "fg;bg" as rxvt and others
	// set it: a background of 7 or 9 to 15 is light.
	ColorFGBG string
	// Lesson opens the UI on the lesson, as dualwrite lesson does.
	Lesson bool
	// Room, when set, is the room this UI is served to (dualwrite serve):
	// a student's UI follows the presenter, the presenter's sees the room.
	Room Room
	// Matrix, when set, supplies the comparison matrix's cells instead of
	// this UI running its own (dualwrite serve: one matrix for the room).
	Matrix MatrixSource
}

// The smallest terminal the screens are laid out for.
const (
	minWidth  = 72
	minHeight = 20
)

// state is the screen on show.
type state int

const (
	stateHome state = iota
	stateRun
	statePicker // the fault picker over the run screen; for the help line
	stateDocs
	stateHelp
	stateMatrix
	stateVerdict // the run screen of a finished run; for the help line
	stateLesson
	stateLessonReveal // the lesson with a verdict revealed; for the help line
	stateLessonDone   // the lesson's score; for the help line
	stateLessonFollow // the lesson's question, the presenter revealing; for the help line
)

func (s state) String() string {
	return [...]string{"home", "run", "picker", "docs", "help", "matrix", "verdict", "lesson", "lesson reveal", "lesson done", "lesson"}[s]
}

// Model is the root model: it handles global keys and window messages, and
// hands the rest to the screen on show.
type Model struct {
	ctx        context.Context
	opts       Options
	state      state
	ret        state // where help and docs return to
	width      int
	height     int
	dark       bool
	mono       bool
	present    bool // presenter mode: no key line, changes highlighted
	fixedTheme bool // --theme or COLORFGBG decided; the terminal's answer is ignored
	st         styles
	keys       keyMap
	help       help.Model
	helpScroll int // the first line of the help on show, when it does not fit
	home       home
	run        *runScreen
	// runFrom is where esc on the run screen goes: home, or the matrix the
	// run was opened from.
	runFrom  state
	matrix   *matrixScreen
	matrices map[int]*matrixRun // matrices whose runs are not all closed yet
	docs     docsPage
	lesson   *lesson
	live     map[int]*session // sessions not closed yet
	notice   string           // for the home screen
	runExp   int              // the experiment the run on show was opened on, 1-based; 0 none
	room     roomState

	quitting bool
}

// New returns the root model. Call Close after the program ends, whatever
// way it ended: it closes any run still open and removes its files.
func New(ctx context.Context, opts Options) *Model {
	m := &Model{ctx: ctx, opts: opts, dark: true, keys: newKeyMap(), help: help.New(), live: map[int]*session{},
		matrices: map[int]*matrixRun{}, present: opts.Present}
	m.dark, m.fixedTheme = themeOf(opts.Theme, opts.ColorFGBG)
	m.restyle()
	if opts.Run != nil {
		cfg := opts.Run.Config()
		strat, err := scenarios.Lookup(cfg.Name)
		if err != nil {
			strat = scenarios.Strategy{ID: cfg.Name, Title: cfg.Name}
		}
		sess := newSession(ctx, strat, cfg, opts.Start, opts.Run)
		m.live[sess.id] = sess
		m.run = newRunScreen(sess)
		m.run.present = m.present
		m.state = stateRun
	}
	if opts.Lesson && opts.Run == nil {
		m.lesson = m.newLessonInRoom()
		m.state = stateLesson
	}
	m.room.following = opts.Room != nil && !opts.Room.Presenter()
	return m
}

// setPresent switches presenter mode: no key line, every colour at 4.5:1,
// the rows of the last step highlighted.
func (m *Model) setPresent(on bool) {
	m.present = on
	if m.run != nil {
		m.run.present = on
	}
	m.restyle()
}

// Run runs the UI until the user quits or ctx is done, and leaves no run
// open and no temporary files behind.
func Run(ctx context.Context, opts Options, progOpts ...tea.ProgramOption) error {
	m := New(ctx, opts)
	defer m.Close()
	p := tea.NewProgram(m, append([]tea.ProgramOption{tea.WithContext(ctx)}, progOpts...)...)
	_, err := p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// Close closes every run still open, waiting for an operation in flight to
// give up first, and stops the matrix, waiting for its runs to be closed.
func (m *Model) Close() error {
	var errs []error
	for id, s := range m.live {
		errs = append(errs, s.close())
		delete(m.live, id)
	}
	for id, mr := range m.matrices {
		mr.drain()
		delete(m.matrices, id)
	}
	return errors.Join(errs...)
}

// themeOf decides the theme: a named one, or for auto COLORFGBG when it
// names a background. fixed is false when the terminal's answer to a
// background query should decide.
func themeOf(theme, colorfgbg string) (dark, fixed bool) {
	switch theme {
	case "dark":
		return true, true
	case "light":
		return false, true
	}
	if i := strings.LastIndexByte(colorfgbg, ';'); i >= 0 {
		if bg, err := strconv.Atoi(colorfgbg[i+1:]); err == nil && bg >= 0 && bg <= 15 {
			return !(bg == 7 || bg >= 9), true
		}
	}
	return true, false
}

func (m *Model) restyle() {
	m.st = newStyles(m.dark, m.mono, m.present)
	m.help.Styles = m.st.help
}

// Init asks the terminal for its background colour and loads the run the UI
// opens on, if any.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	if m.run != nil {
		cmds = append(cmds, m.run.init())
	}
	return tea.Batch(cmds...)
}

func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	defer m.afterUpdate()
	switch msg := msg.(type) {
	case CueMsg:
		return m, m.cued(Cue(msg))
	case ResumeMsg:
		return m, m.resume(Cue(msg))
	case RoomMsg:
		m.noteRoom(msg)
		return m, nil
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return m, nil
	case tea.BackgroundColorMsg:
		if !m.fixedTheme {
			m.dark = msg.IsDark()
			m.restyle()
		}
		return m, nil
	case tea.ColorProfileMsg:
		m.mono = msg.Profile == colorprofile.ASCII || msg.Profile == colorprofile.NoTTY
		m.restyle()
		return m, nil
	case closedMsg:
		delete(m.live, msg.sid)
		return m, m.closed()
	case matrixCellMsg:
		if m.matrix == nil || m.matrix.mr.id != msg.id || m.quitting {
			return m, nil // a matrix left behind: drainCmd takes the rest
		}
		m.matrix.add(msg.cell)
		return m, nextCell(m.matrix.mr)
	case matrixDoneMsg:
		delete(m.matrices, msg.id)
		if m.matrix != nil && m.matrix.mr.id == msg.id && !m.matrix.finished {
			m.matrix.finish()
		}
		return m, m.closed()
	case tea.KeyPressMsg:
		return m, m.key(msg)
	case tea.PasteMsg:
		if m.typing() {
			return m, m.run.picker.feed(msg)
		}
		return m, nil
	case spinner.TickMsg:
		var cmds []tea.Cmd
		if m.run != nil {
			cmds = append(cmds, m.run.update(m.keys, msg))
		}
		if m.matrix != nil {
			cmds = append(cmds, m.matrix.update(msg))
		}
		return m, tea.Batch(cmds...)
	case opMsg:
		if m.lesson != nil && m.lesson.sess != nil && msg.sid == m.lesson.sess.id {
			return m, tea.Batch(m.lessonDone(msg), m.follow())
		}
		if m.run != nil {
			return m, tea.Batch(m.run.update(m.keys, msg), m.follow())
		}
		return m, nil
	case autoTickMsg:
		if m.run != nil {
			return m, m.run.update(m.keys, msg)
		}
		return m, nil
	}
	if m.typing() {
		return m, m.run.picker.feed(msg) // the text input's cursor blinks
	}
	return m, nil
}

// typing reports whether the fault picker's text input takes the keys.
func (m *Model) typing() bool {
	return m.state == stateRun && m.run != nil && m.run.picker != nil && m.run.picker.typing()
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	typing := m.typing()
	if msg.String() == "ctrl+c" || (!typing && key.Matches(msg, m.keys.Quit)) {
		return m.quit()
	}
	if m.quitting {
		return nil
	}
	m.presenterTakesOver()
	if cmd, ok := m.roomKey(msg); ok {
		return cmd
	}
	switch m.state {
	case stateHelp:
		switch {
		case key.Matches(msg, m.keys.Cancel, m.keys.Help):
			m.state = m.ret
		case key.Matches(msg, m.keys.ScrollUp):
			m.helpScroll = max(m.helpScroll-1, 0)
		case key.Matches(msg, m.keys.ScrollDn):
			m.helpScroll++ // helpView bounds it
		}
		return nil
	case stateDocs:
		switch {
		case key.Matches(msg, m.keys.Cancel):
			m.state = m.ret
		case key.Matches(msg, m.keys.ScrollUp):
			m.docs.scroll = max(m.docs.scroll-m.docsStep(msg), 0)
		case key.Matches(msg, m.keys.ScrollDn):
			m.docs.scroll += m.docsStep(msg) // docsView bounds it
		case key.Matches(msg, m.keys.NextPage):
			ret := m.ret
			m.openDocs(nextGuide(m.docs.id))
			m.ret = ret
		}
		return nil
	}
	picking := m.state == stateRun && m.run != nil && m.run.picker != nil
	if !picking && key.Matches(msg, m.keys.Help) {
		m.ret, m.state, m.helpScroll = m.state, stateHelp, 0
		return nil
	}
	if !picking && key.Matches(msg, m.keys.Present) {
		m.setPresent(!m.present)
		return nil
	}
	switch m.state {
	case stateHome:
		m.notice = ""
		act := m.home.update(m.keys, msg)
		switch {
		case act.docs != "":
			m.openDocs(act.docs)
		case act.open:
			return m.openRun(act.strategy, act.experiment)
		case act.matrix:
			return m.openMatrix()
		case act.lesson:
			return m.openLesson()
		}
	case stateLesson:
		return m.lessonKey(msg)
	case stateMatrix:
		if key.Matches(msg, m.keys.Home) {
			return m.leaveMatrix()
		}
		if i := m.matrix.key(m.keys, msg); i >= 0 {
			return m.openCell(m.matrix.cells[i])
		}
	case stateRun:
		if !picking && key.Matches(msg, m.keys.Home) {
			if m.runFrom == stateMatrix && m.matrix != nil {
				return m.backToMatrix()
			}
			if m.runFrom == stateLesson && m.lesson != nil {
				m.state = stateLesson
				return m.closeRun()
			}
			return m.goHome()
		}
		if !picking && key.Matches(msg, m.keys.Docs) {
			m.openDocs(m.run.strat.ID)
			return nil
		}
		if !picking && key.Matches(msg, m.keys.Workshop) {
			m.openDocs("workshop")
			return nil
		}
		return m.run.update(m.keys, msg)
	}
	return nil
}

// docsStep is how far a key scrolls a docs page: a line, or with pgup and
// pgdn a screenful less the line kept for context.
func (m *Model) docsStep(msg tea.KeyPressMsg) int {
	if s := msg.String(); s == "pgup" || s == "pgdown" {
		_, h := m.size()
		return max(docsBodyH(h)-1, 1)
	}
	return 1
}

// docsBodyH is how many lines of a docs page a screen h high shows.
func docsBodyH(h int) int { return h - 2 }

// openRun opens the run screen on a strategy, with the faults of one of its
// experiments when experiment > 0.
func (m *Model) openRun(s scenarios.Strategy, experiment int) tea.Cmd {
	var e *scenarios.Expectation
	if experiment > 0 {
		e = &s.Expect[experiment-1]
	}
	cfg, err := m.experimentConfig(s, e)
	if err != nil {
		m.notice = "✗ " + err.Error()
		return nil
	}
	cmd := m.openSession(s, cfg, stateHome)
	m.runExp = experiment
	return cmd
}

// openCell opens the run screen on the run of a cell of the matrix: the
// config is built as for an experiment of the home screen, with the
// strategy, faults, seed and workload the matrix ran it with, so stepping it
// from the start replays that run.
func (m *Model) openCell(c scenarios.Cell) tea.Cmd {
	sp, err := c.Spec()
	if err != nil {
		m.matrix.notice = "✗ " + err.Error()
		return nil
	}
	s := c.Strategy
	run, err := m.experimentSpec(s, &c.Expect)
	if err != nil {
		m.matrix.notice = "✗ " + err.Error()
		return nil
	}
	// The matrix's run exactly, whatever the UI's own switches.
	run.Seed, run.Orders, run.Lifecycle = sp.Seed, sp.Orders, sp.Lifecycle
	run.Consumer, run.Retry, run.IdempotencyKey = sp.Consumer, sp.Retry, sp.IdempotencyKey
	run.MaxDeliver, run.Consumers, run.Partitions = sp.MaxDeliver, sp.Consumers, sp.Partitions
	cmd := m.openSession(s, run.Config(), stateMatrix)
	// The cell is one of the strategy's experiments: a follower opens it
	// with its faults, not the strategy's fault-free run.
	if c.Col >= 0 && c.Col < len(s.Expect) {
		m.runExp = c.Col + 1
	}
	return cmd
}

func (m *Model) openSession(s scenarios.Strategy, cfg lab.Config, from state) tea.Cmd {
	sess := newSession(m.ctx, s, cfg, m.opts.Start, nil)
	m.live[sess.id] = sess
	m.run = newRunScreen(sess)
	m.run.present = m.present
	m.runFrom = from
	m.state = stateRun
	m.runExp = 0
	return m.run.init()
}

// closeRun closes the run on show; its files go in a command.
func (m *Model) closeRun() tea.Cmd {
	sess := m.run.sess
	sess.cancel()
	m.run = nil
	return closeCmd(sess)
}

// goHome closes the run and shows the home screen on its strategy.
func (m *Model) goHome() tea.Cmd {
	for i, s := range scenarios.All() {
		if s.ID == m.run.strat.ID {
			m.home.sel = i
		}
	}
	m.state = stateHome
	return m.closeRun()
}

// backToMatrix closes the run and shows the matrix it was opened from, with
// the cursor still on its cell.
func (m *Model) backToMatrix() tea.Cmd {
	m.state = stateMatrix
	return m.closeRun()
}

// openMatrix starts every run of the matrix and shows it filling in.
func (m *Model) openMatrix() tea.Cmd {
	cmd := m.startMatrixScreen(0)
	m.state = stateMatrix
	return cmd
}

// startMatrixScreen starts the matrix's runs, up to parallel at once (0:
// the default), and makes its screen.
func (m *Model) startMatrixScreen(parallel int) tea.Cmd {
	mr := startMatrixFrom(m.ctx, parallel, m.opts.Matrix)
	m.matrices[mr.id] = mr
	m.matrix = newMatrixScreen(mr)
	return tea.Batch(nextCell(mr), m.matrix.spin.Tick)
}

// leaveMatrix stops the runs of the matrix still going and shows the home
// screen; its results go with it.
func (m *Model) leaveMatrix() tea.Cmd {
	mr := m.matrix.mr
	mr.cancel()
	m.matrix = nil
	m.state = stateHome
	return drainCmd(mr)
}

func (m *Model) quit() tea.Cmd {
	m.quitting = true
	if len(m.live) == 0 && len(m.matrices) == 0 {
		return tea.Quit
	}
	var cmds []tea.Cmd
	for _, s := range m.live {
		s.cancel()
		cmds = append(cmds, closeCmd(s))
	}
	for _, mr := range m.matrices {
		mr.cancel()
		cmds = append(cmds, drainCmd(mr))
	}
	return tea.Batch(cmds...)
}

// closed quits once the last run is closed, when quitting.
func (m *Model) closed() tea.Cmd {
	if m.quitting && len(m.live) == 0 && len(m.matrices) == 0 {
		return tea.Quit
	}
	return nil
}

// nextGuide is the guide page after id, in the order docs.Guides lists
// them; from a strategy's page, the first.
func nextGuide(id string) string {
	gs := docs.Guides()
	for i, g := range gs {
		if g == id {
			return gs[(i+1)%len(gs)]
		}
	}
	return gs[0]
}

func (m *Model) openDocs(id string) {
	page, ok := docs.Page(id)
	if !ok {
		page = "# " + id + "\n\nThere is no page for this yet. `dualwrite list` and the home screen say what it does."
	}
	m.docs = docsPage{id: id, text: page}
	m.ret, m.state = m.state, stateDocs
}

// View draws the screen on show.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "dualwrite"
	return v
}

func (m *Model) size() (int, int) {
	if m.width == 0 || m.height == 0 {
		return 80, 24
	}
	return m.width, m.height
}

func (m *Model) render() string {
	w, h := m.size()
	if m.opts.Room != nil && !m.quitting && h > minHeight {
		return m.roomLine(w) + "\n" + m.screen(w, h-1)
	}
	return m.screen(w, h)
}

func (m *Model) screen(w, h int) string {
	if m.quitting {
		return m.st.dim.Render("closing the run and removing its files…")
	}
	if w < minWidth || h < minHeight {
		return strings.Join(wrap(fmt.Sprintf("dualwrite needs a terminal of at least %d×%d; this one is %d×%d. Enlarge it, or press q to quit.",
			minWidth, minHeight, w, h), w), "\n")
	}
	switch m.state {
	case stateRun:
		return m.run.view(m.st, m.helpLine, w, h)
	case stateMatrix:
		return m.matrix.view(m.st, m.helpLine, w, h)
	case stateDocs:
		return m.docsView(w, h)
	case stateHelp:
		return m.helpView(w, h)
	case stateLesson:
		return m.lessonView(w, h)
	}
	return m.homeView(w, h)
}

// screenKeys are the keys of a screen; esc on a run opened from the matrix
// goes back to it.
func (m *Model) screenKeys(s state) screenKeys {
	k := m.keys
	if s == stateRun && m.runFrom == stateMatrix && m.matrix != nil {
		k.Home = k.ToMatrix
	}
	if (s == stateRun || s == stateVerdict) && m.runFrom == stateLesson && m.lesson != nil {
		k.Home = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "lesson"))
	}
	keys := k.forState(s)
	if (s == stateLesson || s == stateLessonFollow) && m.answerLocked() {
		keys = lessonAskKeys(k, s == stateLesson, false)
	}
	if m.opts.Room != nil && s != stateHelp {
		// Over dualwrite serve: following the presenter is a key of every screen.
		follow := key.NewBinding(key.WithKeys(followKey), key.WithHelp(followKey, "follow on/off"))
		last := len(keys.full) - 1
		keys.full[last] = append(keys.full[last][:len(keys.full[last]):len(keys.full[last])], follow)
		if m.strayed() != inStep {
			// Away from the presenter: the way back comes first.
			back := key.NewBinding(key.WithKeys(backKey), key.WithHelp(backKey, "back in step"))
			keys.short = append([]key.Binding{back}, keys.short...)
			keys.full[last] = append(keys.full[last], back)
		}
	}
	return keys
}

// keyState is the state whose keys the help line shows.
func (m *Model) keyState() state {
	if m.state == stateRun && m.run != nil && m.run.picker != nil {
		return statePicker
	}
	if m.state == stateRun && m.run != nil && m.run.fr.finished && m.run.fr.report != nil {
		return stateVerdict
	}
	// The lesson's keys change with its phase: after the reveal the
	// prediction keys do nothing, so the line must not offer them.
	if m.state == stateLesson && m.lesson != nil {
		switch m.lesson.phase {
		case phaseReveal:
			return stateLessonReveal
		case phaseDone:
			return stateLessonDone
		case phaseAsk:
			if m.revealWaits() {
				return stateLessonFollow
			}
		}
	}
	return m.state
}

// helpLine is the short help of the screen, cut to w: the last two keys
// (help or back, and quit) always show; the others go from the end first.
func (m *Model) helpLine(w int) string {
	if m.present {
		return "" // a room reads the screen, not the keys
	}
	keys := m.screenKeys(m.keyState()).ShortHelp()
	m.help.SetWidth(0)
	if len(keys) <= 2 {
		return cut(m.help.ShortHelpView(keys), w)
	}
	tail := keys[len(keys)-2:]
	for n := len(keys) - 2; n >= 0; n-- {
		s := m.help.ShortHelpView(append(append([]key.Binding(nil), keys[:n]...), tail...))
		if width(s) <= w || n == 0 {
			return cut(s, w)
		}
	}
	return ""
}

func (m *Model) homeView(w, h int) string {
	st := m.st
	left := st.title.Render("dualwrite") + st.dim.Render(" · the dual-write lab: real SQLite, real NATS JetStream")
	b := m.opts.Base
	workload := "place"
	if b.Lifecycle {
		workload = "lifecycle"
	}
	right := st.dim.Render(fmt.Sprintf("seed %d · %s · %s", b.Seed, words.Count(max(b.Orders, 1), "order", "orders"), workload))
	if width(left)+1+width(right) > w {
		// Shorter rather than cut in the middle of a word.
		left = st.title.Render("dualwrite") + st.dim.Render(" · real SQLite, real NATS JetStream")
	}
	lines := []string{spread(left, right, w), st.rule.Render(strings.Repeat("─", w))}
	bodyH := h - 4
	lines = append(lines, m.home.view(st, w, bodyH)...)
	status := st.rule.Render(strings.Repeat("─", w))
	if m.notice != "" {
		status = st.bad.Render(cut(m.notice, w))
	}
	lines = append(lines, status, m.helpLine(w))
	return strings.Join(block(lines, w, h), "\n")
}

func (m *Model) helpView(w, h int) string {
	st := m.st
	ret := m.ret
	if ret == stateRun && m.run != nil && m.run.picker != nil {
		ret = statePicker
	}
	if ret == stateLesson && m.lesson != nil {
		switch m.lesson.phase {
		case phaseReveal:
			ret = stateLessonReveal
		case phaseDone:
			ret = stateLessonDone
		case phaseAsk:
			if m.revealWaits() {
				ret = stateLessonFollow
			}
		}
	}
	lines := []string{st.title.Render("dualwrite") + st.dim.Render(" · keys on the "+ret.String()+" screen"), ""}
	lines = append(lines, m.fullHelpLines(m.screenKeys(ret).FullHelp(), w)...)
	lines = append(lines, "", st.panelHead.Render("Symbols"))
	legend := [][2]string{
		{st.fault.Render("⚡ FAULT"), "a fault struck here (an armed point, or ack lost)"},
		{st.bad.Render("✗"), "a crash, a failure, the broker down, or an anomaly the checker found"},
		{st.good.Render("✓"), "ok: acked, sent, consistent"},
		{st.warn.Render("?"), "ambiguous: the caller saw a failure, yet the order is committed"},
		{st.arrowNow.Render("▸"), "the steps of your last key press"},
		{st.next.Render("› ┄┄▷"), "the step that would run next, dimmed"},
		{st.finding.Render("highlighted row"), "a row involved in a finding"},
		{st.duplicate.Render("DUP"), "a second apply of an order committed once: a duplicate, at its step"},
		{st.good.Render("≡ absorb"), "a delivery the consumer's inbox absorbed: nothing applied"},
		{st.bad.Render("✗ commit"), "a failed step: a commit an error fault struck, or an apply that applied nothing"},
		{st.fault.Render("⚡ struck"), "a counted fault that has struck as often as it may; still armed ones say armed"},
		{st.changed.Render("▸ row"), "presenter mode: a row of a store the last step changed"},
		// The legend line under the diagram names the letters on show;
		// a student who opens help first learns here that there is one.
		{"├─a─▶", "a one-letter label: the step's word did not fit its arrow; the last line of the diagram names each letter on show, as in a = apply"},
	}
	if ret == stateMatrix {
		legend = [][2]string{
			{st.asExpected.Render("="), "as expected: the run showed what the catalog expects, measured on the first line, expected on the second"},
			{st.lost.Render("lost") + " " + st.ghost.Render("ghost") + " " + st.duplicate.Render("dup") + " " + st.reordered.Render("reord"), "each anomaly kind in its own colour; " + st.consistent.Render("consistent") + " in its own"},
			{st.bad.Render("✗ differs:"), "the run showed something else than the catalog expects"},
			{st.bad.Render("!"), "the run could not be made"},
			{st.warn.Render("?"), "ambiguous: a caller was told 'failed', yet the order is committed"},
			{"≡n", "n deliveries absorbed by deduplication (≡≥n: at least n expected)"},
			{st.warn.Render(m.matrix.spin.View()) + " …", "the run is still going"},
			{"–", "the catalog has no such fault for this strategy"},
			{"dup, reord", "duplicate, reordered"},
			{st.selected.Render("highlighted cell"), "the cell enter opens, step by step"},
		}
	}
	for _, l := range legend {
		lines = append(lines, hang("  "+l[0]+"  ", l[1], w)...)
	}
	lines = append(lines, "")
	for _, l := range wrap("Every step really runs against SQLite and NATS; the panels are read back from them after each step.", w) {
		lines = append(lines, st.dim.Render(l))
	}
	// Too long for the screen: it scrolls, and says there is more.
	if n := h - 2; len(lines) > h-1 && n > 0 {
		m.helpScroll = min(m.helpScroll, len(lines)-n)
		more := st.faint.Render(fmt.Sprintf("↑↓ %d/%d", m.helpScroll+n, len(lines)))
		lines = append(lines[m.helpScroll:m.helpScroll+n:m.helpScroll+n], more)
	}
	body := block(lines, w, h-1)
	return strings.Join(append(body, m.helpLine(w)), "\n")
}

// fullHelpLines lays the key columns out in as many rows of columns as the
// width needs, instead of cutting the last columns off.
func (m *Model) fullHelpLines(groups [][]key.Binding, w int) []string {
	m.help.SetWidth(0)
	var out []string
	for len(groups) > 0 {
		n := len(groups)
		for ; n > 1; n-- {
			widest := 0
			for _, l := range strings.Split(m.help.FullHelpView(groups[:n]), "\n") {
				widest = max(widest, width(l))
			}
			if widest <= w {
				break
			}
		}
		if len(out) > 0 {
			out = append(out, "")
		}
		for _, l := range strings.Split(m.help.FullHelpView(groups[:n]), "\n") {
			out = append(out, cut(l, w))
		}
		groups = groups[n:]
	}
	return out
}

// docsPage is a Markdown page of the docs package on show.
type docsPage struct {
	id     string
	text   string
	scroll int
}

func (m *Model) docsView(w, h int) string {
	st := m.st
	pw := min(w-4, 96)
	lines := markdown(st, m.docs.text, pw)
	bodyH := docsBodyH(h)
	m.docs.scroll = max(min(m.docs.scroll, len(lines)-bodyH), 0)
	shown := lines[m.docs.scroll:]
	pos := st.dim.Render(fmt.Sprintf("docs/%s.md · %d/%d", m.docs.id, min(m.docs.scroll+bodyH, len(lines)), len(lines)))
	out := []string{spread(st.title.Render("dualwrite")+st.dim.Render(" · docs"), pos, w)}
	for _, l := range block(shown, pw, bodyH) {
		out = append(out, "  "+l)
	}
	out = append(out, m.helpLine(w))
	return strings.Join(block(out, w, h), "\n")
}
