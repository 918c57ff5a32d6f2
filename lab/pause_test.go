package lab_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// fakeWall is the real clock as the lab sees it, moved by the test: a pause
// injected, not slept.
type fakeWall struct {
	mu   sync.Mutex
	t    time.Time
	tick time.Duration // added on every reading: a lab that is stuck
}

func (w *fakeWall) Now() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.t = w.t.Add(w.tick)
	return w.t
}

func (w *fakeWall) pause(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.t = w.t.Add(d)
}

func startWithWall(t *testing.T, id string, orders int, wall *fakeWall, specs ...string) *lab.Run {
	t.Helper()
	s, err := scenarios.Lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := s.ParseFaults(specs)
	if err != nil {
		t.Fatal(err)
	}
	cfg := scenarios.Spec{Strategy: s, Faults: fs, Seed: 1, Orders: orders}.Config()
	cfg.Wall = wall.Now
	r, err := lab.Start(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// verdictOf is what a pause must not change: the verdict, the blocked time
// and the trace, times included, since they are on the lab's clock.
func verdictOf(rep *lab.Report) []any {
	var at []float64
	for _, e := range rep.Trace {
		at = append(at, e.AtMs)
	}
	blocked := 0.0
	if rep.BlockedMs != nil {
		blocked = *rep.BlockedMs
	}
	return []any{rep.Verdict, blocked, rep.Settled, steps(rep.Trace), at}
}

// pausedRun steps a run and pauses the real clock for each pause in turn, at
// the first step whose name is at, then finishes it.
func pausedRun(t *testing.T, id string, orders int, at string, pauses []time.Duration, specs ...string) *lab.Report {
	t.Helper()
	wall := &fakeWall{t: time.Unix(1_800_000_000, 0)}
	r := startWithWall(t, id, orders, wall, specs...)
	ctx := context.Background()
	for paused := false; ; {
		done, err := r.Step(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if done {
			break
		}
		if tr := r.Trace(); !paused && at != "" && tr[len(tr)-1].Step == at {
			paused = true
			for _, d := range pauses {
				wall.pause(d)
				if _, err := r.Step(ctx); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	return r.Report()
}

// A presenter who talks before a step changes nothing: not at recovery, not
// while a request waits on a lock held by a transaction in doubt.
func TestAPauseChangesNothing(t *testing.T) {
	for _, c := range []struct {
		id, at string
		orders int
		faults []string
	}{
		{"outbox", "recover", 3, []string{"relay.after-publish=1*crash"}},
		{"outbox-dedup", "recover", 3, []string{"relay.publish=1*ack-lost"}},
		{"2pc", "wait", 2, []string{"coordinator.after-prepare=1*crash"}},
		{"naive", "broker down", 3, []string{"publish=1*broker-down(200ms)"}},
	} {
		t.Run(c.id+"/"+c.at, func(t *testing.T) {
			quiet := pausedRun(t, c.id, c.orders, "", nil, c.faults...)
			paused := pausedRun(t, c.id, c.orders, c.at, []time.Duration{11 * time.Second, 7 * time.Second, time.Hour, 24 * time.Hour}, c.faults...)
			if !reflect.DeepEqual(verdictOf(quiet), verdictOf(paused)) {
				t.Fatalf("a pause at %q changed the run:\nquiet  %+v\npaused %+v", c.at, quiet.Verdict, paused.Verdict)
			}
			if !strings.Contains(strings.Join(steps(paused.Trace), "\n"), "|"+c.at+"|") {
				t.Fatalf("the run never reached %q", c.at)
			}
		})
	}
}

// The real clock's one use is a safety net: a lab that spends too much real
// work in recovery fails, it is never judged.
func TestAStuckLabFailsRatherThanJudges(t *testing.T) {
	wall := &fakeWall{t: time.Unix(1_800_000_000, 0), tick: 2 * time.Minute}
	r := startWithWall(t, "outbox", 3, wall)
	_, err := r.Finish(context.Background())
	if !errors.Is(err, lab.ErrNotSettled) {
		t.Fatalf("Finish = %v, want %v", err, lab.ErrNotSettled)
	}
}

// A strategy that reaches a point it does not declare fails the run: a
// fault armed at the declared name would never strike.
func TestAnUndeclaredPointFailsTheRun(t *testing.T) {
	s, _ := scenarios.Lookup("naive")
	cfg := scenarios.Spec{Strategy: s, Seed: 1}.Config()
	cfg.Strategy = strayPoint{}
	r, err := lab.Start(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Finish(context.Background()); err == nil || !strings.Contains(err.Error(), `"after-comit"`) {
		t.Fatalf("Finish = %v, want a failure naming the point", err)
	}
}

type strayPoint struct{}

func (strayPoint) Handle(ctx context.Context, s *lab.Service, r lab.Request) error {
	s.Point(ctx, "after-comit")
	return nil
}
