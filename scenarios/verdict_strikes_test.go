package scenarios_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// "An armed fault strikes or is reported as unstruck", checked from the kept
// files: every strike the run's journal (DIR/journal, written as it happens)
// records at a point is counted in the report's fault_terms for that point,
// and no more; every armed term is in fault_terms; the terms that never
// struck, and only those, are in unstruck.
//
//	go test ./scenarios -run StrikesAreWhatTheJournalSays
//	DUALWRITE_LONG=1 go test ./scenarios -run StrikesAreWhatTheJournalSays

// journalStrikes counts the strike lines of DIR/journal by point and action.
// An outage is one strike of its term, and a cause line for every publish it
// made fail ("one outage gets one explanation"), so its lines are counted
// apart, under the point's name with " broker-down" added.
func journalStrikes(dir string) (map[string]int, error) {
	f, err := os.Open(filepath.Join(dir, "journal"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var line struct {
			K      string `json:"k"`
			Strike *struct {
				Point  string `json:"point"`
				Action string `json:"action"`
			} `json:"strike"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			return nil, err
		}
		if line.K == "strike" && line.Strike != nil {
			key := line.Strike.Point
			if line.Strike.Action == "broker-down" {
				key += " broker-down"
			}
			out[key]++
		}
	}
	return out, sc.Err()
}

// strikeNotes says where the report's strikes and the journal's differ.
func strikeNotes(rep *lab.Report, journal map[string]int) []string {
	var notes []string
	reported := map[string]int{}
	terms := map[string]bool{}
	for _, tr := range rep.FaultTerms {
		key, _, _ := strings.Cut(tr.Fault, "=")
		if strings.Contains(tr.Term, "broker-down") {
			key += " broker-down"
		}
		reported[key] += tr.Struck
		terms[tr.Fault] = true
		if tr.Struck > tr.Reached {
			notes = append(notes, fmt.Sprintf("%s term %d (%s) struck %d times at %d reaches", tr.Fault, tr.Position, tr.Term, tr.Struck, tr.Reached))
		}
		unstruck := slices.ContainsFunc(rep.Unstruck, func(u faults.TermReport) bool { return u.Fault == tr.Fault && u.Position == tr.Position })
		if (tr.Struck == 0) != unstruck {
			notes = append(notes, fmt.Sprintf("%s term %d (%s) struck %d times, and unstruck lists it: %v", tr.Fault, tr.Position, tr.Term, tr.Struck, unstruck))
		}
	}
	for _, f := range rep.Faults {
		if !terms[f] {
			notes = append(notes, fmt.Sprintf("armed fault %s has no term in fault_terms", f))
		}
	}
	for _, p := range sortedKeys(mapKeys(reported, journal)) {
		// Strikes by hand and world actions with no point of the plan are
		// not terms; only points the plan armed are compared.
		if _, armed := reported[p]; !armed {
			continue
		}
		outage := strings.HasSuffix(p, " broker-down")
		if !outage && reported[p] != journal[p] || outage && (reported[p] > journal[p] || (reported[p] == 0) != (journal[p] == 0)) {
			notes = append(notes, fmt.Sprintf("at %s: fault_terms count %d strikes; the journal records %d", p, reported[p], journal[p]))
		}
	}
	return notes
}

func TestStrikesAreWhatTheJournalSays(t *testing.T) {
	n, every := 6, 8
	if os.Getenv("DUALWRITE_LONG") == "1" {
		n, every = 200, 1
	}
	specs := auditSpecs(9, n)
	for i, r := range directedSwitchRuns() {
		if i%every == 0 {
			specs = append(specs, r.spec(t))
		}
	}
	root := t.TempDir()
	notes := make([][]string, len(specs))
	var mu sync.Mutex
	struck := 0
	work := make(chan int)
	var wg sync.WaitGroup
	for range max(2, scenarios.Parallelism()/2) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				dir := filepath.Join(root, fmt.Sprintf("run-%04d", i))
				cfg := specs[i].Config()
				cfg.Dir = dir
				rep, err := scenarios.Run(context.Background(), cfg)
				var in *lab.InputError
				switch {
				case errors.As(err, &in):
					continue
				case err != nil:
					notes[i] = []string{"the lab failed: " + err.Error()}
					continue
				}
				js, err := journalStrikes(dir)
				if err != nil {
					notes[i] = []string{"read the journal: " + err.Error()}
					continue
				}
				notes[i] = strikeNotes(rep, js)
				mu.Lock()
				for _, c := range js {
					struck += c
				}
				mu.Unlock()
				os.RemoveAll(dir)
			}
		}()
	}
	for i := range specs {
		work <- i
	}
	close(work)
	wg.Wait()
	for i, ns := range notes {
		if len(ns) > 0 {
			t.Errorf("%s --db DIR --format json:\n  %s", specs[i].Command(), strings.Join(ns, "\n  "))
		}
	}
	t.Logf("%d runs, %d strikes in their journals", len(specs), struck)
	if struck == 0 {
		t.Fatal("no strike in any journal: the test checks nothing")
	}
}
