package tui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// roomLineOf is the line over a UI's screen in a room.
func roomLineOf(h *harness) string { return strings.SplitN(h.screen(), "\n", 2)[0] }

// helpLineOf is the key line at the bottom of the screen.
func helpLineOf(h *harness) string {
	lines := strings.Split(strings.TrimRight(h.screen(), " \n"), "\n")
	return lines[len(lines)-1]
}

// flat is the screen's words with every run of spaces and line breaks
// made one space, so a sentence wrapped across lines is found whole.
func flat(h *harness) string { return strings.Join(strings.Fields(h.screen()), " ") }

// inRoom is a follower fed the presenter's cue and told a presenter is
// connected, as dualwrite serve does.
func inRoom(t *testing.T, opts Options, w, h int) follower {
	t.Helper()
	popts, fopts := opts, opts
	popts.Room, fopts.Room = presenterRoom{}, quietRoom{}
	x := follower{p: newHarness(t, popts, w, h), f: newHarness(t, fopts, w, h)}
	x.f.send(RoomMsg{Connected: 1, Presenters: 1, Following: 1})
	return x
}

// A following student's enter does not reveal the verdict before the
// presenter does: nothing runs, their answer stays open, the screen says
// why, and the key line does not offer enter. The presenter's reveal then
// reveals it on their screen.
func TestFollowerWaitsForThePresentersReveal(t *testing.T) {
	x := inRoom(t, Options{Lesson: true, Base: baseConfig()}, 80, 24)
	x.p.press("c") // the presenter's own answer: enter reveals
	x.f.send(CueMsg(x.p.m.cueNow()))
	f := x.f
	f.press("c")
	if !strings.Contains(flat(f), revealWaitsHint) {
		t.Fatalf("a follower's question does not say who reveals:\n%s", f.screen())
	}
	f.lacks("runs it for real")
	if h := helpLineOf(f); strings.Contains(h, "enter") || !strings.Contains(h, "predict") {
		t.Errorf("a follower's key line %q offers enter, or lacks predict", h)
	}
	f.press("enter")
	if l := f.m.lesson; l.phase != phaseAsk || l.sess != nil || len(f.m.live) != 0 {
		t.Fatalf("a follower's enter ran the experiment: phase %d, %d runs live", l.phase, len(f.m.live))
	}
	if s := flat(f); !strings.Contains(s, revealWaitsWords) {
		t.Fatalf("a follower's enter is not explained:\n%s", f.screen())
	}
	f.press("l") // changed their mind: still open
	f.contains("You say: lost")
	if strings.Contains(flat(f), revealWaitsWords) {
		t.Errorf("the explanation outlived the next key:\n%s", f.screen()) // said for the key that did nothing
	}

	x.p.press("enter")
	x.p.until("the presenter's reveal", func() bool { return x.p.m.lesson.phase == phaseReveal && len(x.p.m.live) == 0 })
	f.send(CueMsg(x.p.m.cueNow()))
	f.until("the follower's reveal", func() bool { return f.m.lesson.phase == phaseReveal && len(f.m.live) == 0 })
	f.contains("You said: lost")
}

// A student on their own (F) or on a server with no presenter reveals when
// they like, as alone.
func TestStudentOnTheirOwnRevealsAtOnce(t *testing.T) {
	for _, c := range []struct {
		what string
		keys []string
		room RoomMsg
	}{
		{"after F", []string{"F"}, RoomMsg{Connected: 1, Presenters: 1}},
		{"no presenter key", nil, RoomMsg{Connected: 1, NoPresenter: true}},
	} {
		h := newHarness(t, Options{Lesson: true, Base: baseConfig(), Room: quietRoom{}}, 80, 24)
		h.send(c.room)
		h.press(c.keys...)
		h.press("c")
		if hl := helpLineOf(h); !strings.Contains(hl, "enter run it") {
			t.Errorf("%s: the key line %q does not offer enter", c.what, hl)
		}
		h.contains("enter runs it for real")
		h.press("enter")
		h.until(c.what+": the reveal", func() bool { return h.m.lesson.phase == phaseReveal && len(h.m.live) == 0 })
		h.contains("You said: consistent")
	}
}

