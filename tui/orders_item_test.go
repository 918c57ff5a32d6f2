package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/dualwrite/dualwrite/lab"
)

// At 80 columns the orders panel dropped its item column without a word.
// Where the column is left out, the panel says so under the column names
// and from which terminal width it shows; at that width it does show.
func TestOrdersPanelSaysItsItemIsHidden(t *testing.T) {
	st := newStyles(true, true, false)
	snap := lab.Snapshot{Orders: []lab.SnapshotOrder{{ID: "o-1", Item: "laptop stand", Amount: 9600, Status: "placed", Version: 1}}}
	show := func(termW int) string {
		w := panelPaneW(termW)
		p := ordersPanel(st, snap, marks{}, delta{}, w)
		return ansi.Strip(strings.Join(p.lines(len(p.rows), true, st, w), "\n"))
	}
	at80 := show(80)
	if strings.Contains(at80, "laptop stand") {
		t.Fatalf("the item fits at 80 columns after all; the note is not needed:\n%s", at80)
	}
	want := "(item: shown from 105 columns)"
	if !strings.Contains(at80, want) {
		t.Errorf("at 80 columns the panel does not say %q:\n%s", want, at80)
	}
	if at := show(itemTermW(42)); !strings.Contains(at, "laptop stand") || !strings.Contains(at, "item") {
		t.Errorf("at %d columns, where the note says it shows, the item is not shown:\n%s", itemTermW(42), at)
	}
	if at := show(itemTermW(42) - 1); strings.Contains(at, "laptop stand") {
		t.Errorf("at %d columns the item shows: the note names the wrong width:\n%s", itemTermW(42)-1, at)
	}
	empty := ordersPanel(st, lab.Snapshot{}, marks{}, delta{}, panelPaneW(80))
	if len(empty.headNote) > 0 {
		t.Errorf("an empty orders table says its item is hidden: %q", empty.headNote)
	}
}

// The note is said with the column names and goes with them: a panel
// stacked without its column names does not say it either.
func TestOrdersItemNoteGoesWithTheHead(t *testing.T) {
	st := newStyles(true, true, false)
	p := panel{title: "t", head: "  id", headNote: []string{"  (note)"}, rows: []string{"  a"}, keep: []bool{false}}
	if got := ansi.Strip(strings.Join(p.lines(1, true, st, 30), "|")); !strings.Contains(got, "(note)") {
		t.Errorf("with the head: %q", got)
	}
	if got := ansi.Strip(strings.Join(p.lines(1, false, st, 30), "|")); strings.Contains(got, "(note)") {
		t.Errorf("without the head: %q", got)
	}
	// stack counts the note's line: two panels of one row with heads and
	// the note take 8 lines; in 7 the heads go, and no row is lost.
	ps := []panel{p, {title: "u", head: "  x", rows: []string{"  b"}, keep: []bool{false}}}
	if got := ansi.Strip(strings.Join(stack(ps, st, 30, 8), "|")); !strings.Contains(got, "(note)") {
		t.Errorf("8 lines hold both panels with heads and the note: %q", got)
	}
	if got := ansi.Strip(strings.Join(stack(ps, st, 30, 7), "|")); !strings.Contains(got, "  b") {
		t.Errorf("7 lines: the note pushed a row out: %q", got)
	}
}

// The outbox's count column is the relay's failed publishes: headed
// "attempts" (or "tries"), a row sent at the first try read "0 attempts,
// ✓ sent".
func TestOutboxCountSaysFailed(t *testing.T) {
	st := newStyles(true, true, false)
	snap := lab.Snapshot{Outbox: []lab.SnapshotOutbox{{ID: 1, Order: "o-1", Version: 1, Sent: true}}}
	for _, w := range []int{30, 32, 46} {
		p := outboxPanel(st, snap, delta{}, w)
		head := p.head
		if strings.Contains(head, "attempts") || strings.Contains(head, "tries") || !strings.Contains(head, "fail") {
			t.Errorf("%d cells: the outbox's count column is headed %q", w, head)
		}
		for _, l := range p.lines(1, true, st, w) {
			if width(l) > w {
				t.Errorf("%d cells: %q", w, ansi.Strip(l))
			}
		}
	}
}

// With no rows yet, the orders panel's column names are whole: the item
// column is named where it fits and left out, without a note, where not.
func TestOrdersHeadWholeWithNoRows(t *testing.T) {
	st := newStyles(true, true, false)
	for _, termW := range []int{80, 100, 120} {
		w := panelPaneW(termW)
		p := ordersPanel(st, lab.Snapshot{}, marks{}, delta{}, w)
		for _, l := range p.lines(1, true, st, w) {
			if plain := ansi.Strip(l); strings.Contains(plain, "…") || width(plain) > w {
				t.Errorf("%d columns: %q", termW, plain)
			}
		}
	}
}

// The stream panel's title with the broker down read "NATS · stream
// ORDERS · ✗ broker…" at 80 columns.
func TestStreamTitleSaysTheBrokerIsDownAt80(t *testing.T) {
	st := newStyles(true, true, false)
	for _, up := range []bool{false, true} {
		snap := lab.Snapshot{BrokerUp: up, Stream: lab.SnapshotStream{Down: "the broker is down"}}
		for _, termW := range []int{72, 80, 120} {
			w := panelPaneW(termW)
			p := streamPanel(st, snap, marks{}, delta{}, w)
			title := ansi.Strip(p.lines(1, true, st, w)[0])
			want := "✗ broker down"
			if up {
				want = "✗ no answer"
			}
			if strings.Contains(title, "…") || !strings.Contains(title, want) || !strings.Contains(title, "stream ORDERS") {
				t.Errorf("%d columns: the title reads %q", termW, title)
			}
		}
	}
}

// Over --nats-url a run's stream and bucket names carry a random prefix:
// at 80 columns "NATS · stream dw0123456789abcde…" lost "_STAGED", and a
// second stream's "broker down" reason was cut.
func TestOtherStreamAndBucketTitlesKeepWhatTheyAre(t *testing.T) {
	st := newStyles(true, true, false)
	w := panelPaneW(80)
	x := lab.SnapshotStream{Name: "dw0123456789abcdef_STAGED", Total: 12, Down: "the broker is down: the stream is kept on disk, but nobody can read it now"}
	p := otherStreamPanel(st, x, w)
	all := ansi.Strip(strings.Join(p.lines(len(p.rows), true, st, w), "\n"))
	title := strings.SplitN(all, "\n", 2)[0]
	if !strings.HasSuffix(strings.TrimSpace(title), "_STAGED (12)") || width(title) > w {
		t.Errorf("the stream's title at 80 columns: %q", title)
	}
	if flat := strings.Join(strings.Fields(all), " "); !strings.Contains(flat, x.Down) {
		t.Errorf("the reason is not whole:\n%s", all)
	}
	kv := kvPanels([]lab.SnapshotKey{{Bucket: "dw0123456789abcdef_offsets", Key: "k", Value: "1"}}, w)
	if title := ansi.Strip(kv[0].lines(1, true, st, w)[0]); !strings.HasSuffix(strings.TrimSpace(title), "_offsets") || width(title) > w {
		t.Errorf("the bucket's title at 80 columns: %q", title)
	}
	if got := midCut("STAGED", 20); got != "STAGED" {
		t.Errorf("a name that fits is changed: %q", got)
	}
}
