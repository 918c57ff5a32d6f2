package trace

import "testing"

// A slide shortens a long detail to its lead, and the lead keeps what the
// caller was told: a reply cut at its first colon read "the caller is told".
func TestShortKeepsTheOutcome(t *testing.T) {
	for detail, want := range map[string]string{
		"the caller is told: failed: the publish of OrderUpdated o-1 v2 failed: JetStream rejected it: wrong last sequence: 4": "the caller is told: failed",
		"JetStream rejected the publish (wrong last sequence: 4)":                                                              "JetStream rejected the publish (wrong last sequence: 4)",
		"x-1 stays prepared: no coordinator is left to decide it, and the lock on orders.db is held until one does":            "x-1 stays prepared",
	} {
		if got := short(detail); got != want {
			t.Errorf("short(%q) = %q, want %q", detail, got, want)
		}
	}
}
