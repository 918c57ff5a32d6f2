package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
)

// keyMap is every key of the UI. The help line at the bottom and the full
// help are built from it, screen by screen.
type keyMap struct {
	// run screen
	Next     key.Binding
	Back     key.Binding
	RunToEnd key.Binding
	Crash    key.Binding
	Broker   key.Binding
	Fault    key.Binding
	Auto     key.Binding
	Faster   key.Binding
	Slower   key.Binding
	Source   key.Binding
	ScrollUp key.Binding
	ScrollDn key.Binding
	PageUp   key.Binding // on a finished run, ↑↓ scroll the verdict and these the diagram
	PageDn   key.Binding
	Home     key.Binding
	// jumps: step on to the next fault or the recovery, or to the end; on a
	// finished run, scroll the diagram to it
	NextFault key.Binding
	Recovery  key.Binding
	End       key.Binding
	Verdict   key.Binding // for the help line only: ↑↓ scroll the verdict
	Present   key.Binding

	// home screen and lists
	Up         key.Binding
	Down       key.Binding
	Open       key.Binding
	Experiment key.Binding
	Docs       key.Binding
	Workshop   key.Binding
	NextPage   key.Binding
	Matrix     key.Binding
	Lesson     key.Binding
	Points     key.Binding // the lesson's talking points

	// matrix screen
	Left     key.Binding
	Right    key.Binding
	Move     key.Binding // the four arrows, for the help line only
	Replay   key.Binding
	ToMatrix key.Binding // esc on a run opened from the matrix

	// pickers and pages
	Cancel key.Binding

	// everywhere
	Help key.Binding
	Quit key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Next:     key.NewBinding(key.WithKeys("space", "right", "l"), key.WithHelp("space/→", "step")),
		Back:     key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←", "back")),
		RunToEnd: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "run to end")),
		Crash:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "crash")),
		Broker:   key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "broker")),
		Fault:    key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "fault")),
		Auto:     key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "autoplay")),
		Faster:   key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "faster")),
		Slower:   key.NewBinding(key.WithKeys("-", "_"), key.WithHelp("-", "slower")),
		Source:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "source")),
		ScrollUp: key.NewBinding(key.WithKeys("pgup", "up", "k"), key.WithHelp("↑/pgup", "scroll back")),
		ScrollDn: key.NewBinding(key.WithKeys("pgdown", "down", "j"), key.WithHelp("↓/pgdn", "scroll on")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "diagram back")),
		PageDn:   key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "diagram on")),
		Home:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "home")),

		NextFault: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next fault")),
		Recovery:  key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "recovery")),
		End:       key.NewBinding(key.WithKeys("e", "end"), key.WithHelp("e", "end")),
		Verdict:   key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "verdict")),
		Present:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "presenter")),

		Up:         key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:       key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Open:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Experiment: key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "experiment")),
		Docs:       key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "docs")),
		Workshop:   key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "workshop")),
		NextPage:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next guide")),
		Matrix:     key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "matrix")),
		Lesson:     key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "lesson")),
		Points:     key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "talking points")),

		Left:     key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "left")),
		Right:    key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "right")),
		Move:     key.NewBinding(key.WithKeys("up", "down", "left", "right"), key.WithHelp("←↑↓→", "move")),
		Replay:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "step through it")),
		ToMatrix: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "matrix")),

		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),

		Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit: key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// screenKeys is the part of the key map that one screen uses.
type screenKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (s screenKeys) ShortHelp() []key.Binding  { return s.short }
func (s screenKeys) FullHelp() [][]key.Binding { return s.full }

var _ help.KeyMap = screenKeys{}

