package scenarios_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// The auditor over the switches its drawn campaign does not draw: partitions
// with several shipping instances, a bound on deliveries with poison events,
// broker outages of every length, spaced requests, the lifecycle workload of
// the races, and 2pc with its coordinator's faults. Each run keeps its files
// and is judged again from them (runAudited), as in verdict_crosscheck_test.go.
//
//	go test ./scenarios -run SwitchesAreWhatTheStoresSay                  a sixth of the directed runs and 2 drawn
//	DUALWRITE_LONG=1 go test ./scenarios -run SwitchesAreWhatTheStoresSay every directed run and 150 drawn

// switchRun is one run, as a test writes it.
type switchRun struct {
	id                    string
	seed                  int64
	orders                int
	lifecycle             bool
	interval              time.Duration
	maxDeliver            int
	consumers, partitions int
	consumer              lab.Guarantee
	faults                []string
}

func (r switchRun) spec(t *testing.T) scenarios.Spec {
	t.Helper()
	s, err := scenarios.Lookup(r.id)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := s.ParseFaults(r.faults)
	if err != nil {
		t.Fatalf("%s %v: %v", r.id, r.faults, err)
	}
	return scenarios.Spec{Strategy: s, Faults: fs, Seed: r.seed, Orders: r.orders, Lifecycle: r.lifecycle, Interval: r.interval,
		MaxDeliver: r.maxDeliver, Consumers: r.consumers, Partitions: r.partitions, Consumer: r.consumer}
}

// directedSwitchRuns reach each switch on purpose.
func directedSwitchRuns() []switchRun {
	var out []switchRun
	// Partitions: in order per order again, with several instances.
	for _, id := range []string{"outbox", "naive", "cdc", "outbox-dedup", "publish-first"} {
		out = append(out, switchRun{id: id, seed: 2, orders: 8, lifecycle: true, consumers: 3, partitions: 3})
	}
	out = append(out,
		switchRun{id: "outbox", seed: 4, orders: 10, lifecycle: true, consumers: 2, partitions: 2, faults: []string{"relay.after-publish=1*crash"}},
		switchRun{id: "naive", seed: 5, orders: 6, lifecycle: true, consumers: 4, partitions: 4, faults: []string{"after-commit=1*crash"}},
		switchRun{id: "cdc", seed: 6, orders: 6, lifecycle: true, consumers: 3, faults: []string{"connector.after-publish=1*crash"}},
	)
	// A bound on deliveries with poison events: parked, or blocking.
	for _, md := range []int{0, 1, 2, 5} {
		out = append(out,
			switchRun{id: "outbox", seed: 3, orders: 5, lifecycle: true, maxDeliver: md, faults: []string{"consumer.before-apply=2*poison"}},
			switchRun{id: "cdc", seed: 3, orders: 5, maxDeliver: md, faults: []string{"consumer.before-apply=50%poison"}},
			switchRun{id: "naive", seed: 8, orders: 4, lifecycle: true, maxDeliver: md, faults: []string{"consumer.before-apply=1*poison"}},
		)
	}
	out = append(out, switchRun{id: "outbox-dedup", seed: 9, orders: 6, lifecycle: true, maxDeliver: 3, consumer: lab.Versioned, faults: []string{"consumer.before-apply=1*poison"}})
	// Outages of every length, from shorter than an ack wait to longer than recovery's patience.
	for _, d := range []string{"1ms", "10ms", "200ms", "1s", "30s", "10m", ""} {
		arg := "broker-down"
		if d != "" {
			arg += "(" + d + ")"
		}
		out = append(out,
			switchRun{id: "naive", seed: 1, orders: 4, faults: []string{"publish=1*" + arg}},
			switchRun{id: "outbox", seed: 1, orders: 4, lifecycle: true, faults: []string{"relay.publish=1*" + arg}},
			switchRun{id: "publish-in-tx", seed: 1, orders: 4, faults: []string{"publish=1*" + arg}},
		)
	}
	out = append(out,
		switchRun{id: "cdc", seed: 2, orders: 6, lifecycle: true, faults: []string{"connector.publish=30%broker-down(2s)"}},
		switchRun{id: "publish-first", seed: 2, orders: 5, faults: []string{"publish=2*broker-down(300ms)"}},
		switchRun{id: "cdc-polling", seed: 2, orders: 5, lifecycle: true, faults: []string{"poller.publish=1*broker-down(500ms)"}},
		switchRun{id: "outbox-cdc", seed: 2, orders: 5, faults: []string{"connector.publish=1*broker-down(1s)"}},
		switchRun{id: "2pc", seed: 2, orders: 3, faults: []string{"coordinator.publish=1*broker-down(400ms)"}},
	)
	// Spaced requests: workers act between them, and a poller sees fewer states.
	for _, iv := range []time.Duration{time.Millisecond, 30 * time.Millisecond, 250 * time.Millisecond, 2 * time.Second} {
		out = append(out,
			switchRun{id: "cdc-polling", seed: 1, orders: 6, lifecycle: true, interval: iv},
			switchRun{id: "outbox", seed: 1, orders: 5, lifecycle: true, interval: iv, faults: []string{"relay.publish=1*ack-lost"}},
			switchRun{id: "naive", seed: 1, orders: 5, interval: iv, faults: []string{"publish=1*broker-down(100ms)"}},
		)
	}
	// The races with the lifecycle workload.
	for _, id := range []string{"race", "race-occ"} {
		for seed := int64(1); seed <= 3; seed++ {
			out = append(out, switchRun{id: id, seed: seed, orders: 5, lifecycle: true})
		}
		out = append(out,
			switchRun{id: id, seed: 4, orders: 4, lifecycle: true, consumer: lab.Versioned},
			switchRun{id: id, seed: 5, orders: 4, lifecycle: true, consumer: lab.Inbox, faults: []string{"publish=1*ack-lost"}},
			switchRun{id: id, seed: 6, orders: 4, lifecycle: true, faults: []string{"commit=1*error"}},
		)
	}
	// 2pc with its coordinator's faults, one delay longer than the lock wait.
	for _, f := range []string{"coordinator.after-prepare=1*crash", "coordinator.after-decision=1*crash", "coordinator.publish=1*error",
		"coordinator.publish=1*ack-lost", "coordinator.after-prepare=1*delay(6s)", "coordinator.after-decision=50%crash", "coordinator.publish=1*crash"} {
		out = append(out,
			switchRun{id: "2pc", seed: 1, orders: 3, faults: []string{f}},
			switchRun{id: "2pc", seed: 7, orders: 4, lifecycle: true, faults: []string{f}},
		)
	}
	return out
}

