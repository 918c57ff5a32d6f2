package scenarios

import "github.com/dualwrite/dualwrite/lab"

// KeptSpec is the spec of the run kept in dir, as its journal's header h
// says it, for `dualwrite resume` and `dualwrite replay`: the lab takes the
// run's switches from the journal itself, and arms none of its faults again.
func KeptSpec(s Strategy, h lab.RunHeader, dir string) Spec {
	return Spec{Strategy: s, Seed: h.Seed, Orders: h.Orders, Lifecycle: h.Workload == "lifecycle", Dir: dir}
}
