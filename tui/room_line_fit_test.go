package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The room's status lines keep cut() as a guard only: every one of them,
// in every state, fits whole at the narrowest width the UI draws at, with
// three-digit counts, so the cut never takes a word.
func TestRoomLinesFitAtTheNarrowestWidth(t *testing.T) {
	student := New(context.Background(), Options{Base: baseConfig(), Room: quietRoom{}})
	defer student.Close()
	states := []struct {
		name string
		set  func(r *roomState)
	}{
		{"no presenter", func(r *roomState) { r.last.NoPresenter = true }},
		{"following, back", func(r *roomState) { r.following, r.back, r.last.Presenters = true, true, 1 }},
		{"on my own, back", func(r *roomState) { r.back, r.last.Presenters = true, 1 }},
		{"following, left", func(r *roomState) { r.following, r.presented = true, true }},
		{"following, not yet", func(r *roomState) { r.following = true }},
		{"following, matrix", func(r *roomState) { r.following, r.waitMatrix, r.last.Presenters = true, true, 1 }},
		{"following, home", func(r *roomState) { r.following, r.home, r.last.Presenters = true, true, 1 }},
		{"following", func(r *roomState) { r.following, r.last.Presenters = true, 1 }},
		{"on my own", func(r *roomState) { r.last.Presenters = 1 }},
	}
	for _, s := range states {
		student.room = roomState{}
		student.state = stateRun
		s.set(&student.room)
		lineWhole(t, s.name, student.roomLine(minWidth))
	}
	presenter := New(context.Background(), Options{Base: baseConfig(), Room: presenterRoom{}})
	defer presenter.Close()
	presenter.room.last = RoomMsg{Connected: 999, Following: 999, Presenters: 1}
	presenter.room.resumed = true
	lineWhole(t, "presenter, resumed", presenter.roomLine(minWidth))
}

func lineWhole(t *testing.T, what, line string) {
	t.Helper()
	plain := ansi.Strip(line)
	if strings.Contains(plain, "…") || width(plain) > minWidth {
		t.Errorf("%s: the line is cut at %d columns: %q", what, minWidth, plain)
	}
	if plain == "" {
		t.Errorf("%s: no line", what)
	}
}
