package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
)

// picker arms a fault: first a point of the strategy, then a term valid at
// that point's kind, from presets or typed.
type picker struct {
	points []faults.Point
	point  int
	stage  pickStage
	terms  []string // presets for the chosen point, "…" last for a typed term
	term   int
	input  textinput.Model // the term being typed: paste and the cursor keys work
	err    string
	// guarantee is set when the consumer entry's term is chosen: the run
	// starts again with it instead of arming a fault.
	guarantee lab.Guarantee
	chosen    *runSwitch // a switch chosen instead of a fault (switches.go)
}

type pickStage int

const (
	pickPoint pickStage = iota
	pickTerm
	pickTyped
)

const typeOwn = "type a term…"

func newPicker(points []faults.Point) *picker {
	return &picker{points: append(append([]faults.Point(nil), points...), switchPoints...)}
}

// presets are the terms offered at a point of this kind, one or two per
// action: once, and where it teaches something, every time.
func presets(k faults.Kind) []string {
	var out []string
	for _, a := range k.Actions() {
		switch a {
		case faults.Crash:
			out = append(out, "1*crash")
		case faults.Error:
			out = append(out, "1*error", "error")
		case faults.AckLost:
			out = append(out, "1*ack-lost")
		case faults.Delay:
			out = append(out, "1*delay(300ms)")
		case faults.BrokerDown:
			out = append(out, "1*broker-down(300ms)", "1*broker-down")
		default:
			out = append(out, "1*"+string(a))
		}
	}
	return append(out, typeOwn)
}

// help says what a term offered at pt does.
func (p *picker) help(t string, pt faults.Point) string {
	switch {
	case p.onConsumer():
		return lab.Guarantee(t).Means()
	case isSwitch(pt) && t == typeOwn:
		return "a number"
	}
	return termHelp(t)
}

// termHelp says what a preset does, in a few words.
func termHelp(term string) string {
	switch {
	case term == typeOwn:
		return "[N*|P%]action[(arg)]"
	case term == "1*poison":
		return "never applicable: blocks, or parked"
	case term == "0":
		return "the default: starts the run afresh"
	case isCount(term):
		// A switch's number; "1*crash" read "starts the run afresh
		// with it" when its first digit was taken for one.
		return "starts the run afresh with it"
	case strings.HasPrefix(term, "1*broker-down("):
		return "broker away a while, once"
	case term == "1*broker-down":
		return "broker away till recovery"
	case strings.HasPrefix(term, "1*"):
		return "next time only"
	case strings.Contains(term, "*"):
		n, _, _ := strings.Cut(term, "*")
		return "the next " + n + " times"
	case strings.Contains(term, "%"):
		return "with this probability"
	}
	return "every time"
}

// update handles a key; it returns the fault to arm when one is chosen, and
// done when the picker should close.
func (p *picker) update(k keyMap, msg tea.KeyPressMsg) (f *faults.Fault, done bool, cmd tea.Cmd) {
	if p.stage == pickTyped {
		switch msg.String() {
		case "esc":
			p.stage, p.err = pickTerm, ""
		case "enter":
			// A pasted POINT=TERM of this point is taken whole.
			term := strings.TrimPrefix(strings.TrimSpace(p.input.Value()), p.points[p.point].Name+"=")
			if pt := p.points[p.point]; isSwitch(pt) {
				return p.chooseSwitch(pt, term)
			}
			fault, err := p.parse(p.points[p.point].Name + "=" + term)
			if err != nil {
				p.err = err.Error()
				return nil, false, nil
			}
			return &fault, true, nil
		default:
			return nil, false, p.feed(msg)
		}
		return nil, false, nil
	}
	switch {
	case key.Matches(msg, k.Cancel):
		if p.stage == pickTerm {
			p.stage, p.err = pickPoint, ""
			return nil, false, nil
		}
		return nil, true, nil
	case key.Matches(msg, k.Up):
		if p.stage == pickPoint {
			p.point = (p.point + len(p.points)) % (len(p.points) + 1)
		} else {
			p.term = (p.term + len(p.terms) - 1) % len(p.terms)
		}
	case key.Matches(msg, k.Down):
		if p.stage == pickPoint {
			p.point = (p.point + 1) % (len(p.points) + 1)
		} else {
			p.term = (p.term + 1) % len(p.terms)
		}
	case key.Matches(msg, k.Open), msg.String() == "right", msg.String() == "space":
		if p.stage == pickPoint {
			p.stage, p.term = pickTerm, 0
			if p.onConsumer() {
				p.terms = consumerTerms()
				return nil, false, nil
			}
			p.terms = presets(p.points[p.point].Kind)
			if pt := p.points[p.point]; isSwitch(pt) {
				p.terms = append(append([]string(nil), switchPresets[pt.Name]...), typeOwn)
			}
			return nil, false, nil
		}
		if p.onConsumer() {
			p.guarantee = lab.Guarantees[p.term]
			return nil, true, nil
		}
		if p.terms[p.term] == typeOwn {
			p.stage, p.err = pickTyped, ""
			p.input = textinput.New()
			p.input.Prompt = ""
			p.input.Placeholder = "e.g. 2*crash or 50%ack-lost"
			if pt := p.points[p.point]; isSwitch(pt) {
				p.input.Placeholder = "e.g. " + switchPresets[pt.Name][0]
			}
			p.input.CharLimit = 60
			return nil, false, p.input.Focus()
		}
		if pt := p.points[p.point]; isSwitch(pt) {
			return p.chooseSwitch(pt, p.terms[p.term])
		}
		fault, err := p.parse(p.points[p.point].Name + "=" + p.terms[p.term])
		if err != nil {
			p.err = err.Error()
			return nil, false, nil
		}
		return &fault, true, nil
	}
	return nil, false, nil
}

