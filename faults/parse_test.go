package faults_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dualwrite/dualwrite/faults"
)

func TestParseChain(t *testing.T) {
	tests := []struct {
		in    string
		want  faults.Chain
		canon string
	}{
		{"crash", faults.Chain{{Action: faults.Crash}}, "crash"},
		{"1*crash", faults.Chain{{Count: 1, Action: faults.Crash}}, "1*crash"},
		{"25%ack-lost", faults.Chain{{Percent: 25, Action: faults.AckLost}}, "25%ack-lost"},
		{"12.5%error", faults.Chain{{Percent: 12.5, Action: faults.Error}}, "12.5%error"},
		{"100%crash", faults.Chain{{Percent: 100, Action: faults.Crash}}, "100%crash"},
		{"delay(50ms)", faults.Chain{{Action: faults.Delay, Arg: 50 * time.Millisecond}}, "delay(50ms)"},
		{"delay(90s)", faults.Chain{{Action: faults.Delay, Arg: 90 * time.Second}}, "delay(1m30s)"},
		{"broker-down(200ms)", faults.Chain{{Action: faults.BrokerDown, Arg: 200 * time.Millisecond}}, "broker-down(200ms)"},
		{"broker-down", faults.Chain{{Action: faults.BrokerDown}}, "broker-down"},
		{"03*crash", faults.Chain{{Count: 3, Action: faults.Crash}}, "3*crash"},
		{"1000000*crash", faults.Chain{{Count: 1000000, Action: faults.Crash}}, "1000000*crash"},
		{"1*crash->error", faults.Chain{{Count: 1, Action: faults.Crash}, {Action: faults.Error}}, "1*crash->error"},
		{"2*delay(10ms)->1*crash", faults.Chain{
			{Count: 2, Action: faults.Delay, Arg: 10 * time.Millisecond},
			{Count: 1, Action: faults.Crash},
		}, "2*delay(10ms)->1*crash"},
		{"  1*crash  ->\terror ", faults.Chain{{Count: 1, Action: faults.Crash}, {Action: faults.Error}}, "1*crash->error"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := faults.ParseChain(tt.in)
			if err != nil {
				t.Fatalf("ParseChain(%q): %v", tt.in, err)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("ParseChain(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
			if s := got.String(); s != tt.canon {
				t.Fatalf("String() = %q, want %q", s, tt.canon)
			}
			again, err := faults.ParseChain(got.String())
			if err != nil || !slices.Equal(again, got) {
				t.Fatalf("ParseChain(%q) = %#v, %v; want %#v", got.String(), again, err, got)
			}
		})
	}
}

func TestParseChainErrors(t *testing.T) {
	const (
		syntax  = `: want [N*|P%]action[(arg)], e.g. 1*crash, 25%ack-lost, delay(50ms)`
		actions = `: valid actions are crash, error, ack-lost, delay(d), broker-down(d), poison`
	)
	tests := []struct {
		in, want string
	}{
		{"", `malformed term ""` + syntax},
		{"   ", `malformed term ""` + syntax},
		{"1*", `malformed term "1*"` + syntax},
		{"25%", `malformed term "25%"` + syntax},
		{"crash->", `malformed term ""` + syntax},
		{"->crash", `malformed term ""` + syntax},
		{"crash-> ->error", `malformed term ""` + syntax},
		{"1*25%crash", `malformed term "1*25%crash"` + syntax},
		{"1*2*crash", `malformed term "1*2*crash"` + syntax},
		{"delay(50ms", `malformed term "delay(50ms"` + syntax},
		{"crash)", `malformed term "crash)"` + syntax},
		{"delay(50ms)x", `malformed term "delay(50ms)x"` + syntax},
		{"crsh", `unknown action "crsh" in "crsh"` + actions},
		{"1*crsh", `unknown action "crsh" in "1*crsh"` + actions},
		{"Crash", `unknown action "Crash" in "Crash"` + actions},
		{"0*crash", `bad count in "0*crash": N* needs a whole number N from 1 to 1000000`},
		{"-1*crash", `bad count in "-1*crash": N* needs a whole number N from 1 to 1000000`},
		{"+1*crash", `bad count in "+1*crash": N* needs a whole number N from 1 to 1000000`},
		{"*crash", `bad count in "*crash": N* needs a whole number N from 1 to 1000000`},
		{"x*crash", `bad count in "x*crash": N* needs a whole number N from 1 to 1000000`},
		{"99999999999999999999*crash", `bad count in "99999999999999999999*crash": N* needs a whole number N from 1 to 1000000`},
		{"1000001*crash", `bad count in "1000001*crash": N* needs a whole number N from 1 to 1000000`},
		{"1e9*crash", `bad count in "1e9*crash": N* needs a whole number N from 1 to 1000000`},
		{"2.5*crash", `bad count in "2.5*crash": N* needs a whole number N from 1 to 1000000`},
		{"150%crash", `bad percentage in "150%crash": P% needs 0 < P <= 100`},
		{"0%crash", `bad percentage in "0%crash": P% needs 0 < P <= 100`},
		{"%crash", `bad percentage in "%crash": P% needs 0 < P <= 100`},
		{"1e1%crash", `bad percentage in "1e1%crash": P% needs 0 < P <= 100`},
		{"NaN%crash", `bad percentage in "NaN%crash": P% needs 0 < P <= 100`},
		{"1.2.3%crash", `bad percentage in "1.2.3%crash": P% needs 0 < P <= 100`},
		{"delay", `delay needs a duration, e.g. delay(50ms)`},
		{"delay()", `delay needs a duration, e.g. delay(50ms)`},
		{"delay(abc)", `bad duration "abc" in "delay(abc)": use Go durations like 50ms or 1s`},
		{"delay(50)", `bad duration "50" in "delay(50)": use Go durations like 50ms or 1s`},
		{"delay(0s)", `bad duration "0s" in "delay(0s)": needs a positive Go duration like 50ms or 1s`},
		{"broker-down(-1s)", `bad duration "-1s" in "broker-down(-1s)": needs a positive Go duration like 50ms or 1s`},
		{"broker-down()", `broker-down takes a duration or nothing, e.g. broker-down(200ms) or broker-down`},
		{"crash(1s)", `crash takes no argument`},
		{"error()", `error takes no argument`},
		{"1*ack-lost(1s)", `ack-lost takes no argument`},
		{"1*crash->crsh", `unknown action "crsh" in "crsh"` + actions},
		{"delay(1h1s)", `bad duration "1h1s" in "delay(1h1s)": the limit is 1h`},
		{"broker-down(1000h)", `bad duration "1000h" in "broker-down(1000h)": the limit is 1h`},
		{"crash->1*error", `unreachable "1*error" after "crash" in "crash->1*error": a term without N* strikes for ever, so the chain never moves on; give it a count, e.g. 1*crash`},
		{"1*crash->25%error->delay(1ms)", `unreachable "delay(1ms)" after "25%error" in "1*crash->25%error->delay(1ms)": a term without N* strikes for ever, so the chain never moves on; give it a count, e.g. 1*error`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := faults.ParseChain(tt.in)
			if err == nil {
				t.Fatalf("ParseChain(%q) = %v, want error %q", tt.in, c, tt.want)
			}
			if err.Error() != tt.want {
				t.Fatalf("ParseChain(%q) error:\n got %q\nwant %q", tt.in, err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error has a newline: %q", err)
			}
		})
	}
}

func TestParseFault(t *testing.T) {
	tests := []struct {
		in    string
		want  faults.Fault
		canon string
	}{
		{"after-commit=1*crash", faults.Fault{Point: "after-commit", Chain: faults.Chain{{Count: 1, Action: faults.Crash}}}, "after-commit=1*crash"},
		{"relay.after-publish = 1*crash -> error", faults.Fault{Point: "relay.after-publish", Chain: faults.Chain{{Count: 1, Action: faults.Crash}, {Action: faults.Error}}}, "relay.after-publish=1*crash->error"},
		{"publish=25%ack-lost", faults.Fault{Point: "publish", Chain: faults.Chain{{Percent: 25, Action: faults.AckLost}}}, "publish=25%ack-lost"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := faults.ParseFault(tt.in)
			if err != nil {
				t.Fatalf("ParseFault(%q): %v", tt.in, err)
			}
			if got.Point != tt.want.Point || !slices.Equal(got.Chain, tt.want.Chain) {
				t.Fatalf("ParseFault(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
			if s := got.String(); s != tt.canon {
				t.Fatalf("String() = %q, want %q", s, tt.canon)
			}
		})
	}
}

func TestParseFaultErrors(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"after-commit", `malformed fault "after-commit": want POINT=TERM, e.g. after-commit=1*crash`},
		{"", `malformed fault "": want POINT=TERM, e.g. after-commit=1*crash`},
		{"=crash", `malformed fault "=crash": want POINT=TERM, e.g. after-commit=1*crash`},
		{"after-commit=", `malformed term "": want [N*|P%]action[(arg)], e.g. 1*crash, 25%ack-lost, delay(50ms)`},
		{"after-commit=1*crsh", `unknown action "crsh" in "1*crsh": valid actions are crash, error, ack-lost, delay(d), broker-down(d), poison`},
		{"a=b=crash", `unknown action "b=crash" in "b=crash": valid actions are crash, error, ack-lost, delay(d), broker-down(d), poison`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			f, err := faults.ParseFault(tt.in)
			if err == nil {
				t.Fatalf("ParseFault(%q) = %v, want error %q", tt.in, f, tt.want)
			}
			if err.Error() != tt.want {
				t.Fatalf("ParseFault(%q) error:\n got %q\nwant %q", tt.in, err, tt.want)
			}
		})
	}
}
