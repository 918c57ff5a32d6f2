package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestMaxDeliverIsBounded(t *testing.T) {
	for _, n := range []string{"-1", "21"} {
		var out, errb bytes.Buffer
		m := &Main{Stdout: &out, Stderr: &errb}
		if code := m.Run(context.Background(), []string{"run", "naive", "--max-deliver", n}); code != 2 {
			t.Errorf("--max-deliver %s: exit %d, want 2", n, code)
		}
		if !strings.Contains(errb.String(), "bad --max-deliver "+n+": it must be from 1 to 20") {
			t.Errorf("--max-deliver %s: stderr %q", n, errb.String())
		}
	}
}

func TestRunParksAPoisonEvent(t *testing.T) {
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb}
	code := m.Run(context.Background(), []string{"run", "naive", "--max-deliver", "2", "--fault", "consumer.before-apply=1*poison", "--format", "json"})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var rep struct {
		Parked []struct {
			Order      string `json:"order"`
			Deliveries int    `json:"deliveries"`
		} `json:"parked"`
		Consistent bool `json:"consistent"`
		Anomalies  struct {
			Lost int `json:"lost"`
		} `json:"anomalies"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Parked) != 1 || rep.Parked[0].Order != "o-1" || rep.Parked[0].Deliveries != 2 || rep.Anomalies.Lost != 0 || rep.Consistent {
		t.Errorf("report: %+v", rep)
	}
}

func TestListNamesPoisonAndMaxDeliver(t *testing.T) {
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb}
	if code := m.Run(context.Background(), []string{"list"}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"consumer.before-apply", "poison]", "--max-deliver N"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("list does not say %q", want)
		}
	}
}

// A run inconsistent only through a poison event says why on its verdict
// line, as the trace's verdict step does: "lost 0, ghost 0, duplicate 0,
// reordered 0" alone beside INCONSISTENT contradicts itself.
func TestVerdictLineNamesThePoison(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--max-deliver", "2"}, "reordered 0; parked 1 (in the dead-letter stream, not lost)\n"},
		{nil, "reordered 0; blocked on seq 1 (o-1), 2 orders waiting behind it\n"},
	} {
		args := append([]string{"run", "outbox", "--fault", "consumer.before-apply=1*poison"}, c.args...)
		code, out, errs := dwRun(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		if !strings.Contains(out, "\nVerdict: ✗ INCONSISTENT: lost 0, ghost 0, duplicate 0, "+c.want) {
			t.Errorf("%v: verdict line lacks %q:\n%s", args, c.want, out[strings.LastIndex(out, "\nVerdict"):])
		}
	}
}
