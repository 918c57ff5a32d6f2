package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// styles are every style of the UI, built for a light or dark background.
// With mono (NO_COLOR, or a terminal without colours) no colour is used at
// all: emphasis is bold, faint, underline and reverse, and every state also
// has its symbol (⚡ FAULT, ✗, ✓, ▸), so nothing depends on colour alone.
type styles struct {
	dark, mono bool

	title     lipgloss.Style // the app's name in the header
	strategy  lipgloss.Style // the strategy id in the header
	text      lipgloss.Style
	bold      lipgloss.Style
	dim       lipgloss.Style // secondary text
	faint     lipgloss.Style // what has not happened yet
	accent    lipgloss.Style
	rule      lipgloss.Style // separators
	key       lipgloss.Style // a key name in running text
	bad       lipgloss.Style // ✗: anomalies, crashes, failures
	good      lipgloss.Style // ✓: consistent, acked, sent
	warn      lipgloss.Style // ?: ambiguous, pending, broker down
	fault     lipgloss.Style // ⚡ FAULT
	selected  lipgloss.Style // the selected entry of a list
	panelHead lipgloss.Style // a state panel's title
	colHead   lipgloss.Style // a table's column names
	finding   lipgloss.Style // a row involved in a finding
	lane      lipgloss.Style // the vertical lines of the diagram
	laneName  lipgloss.Style
	arrow     lipgloss.Style // an executed step
	arrowNow  lipgloss.Style // a step of the last key press
	next      lipgloss.Style // the step that would run next
	gutter    lipgloss.Style
	code      lipgloss.Style
	codeNow   lipgloss.Style // the line of the current step
	lineNo    lipgloss.Style
	verdictOK lipgloss.Style
	verdictKO lipgloss.Style
	changed   lipgloss.Style // a row the last step changed
	// One colour per anomaly kind, the same wherever a kind shows, and one
	// for a consistent outcome.
	lost, ghost, duplicate, reordered, consistent lipgloss.Style
	asExpected                                    lipgloss.Style // the matrix's "= as expected": neutral, not safe-green
	help                                          help.Styles
}

// Every colour below meets 4.5:1 (WCAG AA for text) against the background of
// its theme: styles_test.go computes each ratio from these values, against
// the darkest and lightest background a theme is likely to have.

func newStyles(dark, mono, present bool) styles {
	s := styles{dark: dark, mono: mono}
	base := lipgloss.NewStyle()
	if mono {
		// Faint is drawn at a contrast no one controls: a presenter gets none.
		faint := base.Faint(!present)
		s.title = base.Bold(true)
		s.strategy = base.Bold(true).Underline(true)
		s.text = base
		s.bold = base.Bold(true)
		s.dim = base
		s.faint = faint
		s.accent = base.Bold(true)
		s.rule = faint
		s.key = base.Bold(true)
		s.bad = base.Bold(true)
		s.good = base.Bold(true)
		s.warn = base.Bold(true)
		s.fault = base.Bold(true).Reverse(true)
		s.selected = base.Reverse(true)
		s.panelHead = base.Bold(true).Underline(true)
		s.colHead = faint
		s.finding = base.Reverse(true)
		s.lane = faint
		s.laneName = base.Bold(true)
		s.arrow = base
		s.arrowNow = base.Bold(true)
		s.next = faint
		s.gutter = faint
		s.code = base
		s.codeNow = base.Reverse(true)
		s.lineNo = faint
		s.verdictOK = base.Bold(true).Reverse(true)
		s.verdictKO = base.Bold(true).Reverse(true)
		s.changed = base.Bold(true).Underline(true)
		s.lost, s.ghost, s.duplicate, s.reordered = base.Bold(true), base.Bold(true), base.Bold(true), base.Bold(true)
		s.consistent, s.asExpected = base.Bold(true), base
		s.help = help.Styles{
			Ellipsis: faint, ShortKey: base.Bold(true), ShortDesc: base, ShortSeparator: faint,
			FullKey: base.Bold(true), FullDesc: base, FullSeparator: faint,
		}
		return s
	}
	ld := lipgloss.LightDark(dark)
	c := func(light, dark string) lipgloss.Style {
		return base.Foreground(ld(lipgloss.Color(light), lipgloss.Color(dark)))
	}
	fg := c("#1F1F1F", "#E4E4E4")
	dim := c("#595959", "#ABABAB")
	faint := c("#646464", "#909090")
	accent := c("#5A3FD8", "#A99CFF")
	red := c("#C4162A", "#FF6B6B")
	green := c("#176E30", "#5FD38D")
	yellow := c("#8A5A00", "#F2C14E")
	bg := func(st lipgloss.Style, light, dark string) lipgloss.Style {
		return st.Background(ld(lipgloss.Color(light), lipgloss.Color(dark)))
	}

	s.title = accent.Bold(true)
	s.strategy = fg.Bold(true)
	s.text = fg
	s.bold = fg.Bold(true)
	s.dim = dim
	s.faint = faint
	s.accent = accent
	s.rule = faint
	s.key = accent.Bold(true)
	s.bad = red.Bold(true)
	s.good = green.Bold(true)
	s.warn = yellow.Bold(true)
	s.fault = bg(c("#FFFFFF", "#1A1A1A"), "#C4162A", "#FF6B6B").Bold(true)
	s.selected = bg(fg, "#E3DEFF", "#3B3363").Bold(true)
	s.panelHead = accent.Bold(true)
	s.colHead = faint
	s.finding = bg(red, "#FFE1E1", "#4A1D22").Bold(true)
	s.lane = faint
	s.laneName = dim.Bold(true)
	s.arrow = dim
	s.arrowNow = accent.Bold(true)
	s.next = faint.Italic(true)
	s.gutter = faint
	s.code = dim
	s.codeNow = bg(fg, "#E3DEFF", "#3B3363").Bold(true)
	s.lineNo = faint
	s.verdictOK = bg(c("#FFFFFF", "#0F1F14"), "#176E30", "#5FD38D").Bold(true)
	s.verdictKO = bg(c("#FFFFFF", "#1A1A1A"), "#C4162A", "#FF6B6B").Bold(true)
	s.changed = bg(fg, "#FFF0A0", "#252D45")
	s.lost = red.Bold(true)
	s.ghost = c("#A0179E", "#F08CF0").Bold(true)
	s.duplicate = c("#9C4A00", "#FFA64D").Bold(true)
	s.reordered = c("#0A6A96", "#5CCFE6").Bold(true)
	s.consistent = green.Bold(true)
	s.asExpected = fg
	s.help = help.Styles{
		Ellipsis: faint, ShortKey: accent, ShortDesc: dim, ShortSeparator: faint,
		FullKey: accent, FullDesc: dim, FullSeparator: faint,
	}
	return s
}

// lipglossStyle is a style, for functions that return one of the struct's.
type lipglossStyle = lipgloss.Style
