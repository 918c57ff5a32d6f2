package scenarios_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// shared is the broker this package's tests share, as a campaign's runs do.
var shared *lab.Broker

func TestMain(m *testing.M) {
	var err error
	if shared, err = lab.NewSharedBroker(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	// Every run is closed by now: whatever is left is a run's leftover.
	if streams, consumers, err := shared.Holds(); err != nil || streams+consumers > 0 {
		fmt.Fprintf(os.Stderr, "the shared broker still holds %d streams and %d consumers (%v)\n", streams, consumers, err)
		code = 1
	}
	shared.Close()
	os.Exit(code)
}

// TestACampaignLeavesTheBrokerEmpty: runs of every strategy, faults drawn at
// random, share one broker and leave nothing on it: no stream, no
// consumer, no bucket.
func TestACampaignLeavesTheBrokerEmpty(t *testing.T) {
	b, err := lab.NewSharedBroker()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	c := &scenarios.Chaos{Strategies: scenarios.All(), Runs: 3, Seed: 5, Workload: "mixed", Broker: b}
	res, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Failed > 0 {
			t.Errorf("%s: %d runs failed: %s", r.Strategy, r.Failed, r.FirstError)
		}
	}
	streams, consumers, err := b.Holds()
	if err != nil || streams+consumers > 0 {
		t.Fatalf("after the campaign the broker holds %d streams and %d consumers (%v)", streams, consumers, err)
	}
}

// TestRunsShareTheBrokerOnlyWhenTheyCan: a run that stops its broker, serves
// it, keeps it or finds one elsewhere gets a broker of its own; any other run
// goes on the campaign's.
func TestRunsShareTheBrokerOnlyWhenTheyCan(t *testing.T) {
	s, err := scenarios.Lookup("outbox")
	if err != nil {
		t.Fatal(err)
	}
	down, err := faults.ParseFault("relay.publish=1*broker-down(50ms)")
	if err != nil {
		t.Fatal(err)
	}
	crash, err := faults.ParseFault("relay.after-publish=1*crash")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		sp    scenarios.Spec
		share bool
	}{
		{"no fault", scenarios.Spec{Strategy: s}, true},
		{"a crash", scenarios.Spec{Strategy: s, Faults: []faults.Fault{crash}}, true},
		{"broker down", scenarios.Spec{Strategy: s, Faults: []faults.Fault{crash, down}}, false},
		{"--db", scenarios.Spec{Strategy: s, Dir: t.TempDir()}, false},
		{"--listen", scenarios.Spec{Strategy: s, Listen: "127.0.0.1:0"}, false},
		{"--nats-url", scenarios.Spec{Strategy: s, NATSURL: "nats://127.0.0.1:4222"}, false},
	} {
		c.sp.Broker = shared
		if got := c.sp.Config().Broker != nil; got != c.share {
			t.Errorf("%s: on the shared broker %v, want %v", c.name, got, c.share)
		}
	}
}

// TestSpecConfigCarriesEverySetting: what `dualwrite run` takes reaches the
// lab config, and only Config makes one.
func TestSpecConfigCarriesEverySetting(t *testing.T) {
	s, err := scenarios.Lookup("cdc")
	if err != nil {
		t.Fatal(err)
	}
	f, err := faults.ParseFault("connector.after-publish=1*crash")
	if err != nil {
		t.Fatal(err)
	}
	sp := scenarios.Spec{Strategy: s, Faults: []faults.Fault{f}, Seed: 7, Orders: 9, Lifecycle: true,
		Interval: 3 * time.Millisecond, Poll: 40 * time.Millisecond, Dir: "/d", Fresh: true,
		Listen: "127.0.0.1:0", Token: "tok", NATSURL: "nats://127.0.0.1:1"}
	cfg := sp.Config()
	if cfg.Name != "cdc" || cfg.Strategy == nil || len(cfg.Points) != len(s.AllPoints()) || len(cfg.Faults) != 1 ||
		cfg.Seed != 7 || cfg.Orders != 9 || !cfg.Lifecycle || cfg.Interval != 3*time.Millisecond ||
		cfg.RelayPoll != 40*time.Millisecond || cfg.Dir != "/d" || !cfg.Fresh || cfg.Listen != "127.0.0.1:0" ||
		cfg.Token != "tok" || cfg.NATSURL != "nats://127.0.0.1:1" || cfg.Broker != nil {
		t.Fatalf("the config lost a setting of its spec: %+v", cfg)
	}
	if got, want := sp.Command(), "dualwrite run cdc --seed 7 --orders 9 --workload lifecycle --interval 3ms --poll-interval 40ms --fault 'connector.after-publish=1*crash'"; got != want {
		t.Errorf("command:\n got %s\nwant %s", got, want)
	}
}

// TestAnOutageLongerThanTheGraceIsLifted: an outage that would outlast
// recovery's grace is a fault like any other: when the grace lifts every
// fault the broker comes back, the outbox drains, and nothing pending in it
// is judged lost.
func TestAnOutageLongerThanTheGraceIsLifted(t *testing.T) {
	s, _ := scenarios.Lookup("outbox")
	rep := mustRunCell(t, scenarios.Cell{Strategy: s, Expect: scenarios.Expectation{Faults: []string{"relay.publish=1*broker-down(1h)"}}})
	var lift, up time.Duration = -1, -1
	for _, ev := range rep.Trace {
		switch {
		case ev.Step == "lift":
			lift = ev.At
		case ev.Step == "broker up" && lift >= 0 && up < 0:
			up = ev.At
		}
	}
	if lift < 0 || up != lift {
		t.Errorf("lifted at %s, broker up at %s: want the broker back as every fault is lifted", lift, up)
	}
	if !rep.Settled || !rep.Consistent || rep.Anomalies.Lost != 0 {
		t.Errorf("settled %t, consistent %t, lost %d: want the outbox drained once the broker is back", rep.Settled, rep.Consistent, rep.Anomalies.Lost)
	}
}