// chooseSwitch closes the picker with a switch chosen, or says what is wrong.
func (p *picker) chooseSwitch(pt faults.Point, value string) (*faults.Fault, bool, tea.Cmd) {
	w, err := parseSwitch(pt.Name, value)
	if err != nil {
		p.err = err.Error()
		return nil, false, nil
	}
	p.chosen = &w
	return nil, true, nil
}

func (p *picker) parse(spec string) (faults.Fault, error) {
	f, err := faults.ParseFault(spec)
	if err != nil {
		return f, err
	}
	return f, faults.Validate(f, p.points)
}

// onConsumer reports whether the cursor is on the consumer entry.
func (p *picker) onConsumer() bool { return p.point == len(p.points) }

// current is the point under the cursor, or the consumer entry as one.
func (p *picker) current() faults.Point {
	if p.onConsumer() {
		return faults.Point{Name: consumerEntry, Means: "shipping's guarantee (--consumer): the run starts again from step 0 with it"}
	}
	return p.points[p.point]
}

// typing reports whether keys go to the text input.
func (p *picker) typing() bool { return p.stage == pickTyped }

// feed hands a message to the text input: a key, a paste, the cursor's
// blink.
func (p *picker) feed(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	p.err = ""
	return cmd
}

func (p *picker) view(st styles, armed []string, w, h int) []string {
	out := []string{st.panelHead.Render(cut("⚡ arm a fault", w))}
	if len(armed) > 0 {
		// Each armed term whole, wrapped between terms: "armed:
		// relay.after-publish=1*cr…" hid what was armed.
		longest := 0
		for _, a := range armed {
			longest = max(longest, width(a)+1)
		}
		lead := "armed: "
		if longest > w-width(lead) {
			// A term too long to sit after "armed:" goes under it.
			out = append(out, st.dim.Render("armed:"))
			lead = "  "
			if longest > w-width(lead) {
				lead = ""
			}
		}
		lines := wrapUnits(armed, ", ", max(w-width(lead), 8))
		for i, l := range lines {
			if i > 0 {
				lead = strings.Repeat(" ", width(lead))
			}
			out = append(out, st.dim.Render(lead+l))
		}
	}
	out = append(out, "")
	pt := p.current()
	switch p.stage {
	case pickPoint:
		out = append(out, st.dim.Render(cut("where should it strike?", w)))
		out = append(out, st.colHead.Render(cut(fmt.Sprintf("  %-22s %s", "point", "kind"), w)))
		var rows []string
		for i, q := range p.points {
			line := fmt.Sprintf("  %-22s %s", q.Name, q.Kind)
			if isSwitch(q) || width(line) > w {
				// The kind is said in words under the list.
				line = "  " + q.Name
			}
			if i == p.point {
				rows = append(rows, st.selected.Render(fit("▸ "+line[2:], w)))
				continue
			}
			rows = append(rows, cut(line, w))
		}
		line := "  " + consumerEntry
		if p.onConsumer() {
			line = st.selected.Render(fit("▸ "+line[2:], w))
		}
		rows = append(rows, line)
		// What the point is and what its kind means stay on show; the list
		// gives way around the cursor when the pane is short.
		about := append([]string{""}, hangStyled(st.dim, "", pt.Means, w)...)
		if !isSwitch(pt) && !p.onConsumer() {
			about = append(about, hangStyled(st.dim, "", pointKindWords(pt), w)...)
		}
		out = append(out, listWindow(st, rows, p.point, w, h-len(out)-len(about))...)
		out = append(out, about...)
	default:
		out = append(out, st.bold.Render(cut(pt.Name, w)))
		out = append(out, hangStyled(st.dim, "", pt.Means, w)...)
		out = append(out, "")
		narrow := false
		for _, t := range p.terms {
			narrow = narrow || width(fmt.Sprintf("  %-20s %s", t, p.help(t, pt))) > w
		}
		var about []string
		for i, t := range p.terms {
			help := p.help(t, pt)
			line := fmt.Sprintf("  %-20s %s", t, help)
			if narrow {
				// The help of the chosen term goes under the list:
				// "1*crash   starts t…" said nothing.
				line = "  " + t
				if i == p.term {
					about = hangStyled(st.dim, "", t+": "+help, w)
				}
			}
			if i == p.term && p.stage == pickTerm {
				out = append(out, st.selected.Render(fit("▸ "+line[2:], w)))
			} else {
				out = append(out, cut(line, w))
			}
		}
		if len(about) > 0 {
			out = append(append(out, ""), about...)
		}
		if p.stage == pickTyped {
			prompt := "type or paste a term, enter arms it, esc goes back:"
			if isSwitch(pt) {
				prompt = "type a number, enter starts the run afresh with it, esc goes back:"
			}
			out = append(out, "")
			out = append(out, hangStyled(st.dim, "", prompt, w)...)
			out = append(out, p.typedLines(st, pt.Name, w)...)
		}
	}
	if p.err != "" {
		out = append(out, "")
		out = append(out, hangStyled(st.bad, "✗ ", p.err, w)...)
	}
	return block(out, w, h)
}

