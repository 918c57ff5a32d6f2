package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dualwrite/dualwrite/scenarios"
)

// A UI session (tui or lesson) opens run after run in one --db directory:
// each replaces the session's own earlier run there.
func TestUIRunsFollowEachOtherInOneDir(t *testing.T) {
	s, _ := scenarios.Lookup("naive")
	dir := filepath.Join(t.TempDir(), "lab")
	open := uiStart()
	for i := range 3 {
		r, err := open(context.Background(), scenarios.Spec{Strategy: s, Seed: 1, Dir: dir}.Config())
		if err != nil {
			t.Fatalf("run %d in the session's --db: %v", i+1, err)
		}
		r.Close()
	}
}
