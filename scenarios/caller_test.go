package scenarios_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// runExpectation makes the run of a catalog cell as compare makes it, with
// the caller's switches of the cell.
func runExpectation(t testing.TB, s scenarios.Strategy, e scenarios.Expectation) *lab.Report {
	t.Helper()
	sp, err := scenarios.Cell{Strategy: s, Expect: e}.Spec()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := scenarios.Run(context.Background(), sp.Config())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Settled {
		t.Errorf("recovery did not settle")
	}
	return rep
}

// A cell's command line carries the caller's switches, so a pasted command
// makes the run of the cell.
func TestCommandCarriesTheCallersSwitches(t *testing.T) {
	s, _ := scenarios.Lookup("naive")
	fs, _ := s.ParseFaults([]string{"reply=1*ack-lost"})
	got := scenarios.Spec{Strategy: s, Faults: fs, Seed: 1, Retry: 2, IdempotencyKey: true, Replicas: 3}.Command()
	want := "dualwrite run naive --seed 1 --retry 2 --idempotency-key --replicas 3 --fault 'reply=1*ack-lost'"
	if got != want {
		t.Fatalf("command %q, want %q", got, want)
	}
	plain := scenarios.Spec{Strategy: s, Seed: 1}.Command()
	if strings.Contains(plain, "--retry") || strings.Contains(plain, "--idempotency") || strings.Contains(plain, "--replicas") {
		t.Fatalf("defaults printed: %q", plain)
	}
}
