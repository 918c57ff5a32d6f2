package tui

import (
	"strings"
	"time"

	"github.com/dualwrite/dualwrite/scenarios"
)

// Every session of a room draws the matrix, and Bubble Tea asks for the
// view after every message: a spinner tick, a cue, a cell. The screen above
// the help line is drawn once per change of what it shows and kept; a tick
// only turns the spinner, which is put into the kept drawing.

// roomSpinTurn is how often the spinner of the room's matrix turns, and so
// how often its cells are filled in: every session in the room draws it,
// and a turn a fifth of a second is a fraction of the server's work of
// MiniDot's twelve a second, with each cell shown at most that late.
const roomSpinTurn = time.Second / 5

// spinSlot stands in the kept drawing for the spinner's frame: one cell
// wide as every frame of the matrix's spinner is, and a character the
// matrix never shows otherwise.
const spinSlot = "\u2800"

// matrixDrawing is the kept screen above the help line, with what it was
// drawn from.
type matrixDrawing struct {
	key  matrixDrawKey
	body string // the lines joined, spinSlot where the spinner turns
	// around are body's pieces around each spinSlot: a tick joins them
	// with the spinner's frame, searching nothing.
	around []string
}

// matrixDrawKey is everything the drawing depends on, bar the spinner's
// frame: the cells' state (rev counts each change of it), the cursor, the
// notice, the size and the styles, which are built from dark and mono alone
// for the life of a Model. Not the scroll: only a drawing moves it, and a
// drawing from where the last one scrolled to scrolls no further.
type matrixDrawKey struct {
	rev, cur, w, h int
	notice         string
	dark, mono     bool
}

// add takes a judged cell and every cell already waiting behind it in the
// channel. They are filled in at the spinner's next turn, or at once when
// the matrix is finished: the screen changes at most once a turn, however
// fast the cells come (a room's matrix judged before this session opened
// it comes all at once), and a cell shows at most a turn late.
func (x *matrixScreen) add(c scenarios.Cell) {
	x.pending = append(x.pending, c)
	if x.mr == nil {
		return
	}
	for {
		select {
		case c, ok := <-x.mr.ch:
			if !ok {
				return // nextCell sees the channel closed too, and finishes
			}
			x.pending = append(x.pending, c)
		default:
			return
		}
	}
}

// fillPending fills in the cells taken since the last turn.
func (x *matrixScreen) fillPending() {
	for _, c := range x.pending {
		x.fill(c)
	}
	x.pending = x.pending[:0]
}

// view draws the matrix in w×h cells: the title with the count, the matrix,
// the summary, the cell under the cursor, the legend where there is room,
// and the help line.
func (x *matrixScreen) view(st styles, hlp func(int) string, w, h int) string {
	k := matrixDrawKey{rev: x.rev, cur: x.cur, w: w, h: h, notice: x.notice, dark: st.dark, mono: st.mono}
	d := x.drawn
	if x.drawEachTime || d == nil || d.key != k {
		frames := x.spin.Spinner.Frames
		slots := make([]string, len(frames))
		for i := range slots {
			slots[i] = spinSlot
		}
		x.spin.Spinner.Frames = slots
		body := x.draw(st, w, h)
		x.spin.Spinner.Frames = frames
		d = &matrixDrawing{key: k, body: body, around: strings.Split(body, spinSlot)}
		x.drawn = d
		x.draws++
	}
	help := fit(hlp(w), w)
	if x.finished || len(d.around) < 2 {
		return d.body + "\n" + help
	}
	// One copy of the screen a tick, the spinner's frame and the help
	// line put in as it is made.
	frame := x.spin.View()
	var b strings.Builder
	b.Grow(len(d.body) + (len(d.around)-1)*(len(frame)-len(spinSlot)) + 1 + len(help))
	for i, part := range d.around {
		if i > 0 {
			b.WriteString(frame)
		}
		b.WriteString(part)
	}
	b.WriteString("\n")
	b.WriteString(help)
	return b.String()
}