// drawnSwitchRuns draws n runs over the same switches from seed.
func drawnSwitchRuns(n int, seed uint64) []switchRun {
	rng := rand.New(rand.NewPCG(seed, 13))
	ids := []string{"naive", "publish-first", "publish-in-tx", "outbox", "outbox-dedup", "cdc", "outbox-cdc", "cdc-polling", "race", "race-occ", "2pc"}
	producer := map[string][]string{
		"naive": {"after-commit=1*crash", "publish=20%ack-lost", "commit=1*error"}, "publish-first": {"after-publish=1*crash", "commit=1*error"},
		"publish-in-tx": {"commit=1*error", "publish=1*ack-lost"}, "outbox": {"relay.after-publish=1*crash", "relay.publish=30%ack-lost"},
		"outbox-dedup": {"relay.after-publish=1*crash"}, "cdc": {"connector.after-publish=1*crash"}, "outbox-cdc": {"connector.after-publish=1*crash"},
		"cdc-polling": {"poller.publish=1*ack-lost"}, "race": {"commit=1*error"}, "race-occ": {"publish=1*ack-lost"},
		"2pc": {"coordinator.after-prepare=1*crash", "coordinator.after-decision=1*crash", "coordinator.publish=1*ack-lost"},
	}
	outage := map[string]string{"naive": "publish", "publish-first": "publish", "publish-in-tx": "publish", "outbox": "relay.publish",
		"outbox-dedup": "relay.publish", "cdc": "connector.publish", "outbox-cdc": "connector.publish", "cdc-polling": "poller.publish",
		"race": "publish", "race-occ": "publish", "2pc": "coordinator.publish"}
	var out []switchRun
	for i := range n {
		id := ids[i%len(ids)]
		r := switchRun{id: id, seed: int64(1 + rng.IntN(10000)), orders: 3 + rng.IntN(6), lifecycle: rng.IntN(2) == 0}
		if rng.IntN(3) == 0 {
			r.interval = time.Duration(rng.IntN(400)) * time.Millisecond
		}
		fleet := rng.IntN(3) == 0
		if fleet {
			r.consumers = 2 + rng.IntN(3)
			if rng.IntN(2) == 0 {
				r.partitions = r.consumers
			}
		}
		switch rng.IntN(4) {
		case 0:
			if fs := producer[id]; len(fs) > 0 {
				r.faults = append(r.faults, fs[rng.IntN(len(fs))])
			}
		case 1:
			if !fleet {
				d := []string{"5ms", "150ms", "2s", "45s"}[rng.IntN(4)]
				r.faults = append(r.faults, fmt.Sprintf("%s=1*broker-down(%s)", outage[id], d))
			}
		case 2:
			if !fleet {
				r.maxDeliver = rng.IntN(4)
				r.faults = append(r.faults, fmt.Sprintf("consumer.before-apply=%d*poison", 1+rng.IntN(3)))
			}
		}
		out = append(out, r)
	}
	return out
}

// TestTheSwitchesVerdictsAreWhatTheStoresSay judges directed and drawn runs
// of the switches above from their kept files.
func TestTheSwitchesVerdictsAreWhatTheStoresSay(t *testing.T) {
	// By default every sixth directed run and 2 drawn.
	n, every := 2, 6
	if os.Getenv("DUALWRITE_LONG") == "1" {
		n, every = 150, 1
	}
	var specs []scenarios.Spec
	for i, r := range directedSwitchRuns() {
		if i%every == 0 {
			specs = append(specs, r.spec(t))
		}
	}
	for _, r := range drawnSwitchRuns(n, 21) {
		specs = append(specs, r.spec(t))
	}
	outcomes := auditCampaign(t, specs)
	judgeAudits(t, outcomes, fmt.Sprintf("%d runs of the switches", len(specs)))
	// Every switch must really have been run, not refused: a test of a
	// switch the lab turned away checks nothing.
	refused := 0
	for _, o := range outcomes {
		if o.skipped != "" {
			refused++
		}
	}
	if refused > len(outcomes)/4 {
		t.Errorf("the lab refused %d of %d runs: the switches are not exercised", refused, len(outcomes))
	}
}