// A follower who presses → in the lesson is ahead of the presenter, and
// told so with the way back; back by their own ←, by B, or by the
// presenter's cue, they read "following" again.
func TestFollowerAheadInTheLessonIsToldSo(t *testing.T) {
	x := inRoom(t, Options{Lesson: true, Base: baseConfig()}, 80, 24)
	f := x.f
	f.send(CueMsg(x.p.m.cueNow()))
	if l := roomLineOf(f); !strings.HasPrefix(l, "following the presenter") {
		t.Fatalf("in step, the line reads %q", l)
	}
	f.press("right")
	want := "ahead of the presenter, who is on experiment 1 · B: back in step"
	if l := roomLineOf(f); !strings.HasPrefix(l, want) || strings.Contains(l, "following") {
		t.Fatalf("a follower on experiment 2 reads %q, want %q", l, want)
	}
	if h := helpLineOf(f); !strings.HasPrefix(h, "B back in step") {
		t.Errorf("the key line %q does not offer the way back", h)
	}
	f.press("left") // back by their own key
	if l := roomLineOf(f); !strings.HasPrefix(l, "following the presenter") {
		t.Fatalf("back on experiment 1, the line reads %q", l)
	}
	if h := helpLineOf(f); strings.Contains(h, "B back") {
		t.Errorf("in step, the key line %q offers the way back", h)
	}
	f.press("right", "right")
	f.contains("experiment 3 of")
	f.press("B")
	if f.m.lesson.cur != 0 || !strings.HasPrefix(roomLineOf(f), "following the presenter") {
		t.Fatalf("B left the follower on experiment %d: %q", f.m.lesson.cur+1, roomLineOf(f))
	}
	f.press("right")
	x.p.press("right") // the presenter catches up: in step again
	f.send(CueMsg(x.p.m.cueNow()))
	if l := roomLineOf(f); !strings.HasPrefix(l, "following the presenter") {
		t.Fatalf("the presenter on the follower's experiment, the line reads %q", l)
	}
	x.p.press("right")
	f.send(CueMsg(x.p.m.cueNow()))
	f.press("left")
	if l := roomLineOf(f); !strings.HasPrefix(l, "behind the presenter, who is on experiment 3") {
		t.Fatalf("a follower back on experiment 2 reads %q", l)
	}
	f.press("F")
	if l := roomLineOf(f); !strings.HasPrefix(l, "on your own · F: follow the presenter") {
		t.Fatalf("on their own, the line reads %q", l)
	}
}

// A follower who steps past the presenter's run, or crashes it by hand, is
// told so; the presenter's next step, or B, brings them back, and the line
// says "following" again. The presenter gone home leaves them where they
// were, and says so.
func TestFollowerAheadOnARunIsToldSo(t *testing.T) {
	x := inRoom(t, Options{Base: baseConfig()}, 120, 35)
	p, f := x.p, x.f
	p.press("enter")
	p.idle()
	p.step(1)
	x.sync("the presenter's step")
	f.step(2)
	want := "ahead of the presenter, who is on step 1 of naive · B: back in step · F: go your own way"
	if l := roomLineOf(f); !strings.HasPrefix(l, want) {
		t.Fatalf("a follower at step 3 reads %q, want %q", l, want)
	}
	p.step(3) // the presenter passes them: the cue brings them to step 4
	x.sync("the presenter's step 4")
	if l := roomLineOf(f); !strings.HasPrefix(l, "following the presenter") {
		t.Fatalf("brought to the presenter's step, the line reads %q", l)
	}
	f.press("c")
	f.idle()
	if l := roomLineOf(f); !strings.HasPrefix(l, "away from the presenter, who is on step 4 of naive") {
		t.Fatalf("a follower who crashed their own run reads %q", l)
	}
	f.press("B")
	f.until("back in step", func() bool {
		return f.m.room.cue == nil && !f.m.run.busy && f.m.run.fr.acts.Equal(p.m.run.fr.acts) && f.m.run.fr.steps == 4
	})
	if l := roomLineOf(f); !strings.HasPrefix(l, "following the presenter") {
		t.Fatalf("back after B, the line reads %q", l)
	}

	p.press("esc") // the presenter goes home; the follower stays
	f.send(CueMsg(p.m.cueNow()))
	f.contains("following the presenter, now on the home screen")
	f.step(1)
	want = "ahead of the presenter, now on the home screen · B: back to step 4 of naive"
	if l := roomLineOf(f); !strings.HasPrefix(l, want) {
		t.Fatalf("a follower stepping on after the presenter went home reads %q, want %q", l, want)
	}
	f.send(RoomMsg{Connected: 1}) // the presenter left
	if l := roomLineOf(f); !strings.HasPrefix(l, "ahead of the presenter, who has left, on step 4 of naive") {
		t.Fatalf("with the presenter gone, the line reads %q", l)
	}
}

