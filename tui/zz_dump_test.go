package tui

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/scenarios"
)

func TestZZDumpNarration(t *testing.T) {
	if os.Getenv("DUMP") == "" {
		t.Skip()
	}
	f, _ := os.Create("/tmp/audit-ui/narr.txt")
	defer f.Close()
	for _, c := range scenarios.Cells() {
		sp, _ := c.Spec()
		rep, err := scenarios.Run(context.Background(), sp.Config())
		if err != nil {
			t.Fatal(err)
		}
		n := narrator{events: rep.Trace, emits: emitsOf(c.Strategy.New())}
		fmt.Fprintf(f, "\n######## %s %s\n", c.Strategy.ID, strings.Join(sp.FaultSpecs(), " "))
		for i, e := range rep.Trace {
			fmt.Fprintf(f, "%3d %-10s %-12s | %s\n", i, e.Actor, e.Step, n.say(i))
		}
	}
}
