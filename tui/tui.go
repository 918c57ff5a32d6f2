// Package tui is the terminal UI: pick a strategy, step through it against
// the real SQLite and NATS JetStream of a run, break it live, and read the
// verdict. Every panel shows what the stores hold, read back after each step.
package tui

import (
	"context"
	"errors"
	"fmt"
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
	// Base is the config of the runs opened from the home screen: seed,
	// orders, workload, directory, listen address. Its strategy and faults
	// are set by the UI.
	Base lab.Config
	// Start starts a run; nil means lab.Start.
	Start StartFunc
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
)

func (s state) String() string {
	return [...]string{"home", "run", "picker", "docs", "help"}[s]
}

// Model is the root model: it handles global keys and window messages, and
// hands the rest to the screen on show.
type Model struct {
	ctx    context.Context
	opts   Options
	state  state
	ret    state // where help and docs return to
	width  int
	height int
	dark   bool
	mono   bool
	st     styles
	keys   keyMap
	help   help.Model
	home   home
	run    *runScreen
	docs   docsPage
	live   map[int]*session // sessions not closed yet
	notice string           // for the home screen

	quitting bool
}

// New returns the root model. Call Close after the program ends, whatever
// way it ended: it closes any run still open and removes its files.
func New(ctx context.Context, opts Options) *Model {
	m := &Model{ctx: ctx, opts: opts, dark: true, keys: newKeyMap(), help: help.New(), live: map[int]*session{}}
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
		m.state = stateRun
	}
	return m
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
// give up first.
func (m *Model) Close() error {
	var errs []error
	for id, s := range m.live {
		errs = append(errs, s.close())
		delete(m.live, id)
	}
	return errors.Join(errs...)
}

func (m *Model) restyle() {
	m.st = newStyles(m.dark, m.mono)
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
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return m, nil
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.restyle()
		return m, nil
	case tea.ColorProfileMsg:
		m.mono = msg.Profile == colorprofile.ASCII || msg.Profile == colorprofile.NoTTY
		m.restyle()
		return m, nil
	case closedMsg:
		delete(m.live, msg.sid)
		if m.quitting && len(m.live) == 0 {
			return m, tea.Quit
		}
		return m, nil
	case tea.KeyPressMsg:
		return m, m.key(msg)
	case opMsg, autoTickMsg, spinner.TickMsg:
		if m.run != nil {
			return m, m.run.update(m.keys, msg)
		}
		return m, nil
	}
	return m, nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	typing := m.state == stateRun && m.run != nil && m.run.picker != nil && m.run.picker.typing()
	if msg.String() == "ctrl+c" || (!typing && key.Matches(msg, m.keys.Quit)) {
		return m.quit()
	}
	if m.quitting {
		return nil
	}
	switch m.state {
	case stateHelp:
		if key.Matches(msg, m.keys.Cancel, m.keys.Help) {
			m.state = m.ret
		}
		return nil
	case stateDocs:
		switch {
		case key.Matches(msg, m.keys.Cancel):
			m.state = m.ret
		case key.Matches(msg, m.keys.ScrollUp):
			m.docs.scroll = max(m.docs.scroll-pageStep(msg), 0)
		case key.Matches(msg, m.keys.ScrollDn):
			m.docs.scroll += pageStep(msg)
		}
		return nil
	}
	picking := m.state == stateRun && m.run != nil && m.run.picker != nil
	if !picking && key.Matches(msg, m.keys.Help) {
		m.ret, m.state = m.state, stateHelp
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
		}
	case stateRun:
		if !picking && key.Matches(msg, m.keys.Home) {
			return m.goHome()
		}
		if !picking && key.Matches(msg, m.keys.Docs) {
			m.openDocs(m.run.strat.ID)
			return nil
		}
		return m.run.update(m.keys, msg)
	}
	return nil
}

