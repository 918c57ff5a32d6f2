package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// The run switches the picker offers beside the fault points. A switch is
// part of how the world is built, so setting one starts the run afresh.
var switchPoints = []faults.Point{
	{Name: "switch --max-deliver", Means: "deliver one message at most N times, then park it in the dead-letter stream (0: no bound)"},
	{Name: "switch --consumers", Means: "N shipping instances on one durable consumer, N messages out at once: events of one order can apply out of order"},
	{Name: "switch --partitions", Means: "subjects mapped to N partitions by order id, one in-order consumer each (sets --consumers N too)"},
	{Name: "switch --retry", Means: "the caller sends a call again, up to N times, when it failed or got no answer (try with reply=1*ack-lost)"},
	{Name: "switch --idempotency-key", Means: "1: the caller sends a key, the service stores it with the order and answers a retry from it; 0: no key"},
}

// switchPresets are the values offered for a switch.
var switchPresets = map[string][]string{
	"switch --max-deliver":     {"3", "0"},
	"switch --consumers":       {"4", "1"},
	"switch --partitions":      {"4", "0"},
	"switch --retry":           {"1", "0"},
	"switch --idempotency-key": {"1", "0"},
}

func isSwitch(p faults.Point) bool { return strings.HasPrefix(p.Name, "switch --") }

// runSwitch is a switch and its value, as chosen in the picker.
type runSwitch struct {
	flag  string // "max-deliver", "consumers", "partitions"
	value int
}

func (w runSwitch) String() string {
	if w.flag == "idempotency-key" {
		if w.value == 0 {
			return "no --idempotency-key"
		}
		return "--idempotency-key"
	}
	return fmt.Sprintf("--%s %d", w.flag, w.value)
}

func parseSwitch(point, value string) (runSwitch, error) {
	n, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil || n < 0 || n > 20 {
		return runSwitch{}, fmt.Errorf("%s takes a number, e.g. %s", point, switchPresets[point][0])
	}
	if point == "switch --idempotency-key" && n > 1 {
		return runSwitch{}, fmt.Errorf("%s takes 1 (on) or 0 (off)", point)
	}
	return runSwitch{flag: strings.TrimPrefix(point, "switch --"), value: n}, nil
}

// set applies the switch to a config.
func (w runSwitch) set(cfg *lab.Config) {
	switch w.flag {
	case "max-deliver":
		cfg.MaxDeliver = w.value
	case "consumers":
		cfg.Consumers, cfg.Partitions = w.value, 0
	case "partitions":
		cfg.Partitions = w.value
		cfg.Consumers = max(w.value, 1)
	case "retry":
		cfg.Retry = w.value
	case "idempotency-key":
		cfg.IdempotencyKey = w.value > 0
	}
}

// setSwitch starts the run afresh with the switch set, and the faults armed
// before the first step armed again. A value the lab refuses leaves the run
// as it was.
func (s *session) setSwitch(w runSwitch) (frame, error) {
	return s.restart(w.set, true)
}

// withSwitches sets the switches a catalog cell runs with, so a lesson's
// experiment and a matrix cell opened in the UI are the runs compare makes.
func withSwitches(cfg lab.Config, e scenarios.Expectation) lab.Config {
	cfg.MaxDeliver, cfg.Consumers, cfg.Partitions = e.MaxDeliver, e.Consumers, e.Partitions
	return cfg
}
