package faults_test

import (
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/faults"
)

// mustFault parses spec or stops the test.
func mustFault(tb testing.TB, spec string) faults.Fault {
	tb.Helper()
	f, err := faults.ParseFault(spec)
	if err != nil {
		tb.Fatalf("ParseFault(%q): %v", spec, err)
	}
	return f
}

// evalN evaluates point n times and returns the actions, "" where nothing struck.
func evalN(p *faults.Plan, point string, n int) []faults.Action {
	got := make([]faults.Action, n)
	for i := range got {
		got[i] = p.Eval(point).Action
	}
	return got
}

func TestPlanChain(t *testing.T) {
	const (
		c = faults.Crash
		e = faults.Error
		d = faults.Delay
	)
	tests := []struct {
		term string
		want []faults.Action
	}{
		{"crash", []faults.Action{c, c, c, c}},
		{"1*crash", []faults.Action{c, "", "", ""}},
		{"2*crash", []faults.Action{c, c, "", ""}},
		{"1*crash->error", []faults.Action{c, e, e, e, e}},
		{"2*delay(10ms)->1*crash", []faults.Action{d, d, c, "", ""}},
		{"1*crash->2*error->delay(1ms)", []faults.Action{c, e, e, d, d}},
		{"100%error", []faults.Action{e, e, e}},
	}
	for _, tt := range tests {
		t.Run(tt.term, func(t *testing.T) {
			p := faults.NewPlan(1, mustFault(t, "p="+tt.term))
			if got := evalN(p, "p", len(tt.want)); !slices.Equal(got, tt.want) {
				t.Fatalf("Eval sequence = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPlanDecisionArg(t *testing.T) {
	tests := []struct {
		term string
		want faults.Decision
	}{
		{"delay(50ms)", faults.Decision{Action: faults.Delay, Arg: 50 * time.Millisecond}},
		{"broker-down(200ms)", faults.Decision{Action: faults.BrokerDown, Arg: 200 * time.Millisecond}},
		{"broker-down", faults.Decision{Action: faults.BrokerDown}},
		{"ack-lost", faults.Decision{Action: faults.AckLost}},
	}
	for _, tt := range tests {
		t.Run(tt.term, func(t *testing.T) {
			d := faults.NewPlan(1, mustFault(t, "p="+tt.term)).Eval("p")
			if d != tt.want || !d.Strikes() {
				t.Fatalf("Eval = %+v (strikes %v), want %+v", d, d.Strikes(), tt.want)
			}
		})
	}
}

func TestPlanPointsKeepOwnPosition(t *testing.T) {
	p := faults.NewPlan(1, mustFault(t, "a=1*crash->error"), mustFault(t, "b=1*delay(1ms)"))
	if d := p.Eval("a"); d.Action != faults.Crash {
		t.Fatalf("a first = %q, want crash", d.Action)
	}
	if d := p.Eval("b"); d.Action != faults.Delay {
		t.Fatalf("b first = %q, want delay; reaching a must not move b", d.Action)
	}
	if d := p.Eval("a"); d.Action != faults.Error {
		t.Fatalf("a second = %q, want error", d.Action)
	}
	if d := p.Eval("unarmed"); d.Strikes() || d != (faults.Decision{}) {
		t.Fatalf("unarmed point = %+v, want zero decision", d)
	}
}

func TestPlanPercentDeterministic(t *testing.T) {
	const n = 1000
	f := mustFault(t, "publish=25%ack-lost")
	seq := func(seed int64) []faults.Action {
		return evalN(faults.NewPlan(seed, f), "publish", n)
	}
	a, b := seq(42), seq(42)
	if !slices.Equal(a, b) {
		t.Fatal("same seed gave different sequences")
	}
	if c := seq(43); slices.Equal(a, c) {
		t.Fatal("seeds 42 and 43 gave the same sequence")
	}
}

func TestPlanPercentRate(t *testing.T) {
	tests := []struct {
		term string
		p    float64
	}{
		{"25%ack-lost", 0.25},
		{"12.5%error", 0.125},
		{"90%crash", 0.90},
	}
	for _, tt := range tests {
		t.Run(tt.term, func(t *testing.T) {
			const n = 10000
			p := faults.NewPlan(7, mustFault(t, "p="+tt.term))
			hits := 0
			for range n {
				if p.Eval("p").Strikes() {
					hits++
				}
			}
			// Five standard deviations: loose enough never to flake, tight
			// enough to catch a rate read as a fraction or its complement.
			sd := math.Sqrt(n * tt.p * (1 - tt.p))
			if got, want := float64(hits), n*tt.p; math.Abs(got-want) > 5*sd {
				t.Fatalf("%d hits in %d, want about %.0f", hits, n, want)
			}
		})
	}
}

// TestPlanUnarmedDoesNotDraw shows that reaching points with nothing (left)
// to strike does not shift the random draws of an armed point, so arming or
// reaching one point leaves the decisions at another alone.
func TestPlanUnarmedDoesNotDraw(t *testing.T) {
	const n = 1000
	f := mustFault(t, "publish=50%ack-lost")
	want := evalN(faults.NewPlan(3, f), "publish", n)

	tests := []struct {
		name  string
		other string // fault armed at another point; "" for none
	}{
		{"unarmed", ""},
		{"bare", "after-commit=crash"},
		{"exhausted", "after-commit=1*crash"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := []faults.Fault{f}
			if tt.other != "" {
				fs = append(fs, mustFault(t, tt.other))
			}
			p := faults.NewPlan(3, fs...)
			got := make([]faults.Action, n)
			for i := range got {
				p.Eval("after-commit")
				p.Eval("nowhere")
				got[i] = p.Eval("publish").Action
			}
			if !slices.Equal(got, want) {
				t.Fatal("evaluating other points shifted the draws at publish")
			}
		})
	}
}

func TestPlanArm(t *testing.T) {
	p := faults.NewPlan(1, mustFault(t, "a=2*crash"), mustFault(t, "b=error"))
	if d := p.Eval("a"); d.Action != faults.Crash {
		t.Fatalf("a = %q, want crash", d.Action)
	}
	p.Arm(mustFault(t, "a=1*delay(1ms)->error"))
	if got, want := evalN(p, "a", 3), []faults.Action{faults.Delay, faults.Error, faults.Error}; !slices.Equal(got, want) {
		t.Fatalf("after Arm: %q, want %q", got, want)
	}

	// Re-arming the same chain restarts it.
	p.Arm(mustFault(t, "a=1*crash"))
	p.Eval("a")
	p.Arm(mustFault(t, "a=1*crash"))
	if d := p.Eval("a"); d.Action != faults.Crash {
		t.Fatalf("re-armed 1*crash = %q, want crash", d.Action)
	}

	p.Arm(mustFault(t, "c=delay(5ms)"))
	var got []string
	for _, f := range p.Faults() {
		got = append(got, f.String())
	}
	want := []string{"a=1*crash", "b=error", "c=delay(5ms)"}
	if !slices.Equal(got, want) {
		t.Fatalf("Faults() = %q, want %q", got, want)
	}
}

func TestPlanArmCopiesChain(t *testing.T) {
	f := mustFault(t, "a=crash")
	p := faults.NewPlan(1, f)
	f.Chain[0].Action = faults.Error
	if d := p.Eval("a"); d.Action != faults.Crash {
		t.Fatalf("Eval = %q after the caller changed its chain, want crash", d.Action)
	}
	p.Faults()[0].Chain[0].Action = faults.Error
	if d := p.Eval("a"); d.Action != faults.Crash {
		t.Fatalf("Eval = %q after changing Faults(), want crash", d.Action)
	}
}

func TestPlanDisarm(t *testing.T) {
	p := faults.NewPlan(1, mustFault(t, "a=crash"), mustFault(t, "b=100%error"))
	p.Disarm()
	p.Arm(mustFault(t, "c=crash"))
	for _, point := range []string{"a", "b", "c"} {
		if d := p.Eval(point); d.Strikes() {
			t.Errorf("%s after Disarm = %+v, want nothing", point, d)
		}
	}
	if n := len(p.Faults()); n != 3 {
		t.Errorf("Faults() after Disarm has %d faults, want 3 for the report", n)
	}
}

func TestNilPlan(t *testing.T) {
	var p *faults.Plan
	if d := p.Eval("a"); d.Strikes() {
		t.Fatalf("nil plan Eval = %+v, want nothing", d)
	}
	p.Disarm()
	if fs := p.Faults(); fs != nil {
		t.Fatalf("nil plan Faults() = %v, want nil", fs)
	}
}

// TestPlanConcurrent is meant for go test -race: goroutines evaluate, arm and
// list at once, and a counted term must still strike exactly its count.
func TestPlanConcurrent(t *testing.T) {
	const workers, each = 8, 500
	p := faults.NewPlan(1, mustFault(t, "a=100*crash"), mustFault(t, "b=50%error"))
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		hits int
	)
	for range workers {
		wg.Go(func() {
			n := 0
			for range each {
				if p.Eval("a").Strikes() {
					n++
				}
				p.Eval("b")
			}
			mu.Lock()
			hits += n
			mu.Unlock()
		})
	}
	wg.Go(func() {
		for range each {
			p.Arm(mustFault(t, "c=crash"))
			p.Faults()
		}
	})
	wg.Wait()
	if hits != 100 {
		t.Fatalf("100*crash struck %d times across goroutines, want 100", hits)
	}
}

// A strike taken back is reached and not struck.
func TestUnstrike(t *testing.T) {
	f, err := faults.ParseFault("reply=2*ack-lost")
	if err != nil {
		t.Fatal(err)
	}
	p := faults.NewPlan(1, f)
	d := p.Eval("reply")
	p.Unstrike("reply", d)
	p.Eval("reply")
	tr := p.Terms()
	if len(tr) != 1 || tr[0].Reached != 2 || tr[0].Struck != 1 {
		t.Errorf("want reached 2, struck 1: %+v", tr)
	}
}
