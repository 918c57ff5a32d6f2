package scenarios_test

import (
	"context"
	"testing"

	"github.com/dualwrite/dualwrite/scenarios"
)

func TestZZScratch(t *testing.T) {
	s, _ := scenarios.Lookup("outbox-dedup")
	c := &scenarios.Chaos{Strategies: []scenarios.Strategy{s}, Runs: 300, Seed: 1}
	res, err := c.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", res[0].Anomalies)
}