// typedLines are the point's name and the term being typed. Where the name
// leaves the input less room than its placeholder, the input goes on a line
// of its own: after "relay.before-publish=" at 80 columns a typed
// "2*delay(300ms)->1*crash" read "2*delay(…" and the cursor was cut off.
// The input scrolls within its width, so the cursor is always on screen.
func (p *picker) typedLines(st styles, name string, w int) []string {
	lead := "  " + name + "="
	room := w - width(lead) - 1 // a cell for the cursor
	own := room < max(width(p.input.Placeholder), 12)
	if own {
		room = max(w-5, 4)
	}
	p.sizeInput(room)
	ti := p.input
	ti.SetStyles(inputStyles(st))
	if own {
		return []string{st.bold.Render(cut(lead, w)), "    " + ti.View()}
	}
	return []string{st.bold.Render(lead) + ti.View()}
}

// sizeInput gives the input its width on screen. The input scrolls its
// text as keys arrive, by the width it has then, so the width is set on the
// input itself, and a new width scrolls it again to keep the cursor in view.
func (p *picker) sizeInput(n int) {
	if p.input.Width() == n {
		return
	}
	p.input.SetWidth(n)
	pos := p.input.Position()
	p.input.SetCursor(0)
	p.input.SetCursor(pos)
}

func hangStyled(s interface{ Render(...string) string }, prefix, text string, w int) []string {
	lines := hang(prefix, text, w)
	for i, l := range lines {
		lines[i] = s.Render(l)
	}
	return lines
}

// pointKindWords says what the kind column means for a point, in plain words,
// with the faults that can strike there.
func pointKindWords(p faults.Point) string {
	what := map[faults.Kind]string{
		faults.Between: "between two operations",
		faults.Commit:  "at a SQLite commit",
		faults.Publish: "at a publish to NATS",
		faults.Apply:   "where shipping applies an event",
		faults.Reply:   "at the service's reply to its caller",
	}[p.Kind]
	acts := p.Kind.Actions()
	names := make([]string, len(acts))
	for i, a := range acts {
		names[i] = string(a)
	}
	can := names[len(names)-1]
	if len(names) > 1 {
		can = strings.Join(names[:len(names)-1], ", ") + " or " + can
	}
	return fmt.Sprintf("kind %s: a point %s; %s can strike there", p.Kind, what, can)
}

// listWindow is the part of a list on show in h lines, around the cursor,
// with a mark where lines are out of sight.
func listWindow(st styles, rows []string, cursor, w, h int) []string {
	if len(rows) <= h || h < 3 {
		return rows
	}
	room := h - 2 // a line for each mark, kept even when empty so the list stands still
	top := min(max(cursor-room/2, 0), len(rows)-room)
	out := []string{""}
	if top > 0 {
		out[0] = st.faint.Render(cut(fmt.Sprintf("  ↑ %d more", top), w))
	}
	out = append(out, rows[top:top+room]...)
	if rest := len(rows) - top - room; rest > 0 {
		out = append(out, st.faint.Render(cut(fmt.Sprintf("  ↓ %d more", rest), w)))
	} else {
		out = append(out, "")
	}
	return out
}

// inputStyles are the text input's styles, in the UI's colours.
func inputStyles(st styles) textinput.Styles {
	s := textinput.DefaultStyles(st.dark)
	s.Focused.Text, s.Blurred.Text = st.text, st.text
	s.Focused.Placeholder, s.Blurred.Placeholder = st.faint, st.faint
	s.Focused.Prompt, s.Blurred.Prompt = st.bold, st.bold
	return s
}

// isCount reports whether a term is a switch's number, as "4".
func isCount(term string) bool {
	_, err := strconv.Atoi(term)
	return err == nil && term != "0"
}
