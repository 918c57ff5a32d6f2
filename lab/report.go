package lab

import (
	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/trace"
)

// Report is the outcome of a run; its JSON keys are a contract.
type Report struct {
	Strategy string   `json:"strategy"`
	Faults   []string `json:"faults"`
	Seed     int64    `json:"seed"`
	Orders   int      `json:"orders"`
	Workload string   `json:"workload"`
	Settled  bool     `json:"settled"` // recovery reached quiescence within its bound
	// The switches the run ran with: shipping's guarantee, the caller's
	// retries and key, the bound on deliveries, shipping's instances.
	Consumer       Guarantee `json:"consumer"`
	Retry          int       `json:"retry,omitempty"`
	IdempotencyKey bool      `json:"idempotency_key,omitempty"`
	MaxDeliver     int       `json:"max_deliver,omitempty"`
	Consumers      int       `json:"consumers,omitempty"`
	Partitions     int       `json:"partitions,omitempty"`
	check.Verdict
	BlockedMs *float64 `json:"blocked_ms,omitempty"`
	// FaultTerms says, for every term of every armed fault, how often its
	// point was reached and how often it struck; Unstruck lists the terms
	// that never struck.
	FaultTerms []faults.TermReport `json:"fault_terms"`
	Unstruck   []faults.TermReport `json:"unstruck"`
	Trace      []trace.Event       `json:"trace"`
}

// Report returns the report of a finished run.
func (r *Run) Report() *Report {
	rep := &Report{Strategy: r.cfg.Name, Faults: []string{}, Seed: r.cfg.Seed, Orders: r.cfg.Orders,
		Workload: "place", Settled: r.settled, Verdict: r.verdict, Trace: r.trace.Events(),
		Consumer: r.cfg.guarantee(), Retry: r.cfg.Retry, IdempotencyKey: r.cfg.IdempotencyKey,
		MaxDeliver: r.cfg.MaxDeliver, Consumers: r.cfg.Consumers, Partitions: r.cfg.Partitions}
	if r.tp != nil {
		ms := r.tp.blockedMs()
		rep.BlockedMs = &ms
	}
	if r.cfg.Lifecycle {
		rep.Workload = "lifecycle"
	}
	rep.FaultTerms = r.plan.Terms()
	if rep.FaultTerms == nil {
		rep.FaultTerms = []faults.TermReport{}
	}
	rep.Unstruck = r.plan.Unstruck()
	for _, f := range r.plan.Faults() {
		rep.Faults = append(rep.Faults, f.String())
	}
	return rep
}
