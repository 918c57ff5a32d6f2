package scenarios_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

func runSpec(t *testing.T, id string, orders int, lifecycle bool, dir string, specs ...string) *lab.Report {
	t.Helper()
	s, err := scenarios.Lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := s.ParseFaults(specs)
	if err != nil {
		t.Fatal(err)
	}
	cfg := scenarios.Spec{Strategy: s, Faults: fs, Seed: 1, Orders: orders, Lifecycle: lifecycle}.Config()
	cfg.Dir = dir
	rep, err := scenarios.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// Every declared point of every strategy is reached and can strike: a point
// whose name is misspelled in the strategy's file or its catalog entry is
// never reached, and fails here.
func TestEveryPointCanStrike(t *testing.T) {
	for _, s := range scenarios.All() {
		for _, p := range s.AllPoints() {
			t.Run(s.ID+"/"+p.Name, func(t *testing.T) {
				t.Parallel()
				spec := p.Name + "=1*delay(1ms)"
				rep := runSpec(t, s.ID, 3, s.ID != "race", "", spec)
				if len(rep.Unstruck) > 0 {
					t.Fatalf("%s never struck: %s", spec, rep.Unstruck[0].Why())
				}
				if n := rep.FaultTerms[0].Struck; n != 1 {
					t.Fatalf("%s struck %d times, want 1", spec, n)
				}
			})
		}
	}
}

// A fault at a worker strikes about as often as its term says, retries
// included, because workers act while the workload runs and recovery keeps
// the fault armed.
func TestWorkerFaultStrikesAsOftenAsItsTermSays(t *testing.T) {
	rep := runSpec(t, "outbox", 60, false, "", "relay.publish=50%ack-lost")
	ft := rep.FaultTerms[0]
	if ft.Reached < 60 || ft.Struck*10 < ft.Reached*4 || ft.Struck*10 > ft.Reached*6 {
		t.Fatalf("50%%ack-lost struck %d of %d publishes", ft.Struck, ft.Reached)
	}
	if rep.Anomalies.Lost+rep.Anomalies.Ghost != 0 || !rep.Settled {
		t.Fatalf("the outbox lost or invented events: %+v, settled %v", rep.Anomalies, rep.Settled)
	}
}

// The second term of a chain gets its chance, and a poller's fault strikes.
func TestLaterTermsAndPollersStrike(t *testing.T) {
	rep := runSpec(t, "outbox", 3, false, "", "relay.after-publish=1*crash->1*crash")
	for _, ft := range rep.FaultTerms {
		if ft.Struck != 1 {
			t.Errorf("term %d of %s struck %d times, want 1", ft.Position, ft.Fault, ft.Struck)
		}
	}
	rep = runSpec(t, "cdc-polling", 3, false, "", "poller.publish=1*ack-lost")
	if len(rep.Unstruck) > 0 {
		t.Errorf("poller.publish=1*ack-lost: %s", rep.Unstruck[0].Why())
	}
}

// A term that strikes every time would never let the world settle: recovery
// lifts it, says so, and the run settles.
func TestRecoveryLiftsOnlyWhatWouldNeverSettle(t *testing.T) {
	rep := runSpec(t, "outbox", 3, false, "", "relay.publish=ack-lost", "consumer.before-apply=30%error")
	if !rep.Settled {
		t.Fatal("did not settle")
	}
	lifted := map[string]bool{}
	for _, ft := range rep.FaultTerms {
		lifted[ft.Fault] = ft.Lifted
	}
	if !lifted["relay.publish=ack-lost"] || lifted["consumer.before-apply=30%error"] {
		t.Fatalf("lifted: %v; want only the term that strikes every time", lifted)
	}
	for _, e := range rep.Trace {
		if e.Step == "recover" && !strings.Contains(e.Detail, "lifted") {
			t.Errorf("recovery does not say what it lifted: %q", e.Detail)
		}
	}
}

// A fault that cannot strike is said, with why.
func TestUnstruckIsReported(t *testing.T) {
	rep := runSpec(t, "naive", 3, false, "", "after-commit=5%crash")
	if len(rep.Unstruck) != 1 || rep.Unstruck[0].Reached != 3 {
		t.Fatalf("unstruck %+v, want after-commit=5%%crash reached 3 times", rep.Unstruck)
	}
	if why := rep.Unstruck[0].Why(); !strings.Contains(why, "after-commit=5%crash") || !strings.Contains(why, "reached 3 times") {
		t.Errorf("why: %q", why)
	}
}

// The trace says "nothing stored" only when nothing was: a rejection or a
// message never sent. A lost ack is an unknown outcome, and the ack really
// goes nowhere the publisher listens.
func TestTheTraceNeverClaimsNothingWasStoredWhenUnknown(t *testing.T) {
	for _, s := range scenarios.All() {
		for _, e := range s.Expect {
			t.Run(s.ID+"/"+strings.Join(e.Faults, "+")+"/"+string(e.Consumer), func(t *testing.T) {
				t.Parallel()
				rep := mustRunCell(t, scenarios.Cell{Strategy: s, Expect: e})
				for _, ev := range rep.Trace {
					if strings.Contains(ev.Detail, "nothing stored") && ev.Outcome != lab.Rejected && ev.Outcome != lab.Unsent {
						t.Errorf("%q claims nothing was stored with outcome %q", ev.Detail, ev.Outcome)
					}
				}
			})
		}
	}
	rep := runSpec(t, "publish-in-tx", 3, false, "", "publish=1*ack-lost")
	var lost, unknown bool
	for _, ev := range rep.Trace {
		lost = lost || (ev.Step == "ack" && ev.Outcome == lab.Stored && ev.Target == "")
		unknown = unknown || (ev.Step == "timeout" && ev.Outcome == lab.Unknown)
	}
	if !lost || !unknown {
		t.Fatalf("ack-lost: an ack to nobody %v, an unknown outcome %v", lost, unknown)
	}
}

// Recovery finishes a transaction whose commit was logged: it commits it.
func TestTwoPhaseRecoveryCommitsALoggedCommit(t *testing.T) {
	dir := t.TempDir()
	rep := runSpec(t, "2pc", 1, false, dir, "coordinator.after-decision=1*crash")
	if !rep.Consistent {
		t.Fatalf("inconsistent: %+v", rep.Findings)
	}
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "coordinator.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var decision string
	if err := db.QueryRow(`SELECT decision FROM coordinator_log WHERE id = 1`).Scan(&decision); err != nil {
		t.Fatal(err)
	}
	if decision != lab.Done {
		t.Fatalf("x-1, logged as commit before the crash, ends as %q, want %q", decision, lab.Done)
	}
}

// Each expected count is exact, unless the expectation says "at least".
func TestMismatchIsExact(t *testing.T) {
	rep := &lab.Report{}
	rep.Anomalies.Lost = 2
	if scenarios.Mismatch(scenarios.Outcome{Lost: 1}, rep) == "" {
		t.Error("lost 2 meets a want of lost 1")
	}
	if scenarios.Mismatch(scenarios.Outcome{Lost: 1, AtLeast: true}, rep) != "" {
		t.Error("lost 2 misses a want of at least lost 1")
	}
	if scenarios.Mismatch(scenarios.Outcome{}, rep) == "" {
		t.Error("lost 2 meets a want of consistent")
	}
	rep.Anomalies.Lost = 0
	if scenarios.Mismatch(scenarios.Outcome{Lost: 1, AtLeast: true}, rep) == "" {
		t.Error("lost 0 meets a want of at least lost 1")
	}
}

// One outage has one explanation, for every order it cost.
func TestOneOutageOneExplanation(t *testing.T) {
	rep := runSpec(t, "naive", 3, false, "", "publish=1*broker-down(200ms)")
	if rep.Anomalies.Lost != 3 {
		t.Fatalf("lost %d, want 3", rep.Anomalies.Lost)
	}
	for _, f := range rep.Findings {
		_, why, _ := strings.Cut(f.Explanation, ", because ")
		if why != "the broker was down when the service published (publish)." {
			t.Errorf("%s is explained %q", f.Order, f.Explanation)
		}
	}
}