func pageStep(msg tea.KeyPressMsg) int {
	if s := msg.String(); s == "pgup" || s == "pgdown" {
		return 10
	}
	return 1
}

// openRun opens the run screen on a strategy, with the faults of one of its
// experiments when experiment > 0.
func (m *Model) openRun(s scenarios.Strategy, experiment int) tea.Cmd {
	cfg := m.opts.Base
	cfg.Name, cfg.Points, cfg.Faults = s.ID, s.AllPoints(), nil
	if s.New != nil {
		cfg.Strategy = s.New()
	}
	if experiment > 0 {
		e := s.Expect[experiment-1]
		fs, err := s.ParseFaults(e.Faults)
		if err != nil {
			m.notice = "✗ " + err.Error()
			return nil
		}
		cfg.Faults = fs
		cfg.Lifecycle = cfg.Lifecycle || e.Lifecycle
	}
	sess := newSession(m.ctx, s, cfg, m.opts.Start, nil)
	m.live[sess.id] = sess
	m.run = newRunScreen(sess)
	m.state = stateRun
	return m.run.init()
}

// goHome closes the run and shows the home screen on its strategy.
func (m *Model) goHome() tea.Cmd {
	sess := m.run.sess
	sess.cancel()
	for i, s := range scenarios.All() {
		if s.ID == sess.strat.ID {
			m.home.sel = i
		}
	}
	m.run = nil
	m.state = stateHome
	return closeCmd(sess)
}

func (m *Model) quit() tea.Cmd {
	m.quitting = true
	if len(m.live) == 0 {
		return tea.Quit
	}
	var cmds []tea.Cmd
	for _, s := range m.live {
		s.cancel()
		cmds = append(cmds, closeCmd(s))
	}
	return tea.Batch(cmds...)
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
	case stateDocs:
		return m.docsView(w, h)
	case stateHelp:
		return m.helpView(w, h)
	}
	return m.homeView(w, h)
}

// keyState is the state whose keys the help line shows.
func (m *Model) keyState() state {
	if m.state == stateRun && m.run != nil && m.run.picker != nil {
		return statePicker
	}
	return m.state
}

// helpLine is the short help of the screen, cut to w: the last two keys
// (help or back, and quit) always show; the others go from the end first.
func (m *Model) helpLine(w int) string {
	keys := m.keys.forState(m.keyState()).ShortHelp()
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
	right := st.dim.Render(fmt.Sprintf("seed %d · %d orders · %s", b.Seed, max(b.Orders, 1), workload))
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
	m.help.SetWidth(w)
	lines := []string{st.title.Render("dualwrite") + st.dim.Render(" · keys on the "+ret.String()+" screen"), ""}
	defer m.help.SetWidth(0)
	lines = append(lines, strings.Split(m.help.FullHelpView(m.keys.forState(ret).FullHelp()), "\n")...)
	lines = append(lines, "", st.panelHead.Render("Symbols"))
	legend := [][2]string{
		{st.fault.Render("⚡ FAULT"), "a fault struck here (an armed point, or ack lost)"},
		{st.bad.Render("✗"), "a crash, a failure, the broker down, or an anomaly the checker found"},
		{st.good.Render("✓"), "ok: acked, sent, consistent"},
		{st.warn.Render("?"), "ambiguous: the caller saw a failure, yet the order is committed"},
		{st.arrowNow.Render("▸"), "the steps of your last key press"},
		{st.next.Render("› ┄┄▷"), "the step that would run next, dimmed"},
		{st.finding.Render("highlighted row"), "a row involved in a finding"},
	}
	for _, l := range legend {
		lines = append(lines, hang("  "+l[0]+"  ", l[1], w)...)
	}
	lines = append(lines, "", st.dim.Render(cut("Every step really runs against SQLite and NATS; the panels are read back from them after each step.", w)))
	body := block(lines, w, h-1)
	return strings.Join(append(body, m.helpLine(w)), "\n")
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
	bodyH := h - 2
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
