package scenarios

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
)

// TestACampaignMovesToAFreshBroker: every `every` runs the campaign hands
// out a new broker, and an old one closes only once its last run is done.
func TestACampaignMovesToAFreshBroker(t *testing.T) {
	p := newCampaignBroker(2)
	defer p.close()
	b1, b2 := p.take(), p.take()
	if b1 == nil || b1 != b2 {
		t.Fatalf("the first two runs got %p and %p, want one broker", b1, b2)
	}
	b3 := p.take()
	if b3 == nil || b3 == b1 {
		t.Fatalf("the third run got %p, want a fresh broker", b3)
	}
	if _, _, err := b1.Holds(); err != nil {
		t.Fatalf("the first broker stopped with two runs still on it: %v", err)
	}
	p.done(b1)
	if _, _, err := b1.Holds(); err != nil {
		t.Fatalf("the first broker stopped with a run still on it: %v", err)
	}
	p.done(b2)
	if _, _, err := b1.Holds(); !errors.Is(err, lab.ErrBrokerDown) {
		t.Fatalf("the first broker is still up once its runs are done (%v)", err)
	}
	p.done(b3)
	if _, _, err := b3.Holds(); err != nil {
		t.Fatalf("the current broker stopped between runs: %v", err)
	}
	p.close()
	if _, _, err := b3.Holds(); !errors.Is(err, lab.ErrBrokerDown) {
		t.Fatalf("the last broker is still up once the campaign is over (%v)", err)
	}
}

// TestACampaignRunsOnBrokersOfItsOwn: a campaign given no broker runs on
// brokers it starts, a fresh one every so many runs, and leaves none.
func TestACampaignRunsOnBrokersOfItsOwn(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	s, err := Lookup("outbox")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	brokers := func() []string {
		m, _ := filepath.Glob(filepath.Join(lab.TempRoot(), "dualwrite-broker-*"))
		return m
	}
	c := &Chaos{Strategies: []Strategy{s}, Runs: 6, Seed: 2, Parallel: 1, brokerRuns: 2,
		Progress: func(ChaosResult) {
			for _, b := range brokers() {
				seen[b] = true
			}
		}}
	res, err := c.Run(context.Background())
	if err != nil || res[0].Failed > 0 {
		t.Fatalf("campaign: %v, %+v", err, res)
	}
	if len(seen) < 2 {
		t.Errorf("the runs went on %d brokers, want a fresh one every 2 runs", len(seen))
	}
	if left := brokers(); len(left) > 0 {
		t.Errorf("the campaign left %v", left)
	}
}
