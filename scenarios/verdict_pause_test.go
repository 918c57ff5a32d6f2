package scenarios_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// Pause and load do not change outcomes: the same seeded run stepped one
// step at a time through lab.Run.Step, with real pauses of a few
// milliseconds between steps, under GOMAXPROCS=1 and with the CPU kept busy,
// gives exactly the report of the run made headless in one go: the same
// trace, times on the lab's clock included, the same verdict, the same
// strikes. Only the run's temporary paths differ.
//
//	go test ./scenarios -run PauseAndLoad                    a few runs
//	DUALWRITE_LONG=1 go test ./scenarios -run PauseAndLoad   a few more, drawn
//	DUALWRITE_AUDIT_PAUSE=all go test ./scenarios -run PauseAndLoad   every directed switch run and 40 drawn (about 10 minutes)

// unique are the parts of a report that are unique per run: its temporary
// directory, wherever a detail names it.
var unique = regexp.MustCompile(`/[^\s"]*dualwrite-[0-9]+`)

// comparable is the report of a run as JSON, its unique paths blanked.
func comparable(t *testing.T, rep *lab.Report) string {
	t.Helper()
	b, err := json.MarshalIndent(rep, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return unique.ReplaceAllString(string(b), "/DIR")
}

// firstDifference names the first line where two reports differ.
func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			lo := max(0, i-6)
			return fmt.Sprintf("line %d:\n  headless: %s\n  stepped:  %s\n  context (headless):\n    %s", i, al[i], bl[i], strings.Join(al[lo:i+1], "\n    "))
		}
	}
	return fmt.Sprintf("one is longer: %d lines against %d", len(al), len(bl))
}

// busy keeps n goroutines spinning until stop is called: a loaded machine,
// seen by a lab that has one P.
func busy(n int) (stop func()) {
	var done atomic.Bool
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := 0
			for !done.Load() {
				for i := range 10000 {
					x ^= i * 31
				}
			}
			_ = x
		}()
	}
	return func() { done.Store(true); wg.Wait() }
}

// steppedWithPauses steps the run of sp one step at a time, sleeping a few
// real milliseconds (drawn from seed) between steps, as a presenter would.
func steppedWithPauses(t *testing.T, sp scenarios.Spec, seed uint64) *lab.Report {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 17))
	r, err := lab.Start(context.Background(), sp.Config())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for {
		done, err := r.Step(context.Background())
		if err != nil {
			t.Fatalf("%s stepped: %v", sp.Command(), err)
		}
		if done {
			return r.Report()
		}
		time.Sleep(time.Duration(rng.IntN(4000)) * time.Microsecond)
	}
}

func headless(t *testing.T, sp scenarios.Spec) *lab.Report {
	t.Helper()
	sp.Headless = true
	rep, err := scenarios.Run(context.Background(), sp.Config())
	if err != nil {
		t.Fatalf("%s: %v", sp.Command(), err)
	}
	return rep
}

func pauseRuns(t *testing.T) []scenarios.Spec {
	runs := []switchRun{
		{id: "outbox", seed: 1, orders: 3, faults: []string{"relay.after-publish=1*crash"}},
		{id: "cdc-polling", seed: 3, orders: 2, lifecycle: true, interval: 30 * time.Millisecond},
	}
	if os.Getenv("DUALWRITE_LONG") == "1" {
		runs = append(runs,
			switchRun{id: "naive", seed: 2, orders: 3, lifecycle: true, faults: []string{"publish=1*broker-down(200ms)"}},
			switchRun{id: "2pc", seed: 1, orders: 2, faults: []string{"coordinator.after-prepare=1*crash"}})
		runs = append(runs, drawnSwitchRuns(6, 5)...)
	}
	// Every directed switch run too: about 10 minutes without -race, too
	// long for CI's long campaigns.
	if os.Getenv("DUALWRITE_AUDIT_PAUSE") == "all" {
		runs = append(runs, directedSwitchRuns()...)
		runs = append(runs, drawnSwitchRuns(40, 5)...)
	}
	var out []scenarios.Spec
	for _, r := range runs {
		out = append(out, r.spec(t))
	}
	return out
}

// TestPauseAndLoadChangeNothing compares each run stepped with pauses under
// load with the same run made headless on a quiet lab.
func TestPauseAndLoadChangeNothing(t *testing.T) {
	specs := pauseRuns(t)
	quiet := make([]string, len(specs))
	for i, sp := range specs {
		quiet[i] = comparable(t, headless(t, sp))
	}
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	stop := busy(2)
	defer stop()
	for i, sp := range specs {
		began := time.Now()
		stepped := comparable(t, steppedWithPauses(t, sp, uint64(i)))
		if stepped != quiet[i] {
			t.Errorf("%s: stepped with pauses under GOMAXPROCS=1 and load, the report differs from the headless run's at %s", sp.Command(), firstDifference(quiet[i], stepped))
		}
		t.Logf("%s: stepped in %v", sp.Command(), time.Since(began).Round(time.Millisecond))
	}
}
