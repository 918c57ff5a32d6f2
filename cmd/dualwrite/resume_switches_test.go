package main

import (
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// A resumed run keeps the killed run's switches, and its report says them.
func TestResumeKeepsTheRunsSwitches(t *testing.T) {
	s, _ := scenarios.Lookup("naive")
	dir := killedSpec(t, scenarios.Spec{Strategy: s, Seed: 1, Orders: 2, Consumer: lab.Versioned, Retry: 2, IdempotencyKey: true})
	var rep struct {
		Consumer       string `json:"consumer"`
		Retry          int    `json:"retry"`
		IdempotencyKey bool   `json:"idempotency_key"`
	}
	resumeJSON(t, dir, &rep)
	if rep.Consumer != "versioned" || rep.Retry != 2 || !rep.IdempotencyKey {
		t.Errorf("resumed with consumer %q, retry %d, key %v: want versioned, 2, true", rep.Consumer, rep.Retry, rep.IdempotencyKey)
	}
}