// forState returns the keys of a screen, most useful first: the short help
// line is cut at the terminal's width.
func (k keyMap) forState(s state) screenKeys {
	switch s {
	case stateRun:
		return screenKeys{
			short: []key.Binding{k.Next, k.RunToEnd, k.Crash, k.Broker, k.Fault, k.Back, k.NextFault, k.Auto, k.Source, k.Home, k.Help, k.Quit},
			full: [][]key.Binding{
				{k.Next, k.Back, k.RunToEnd, k.Auto, k.Faster, k.Slower},
				{k.NextFault, k.Recovery, k.End},
				{k.Crash, k.Broker, k.Fault},
				{k.Source, k.ScrollUp, k.ScrollDn, k.Docs, k.Workshop},
				{k.Present, k.Home, k.Help, k.Quit},
			},
		}
	case stateVerdict:
		return screenKeys{
			short: []key.Binding{k.Verdict, k.Back, k.NextFault, k.Recovery, k.Source, k.Home, k.Help, k.Quit},
			full: [][]key.Binding{
				{k.Verdict, k.Back, k.Source},
				{k.NextFault, k.Recovery, k.End},
				{k.PageUp, k.PageDn, k.Docs, k.Workshop},
				{k.Present, k.Home, k.Help, k.Quit},
			},
		}
	case statePicker:
		// In the picker enter picks a point, then arms a term: "open" read
		// as if it opened a strategy.
		choose := key.NewBinding(key.WithKeys(k.Open.Keys()...), key.WithHelp("enter", "choose"))
		return screenKeys{
			short: []key.Binding{k.Up, k.Down, choose, k.Cancel, k.Quit},
			full:  [][]key.Binding{{k.Up, k.Down, choose, k.Cancel}, {k.Quit}},
		}
	case stateDocs:
		return screenKeys{
			short: []key.Binding{k.ScrollUp, k.ScrollDn, k.NextPage, k.Cancel, k.Quit},
			full:  [][]key.Binding{{k.ScrollUp, k.ScrollDn, k.NextPage}, {k.Cancel, k.Quit}},
		}
	case stateMatrix:
		return screenKeys{
			short: []key.Binding{k.Move, k.Replay, k.Home, k.Help, k.Quit},
			full: [][]key.Binding{
				{k.Up, k.Down, k.Left, k.Right},
				{k.Replay},
				{k.Home, k.Help, k.Quit},
			},
		}
	case stateLesson:
		return lessonAskKeys(k, true, true)
	case stateLessonFollow:
		// The presenter reveals: enter does nothing, so it is not offered.
		return lessonAskKeys(k, false, true)
	case stateLessonReveal:
		next := key.NewBinding(key.WithKeys("enter", "right", "space"), key.WithHelp("enter", "next"))
		step := key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "step through it"))
		prev := key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "previous"))
		return screenKeys{
			short: []key.Binding{next, step, k.Points, prev, k.Home, k.Help, k.Quit},
			full:  [][]key.Binding{{next, step, prev}, {k.Points, k.ScrollUp, k.ScrollDn}, {k.Present, k.Home, k.Help, k.Quit}},
		}
	case stateLessonDone:
		prev := key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "the last experiment"))
		return screenKeys{
			short: []key.Binding{prev, k.Home, k.Help, k.Quit},
			full:  [][]key.Binding{{prev}, {k.Present, k.Home, k.Help, k.Quit}},
		}
	case stateHelp:
		return screenKeys{
			short: []key.Binding{k.Cancel, k.Quit},
			full:  [][]key.Binding{{k.Cancel, k.Quit}},
		}
	default:
		return screenKeys{
			short: []key.Binding{k.Up, k.Down, k.Open, k.Lesson, k.Matrix, k.Experiment, k.Docs, k.Workshop, k.Help, k.Quit},
			full: [][]key.Binding{
				{k.Up, k.Down, k.Open, k.Experiment},
				{k.Lesson, k.Matrix, k.Docs, k.Workshop},
				{k.Present, k.Help, k.Quit},
			},
		}
	}
}

// lessonAskKeys are the keys of a lesson's question: enter runs it only for
// one who reveals it themselves, and the answer keys are left out once the
// room has revealed it.
func lessonAskKeys(k keyMap, offerRun, offerPredict bool) screenKeys {
	skip := key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "skip"))
	prev := key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "previous"))
	var ask []key.Binding
	if offerPredict {
		var answers []string
		for _, a := range lessonAnswerKeys {
			answers = append(answers, a.key)
		}
		ask = append(ask, key.NewBinding(key.WithKeys(answers...), key.WithHelp(strings.Join(answers, " "), "predict")))
	}
	if offerRun {
		ask = append(ask, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "run it")))
	}
	return screenKeys{
		short: append(slices.Clone(ask), k.Points, prev, skip, k.Home, k.Help, k.Quit),
		full:  [][]key.Binding{append(ask, prev, skip), {k.Points, k.ScrollUp, k.ScrollDn}, {k.Present, k.Home, k.Help, k.Quit}},
	}
}
