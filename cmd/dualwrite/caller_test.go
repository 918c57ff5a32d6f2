package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// Every bad value of the caller's and the broker's switches is refused with
// one line naming it, and exit status 2.
func TestCallerSwitchesRefuseBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "naive", "--retry", "11"}, "bad --retry 11: it must be from 0 to 10"},
		{[]string{"run", "naive", "--retry", "-1"}, "bad --retry -1"},
		{[]string{"run", "naive", "--retry", "x"}, "--retry"},
		{[]string{"run", "naive", "--replicas", "0"}, "bad --replicas 0: it must be from 1 to 5"},
		{[]string{"run", "naive", "--replicas", "6"}, "bad --replicas 6"},
		{[]string{"run", "naive", "--replicas", "3"}, "--replicas 3 needs --nats-url"},
		{[]string{"tui", "naive", "--replicas", "3"}, "--replicas 3 needs --nats-url"},
		{[]string{"run", "naive", "--idempotency-key=maybe"}, "--idempotency-key"},
	} {
		code, out, errOut := runMain(t, tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || out != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit 2 and one line with %q", tc.args, code, errOut, out, tc.want)
		}
	}
}

// The switches reach the run: a lost reply retried without a key is a
// double order in the JSON report; with a key, the run is consistent.
func TestRunRetryAndIdempotencyKey(t *testing.T) {
	var rep struct {
		Anomalies map[string]int `json:"anomalies"`
		Findings  []struct{ Kind, Order string }
	}
	code, out, errOut := runMain(t, "run", "naive", "--fault", "reply=1*ack-lost", "--retry", "1", "--format", "json")
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if rep.Anomalies["double-order"] != 1 || len(rep.Findings) != 1 || rep.Findings[0].Kind != "double-order" || rep.Findings[0].Order != "o-2" {
		t.Fatalf("without a key: anomalies %v findings %+v, want double-order on o-2", rep.Anomalies, rep.Findings)
	}
	code, out, errOut = runMain(t, "run", "naive", "--fault", "reply=1*ack-lost", "--retry", "1", "--idempotency-key")
	if code != 0 || !strings.Contains(out, "CONSISTENT") || !strings.Contains(out, "the caller is told: ok, o-1 (the stored result of its key)") {
		t.Fatalf("with a key: exit %d, %s\n%s", code, errOut, out)
	}
}

// list names every run switch beside the fault points.
func TestListNamesEverySwitch(t *testing.T) {
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb}
	if code := m.Run(context.Background(), []string{"list"}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"--consumer,", "Switch --max-deliver", "Switch --consumers", "Switch --partitions",
		"Switch --retry", "Switch --idempotency-key", "Switch --replicas"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("list does not name %q", want)
		}
	}
}
