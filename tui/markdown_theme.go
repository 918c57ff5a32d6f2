package tui

import "charm.land/lipgloss/v2"

// mdTheme holds the styles of a docs page. The colours follow Glamour's dark
// and light styles (blue bold headings, an H1 banner, red inline code on a
// grey ground, green links), darkened where Glamour's fall short of 4.5:1 on
// a light background. Mono uses attributes only.
type mdTheme struct {
	h1, h2, h3, h4 lipgloss.Style
	code           lipgloss.Style // inline code
	link, url      lipgloss.Style // a link's text, and its address after it
	marker         lipgloss.Style // a list's bullets and numbers
	rule           lipgloss.Style // thematic breaks, a quote's bar, a table's lines
	tableHead      lipgloss.Style
	cont           lipgloss.Style // the mark of a code line continued

	codeText, codeComment, codeString, codeKeyword, codeNumber lipgloss.Style

	paints     map[inlineMarks]paint
	codePaints [codeNumber + 1]paint
}

func newMDTheme(st styles) *mdTheme {
	th := mdThemeColours(st)
	th.paints = map[inlineMarks]paint{}
	for c, s := range []lipgloss.Style{th.codeText, th.codeComment, th.codeString, th.codeKeyword, th.codeNumber} {
		th.codePaints[c] = paintOf(s)
	}
	return th
}

func mdThemeColours(st styles) *mdTheme {
	base := lipgloss.NewStyle()
	if st.mono {
		return &mdTheme{
			h1: base.Bold(true).Reverse(true), h2: base.Bold(true).Underline(true),
			h3: base.Bold(true), h4: base.Bold(true).Italic(true),
			code: base.Bold(true), link: base.Underline(true), url: base,
			marker: base, rule: st.rule, tableHead: base.Bold(true), cont: st.faint,
			codeText: base, codeComment: base, codeString: base, codeKeyword: base, codeNumber: base,
		}
	}
	ld := lipgloss.LightDark(st.dark)
	c := func(light, dark string) lipgloss.Style {
		return base.Foreground(ld(lipgloss.Color(light), lipgloss.Color(dark)))
	}
	heading := c("#0050C8", "#00AFFF").Bold(true)
	return &mdTheme{
		h1:          base.Foreground(lipgloss.Color("#FFFF87")).Background(lipgloss.Color("#5F5FFF")).Bold(true),
		h2:          heading.Underline(true),
		h3:          heading,
		h4:          c("#1F1F1F", "#E4E4E4").Bold(true),
		code:        c("#C4162A", "#FF5F5F").Background(ld(lipgloss.Color("#EEEEEE"), lipgloss.Color("#303030"))),
		link:        c("#00704A", "#00AF5F").Bold(true),
		url:         c("#00696B", "#00A0A0").Underline(true),
		marker:      st.accent,
		rule:        st.rule,
		tableHead:   heading,
		cont:        st.faint,
		codeText:    c("#2A2A2A", "#C4C4C4"),
		codeComment: c("#6E6E6E", "#8A8A8A").Italic(true),
		codeString:  c("#7E5B38", "#C69669"),
		codeKeyword: c("#0B5FB0", "#00AAFF"),
		codeNumber:  c("#0F7A68", "#6EEFC0"),
	}
}