// The presenter's count of those following is of those where the presenter
// is; the others in follow mode are counted apart, at 120 columns and at
// 80, where the words shorten.
func TestPresenterLineCountsThoseAway(t *testing.T) {
	h := newHarness(t, Options{Lesson: true, Base: baseConfig(), Room: presenterRoom{}}, 120, 35)
	h.press("esc")
	h.send(RoomMsg{Connected: 3, Presenters: 1, Following: 3, Away: 1})
	if l := roomLineOf(h); !strings.HasPrefix(l, "presenter · 3 connected · 2 following · 1 ahead or away") {
		t.Errorf("at home the presenter reads %q", l)
	}
	h.press("l")
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.send(RoomMsg{Connected: 3, Presenters: 1, Following: 3, Away: 1, Lesson: 1})
	if l := roomLineOf(h); !strings.Contains(l, "2/3 following") && !strings.Contains(l, "2 of 3 following") {
		t.Errorf("at 80 columns in the lesson the presenter reads %q", l)
	}
}

// A follower tells the room when they leave the presenter's place and when
// they are back, once each.
func TestFollowerTellsTheRoomWhenAway(t *testing.T) {
	r := &strayRoom{}
	h := newHarness(t, Options{Base: baseConfig(), Room: r}, 80, 24)
	h.send(RoomMsg{Connected: 1, Presenters: 1, Following: 1})
	h.send(CueMsg{Lesson: 1})
	h.press("right")
	h.press("left")
	if want := []bool{true, false}; !slices.Equal(r.told, want) {
		t.Errorf("the room was told %v, want %v", r.told, want)
	}
}

// strayRoom is a student's room that records what it is told of strays.
type strayRoom struct {
	quietRoom
	told []bool
}

func (r *strayRoom) Stray(away bool) { r.told = append(r.told, away) }

// Catching up is following: a follower whose lab is still running the
// presenter's last reveal when the presenter moves on reads "following",
// not behind, and the room is not told they strayed.
func TestFollowerCatchingUpIsFollowing(t *testing.T) {
	r := &strayRoom{}
	f := newHarness(t, Options{Base: baseConfig(), Room: r}, 80, 24)
	f.send(RoomMsg{Connected: 1, Presenters: 1, Following: 1})
	f.send(CueMsg{Lesson: 1, Reveal: true})
	if f.m.lesson.phase != phaseRun {
		t.Fatalf("the reveal's run is not going: phase %d", f.m.lesson.phase)
	}
	f.send(CueMsg{Lesson: 2}) // the presenter moved on; the run finishes first
	if l := roomLineOf(f); !strings.HasPrefix(l, "following the presenter") {
		t.Fatalf("catching up, the line reads %q", l)
	}
	f.until("experiment 2", func() bool { return f.m.lesson.cur == 1 && f.m.room.cue == nil && len(f.m.live) == 0 })
	if l := roomLineOf(f); !strings.HasPrefix(l, "following the presenter") || len(r.told) != 0 {
		t.Fatalf("caught up, the line reads %q; the room was told %v", l, r.told)
	}
}

// Following again, a student is not told where the presenter was before
// they went their own way: they follow, and the room's next cue says where.
func TestFollowingAgainWaitsForThePresentersPlace(t *testing.T) {
	f := newHarness(t, Options{Base: baseConfig(), Room: quietRoom{}}, 80, 24)
	f.send(RoomMsg{Connected: 1, Presenters: 1, Following: 1})
	f.send(CueMsg{Lesson: 1})
	f.press("F", "right", "F") // on to experiment 2 on their own; the presenter may be anywhere now
	if l := roomLineOf(f); !strings.HasPrefix(l, "following the presenter") {
		t.Fatalf("following again, before the room says where the presenter is, the line reads %q", l)
	}
	f.send(CueMsg{Lesson: 3})
	if l := roomLineOf(f); f.m.lesson.cur != 2 || !strings.HasPrefix(l, "following the presenter") {
		t.Fatalf("on the presenter's cue the follower is on experiment %d: %q", f.m.lesson.cur+1, l)
	}
}
