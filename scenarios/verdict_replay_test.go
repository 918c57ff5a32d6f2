package scenarios_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// The auditor after `dualwrite replay --db DIR`: a kept run parks poison
// events in its dead-letter stream; replay puts them back with the faults
// lifted, and the replayed report's verdict must be what the kept files say
// then. lab.Replay in process, as `dualwrite replay` calls it; with
// DUALWRITE_BIN set, the real command line too.
//
//	go test ./scenarios -run AuditReplay
//	DUALWRITE_LONG=1 go test ./scenarios -run AuditReplay   more runs

// replayKept replays the dead letters of the run kept in dir.
func replayKept(t *testing.T, dir, bin string) *lab.Report {
	t.Helper()
	if bin != "" {
		cmd := exec.Command(bin, "replay", "--db", dir, "--format", "json")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s replay --db %s: %v: %s", bin, dir, err, stderr.String())
		}
		var rep lab.Report
		if err := json.Unmarshal(out, &rep); err != nil {
			t.Fatal(err)
		}
		return &rep
	}
	h, err := lab.ReadHeader(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenarios.Lookup(h.Strategy)
	if err != nil {
		t.Fatal(err)
	}
	r, n, err := lab.Replay(context.Background(), scenarios.KeptSpec(s, h, dir).Config())
	if err != nil {
		t.Fatalf("replay --db %s: %v", dir, err)
	}
	defer r.Close()
	if n == 0 {
		t.Fatalf("replay --db %s: nothing replayed", dir)
	}
	rep, err := r.Finish(context.Background())
	if err != nil {
		t.Fatalf("replay --db %s: %v", dir, err)
	}
	return rep
}

func TestAuditReplay(t *testing.T) {
	runs := []switchRun{
		{id: "outbox", seed: 2, orders: 5, lifecycle: true, maxDeliver: 2, faults: []string{"consumer.before-apply=2*poison"}},
		{id: "cdc", seed: 3, orders: 4, maxDeliver: 1, faults: []string{"consumer.before-apply=1*poison"}},
	}
	if os.Getenv("DUALWRITE_LONG") == "1" {
		for i, id := range []string{"naive", "publish-first", "publish-in-tx", "outbox", "outbox-dedup", "cdc", "outbox-cdc", "cdc-polling", "race", "race-occ", "2pc"} {
			runs = append(runs,
				switchRun{id: id, seed: int64(10 + i), orders: 4, lifecycle: true, maxDeliver: 1 + i%3, faults: []string{"consumer.before-apply=50%poison"}},
				switchRun{id: id, seed: int64(20 + i), orders: 3, maxDeliver: 2, consumer: lab.Versioned, faults: []string{"consumer.before-apply=3*poison"}})
		}
	}
	bins := []string{""}
	if bin := os.Getenv("DUALWRITE_BIN"); bin != "" {
		bins = append(bins, bin)
	}
	replayed := 0
	for _, bin := range bins {
		for _, r := range runs {
			sp := r.spec(t)
			dir := filepath.Join(t.TempDir(), "lab")
			first := runAudited(context.Background(), sp, dir)
			if first.skipped != "" {
				t.Logf("refused by the lab (%s): %s", first.skipped, sp.Command())
				continue
			}
			judgeAudits(t, []auditOutcome{first}, "the run before replay")
			if first.err != nil || first.rep == nil || len(first.rep.Parked) == 0 {
				t.Logf("nothing parked: %s", sp.Command())
				continue
			}
			rep := replayKept(t, dir, bin)
			replayed++
			o := auditKept(t, sp, rep, dir)
			cmd := fmt.Sprintf("%s --db DIR, then dualwrite replay --db DIR --format json", strings.TrimSuffix(sp.Command(), " --format json"))
			if o.err != nil {
				t.Errorf("%s: %v", cmd, o.err)
				continue
			}
			if !rep.Settled || len(rep.Parked) != 0 {
				t.Errorf("%s: settled %v, still parked %v", cmd, rep.Settled, rep.Parked)
			}
			if d := o.disagreements(); len(d) > 0 {
				t.Errorf("%s:\n  %s", cmd, strings.Join(d, "\n  "))
			}
		}
	}
	if replayed == 0 {
		t.Fatal("no run parked anything: the replay audit replayed nothing")
	}
	t.Logf("%d replays audited", replayed)
}
