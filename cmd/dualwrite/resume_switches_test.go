package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// A resumed run keeps the killed run's switches, and its report says them.
func TestResumeKeepsTheRunsSwitches(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "killed")
	s, _ := scenarios.Lookup("naive")
	sp := scenarios.Spec{Strategy: s, Seed: 1, Orders: 2, Dir: dir, Consumer: lab.Versioned, Retry: 2, IdempotencyKey: true}
	r, err := lab.Start(context.Background(), sp.Config())
	if err != nil {
		t.Fatal(err)
	}
	// Stop as a killed process stops, after the first commit: the journal
	// has its header and no end.
	for committed := false; !committed; {
		if _, err := r.Step(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, e := range r.Trace() {
			committed = committed || e.Step == "commit" && e.Outcome == "committed"
		}
	}
	r.Close()
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
