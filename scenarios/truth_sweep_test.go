package scenarios_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/scenarios"
)

// A seeded run is a function of its seed: the same run made alone, made with
// three copies of itself at once, and made with GOMAXPROCS=1 gives byte for
// byte the same report (trace included), once the run's own temporary
// directory is blanked. The default checks one fault of each strategy; the
// sweep of every action at every point of every strategy is long:
//
//	DUALWRITE_LONG=1 go test ./scenarios -run SeededRunIgnoresLoad
//
// scripts/truth-audit.sh makes the same comparison on the binary, under CPU
// load and for compare and chaos as well.

var sweepDir = regexp.MustCompile(`/[^\s"]*dualwrite-[0-9]+`)

type sweepCase struct {
	id        string
	fault     string // "" for none
	orders    int
	lifecycle bool
	seed      int64
}

func (c sweepCase) String() string {
	return fmt.Sprintf("%s/%s/seed%d/orders%d/lifecycle=%v", c.id, c.fault, c.seed, c.orders, c.lifecycle)
}

func sweepCases(long bool) []sweepCase {
	var cs []sweepCase
	n := 0
	for _, s := range scenarios.All() {
		cs = append(cs, sweepCase{id: s.ID, orders: 5, lifecycle: s.ID != "race", seed: 9})
		for i, p := range s.AllPoints() {
			for j, a := range p.Kind.Actions() {
				if !long && (i != 0 || j != 0) {
					continue
				}
				n++
				term := string(a)
				switch a {
				case faults.Delay:
					term = "delay(50ms)"
				case faults.BrokerDown:
					term = "broker-down(300ms)"
				}
				if n%3 == 1 {
					term = "50%" + term
				}
				cs = append(cs, sweepCase{id: s.ID, fault: p.Name + "=" + term,
					orders: 1 + n%5, lifecycle: n%2 == 0 && s.ID != "race", seed: int64(1 + n%4)})
			}
		}
	}
	return cs
}

func sweepReport(t *testing.T, c sweepCase) string {
	t.Helper()
	s, err := scenarios.Lookup(c.id)
	if err != nil {
		t.Fatal(err)
	}
	var specs []string
	if c.fault != "" {
		specs = []string{c.fault}
	}
	fs, err := s.ParseFaults(specs)
	if err != nil {
		t.Fatal(err)
	}
	cfg := scenarios.Spec{Strategy: s, Faults: fs, Seed: c.seed, Orders: c.orders, Lifecycle: c.lifecycle}.Config()
	rep, err := scenarios.Run(context.Background(), cfg)
	if err != nil {
		t.Fatalf("%s: %v", c, err)
	}
	b, err := json.MarshalIndent(rep, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return sweepDir.ReplaceAllString(string(b), "/DIR")
}

func TestSeededRunIgnoresLoad(t *testing.T) {
	long := os.Getenv("DUALWRITE_LONG") == "1"
	for _, c := range sweepCases(long) {
		alone := sweepReport(t, c)
		var wg sync.WaitGroup
		got := make([]string, 3)
		for i := range got {
			wg.Go(func() { got[i] = sweepReport(t, c) })
		}
		wg.Wait()
		prev := runtime.GOMAXPROCS(1)
		got = append(got, sweepReport(t, c))
		runtime.GOMAXPROCS(prev)
		for i, g := range got {
			if g != alone {
				how := "alongside two copies"
				if i == len(got)-1 {
					how = "with GOMAXPROCS=1"
				}
				t.Errorf("%s: the run made %s differs from the run made alone:\n%s", c, how, firstDiff(alone, g))
			}
		}
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n  alone: %s\n  other: %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(al), len(bl))
}
