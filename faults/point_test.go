package faults_test

import (
	"slices"
	"testing"

	"github.com/dualwrite/dualwrite/faults"
)

// naive is the shape of a real strategy's points, enough to validate against.
var naive = []faults.Point{
	{Name: "after-commit", Kind: faults.Between, Means: "the order is committed, the event not yet published"},
	{Name: "publish", Kind: faults.Publish, Means: "the publish of the event"},
	{Name: "consumer.before-apply", Kind: faults.Apply, Means: "the consumer got the event and has not applied it"},
	{Name: "consumer.after-apply", Kind: faults.Between, Means: "the consumer applied the event and has not acked it"},
}

func TestKind(t *testing.T) {
	tests := []struct {
		kind    faults.Kind
		name    string
		actions []faults.Action
	}{
		{faults.Between, "between", []faults.Action{faults.Crash, faults.Delay}},
		{faults.Commit, "commit", []faults.Action{faults.Crash, faults.Error, faults.Delay}},
		{faults.Publish, "publish", []faults.Action{faults.Crash, faults.Error, faults.AckLost, faults.Delay, faults.BrokerDown}},
		{faults.Apply, "apply", []faults.Action{faults.Crash, faults.Error, faults.Delay, faults.Poison}},
		{faults.Kind(9), "kind(9)", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if s := tt.kind.String(); s != tt.name {
				t.Errorf("String() = %q, want %q", s, tt.name)
			}
			if as := tt.kind.Actions(); !slices.Equal(as, tt.actions) {
				t.Errorf("Actions() = %v, want %v", as, tt.actions)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		spec string
		want string // "" = valid
	}{
		{"after-commit=crash", ""},
		{"after-commit=1*crash->delay(5ms)", ""},
		{"publish=25%ack-lost", ""},
		{"publish=1*broker-down(200ms)->error", ""},
		{"consumer.before-apply=1*error", ""},
		{"x=crash", `unknown fault point "x": valid points are after-commit, publish, consumer.before-apply, consumer.after-apply`},
		{"after-commit=ack-lost", `ack-lost cannot strike at after-commit (between): valid there are crash, delay`},
		{"after-commit=1*crash->error", `error cannot strike at after-commit (between): valid there are crash, delay`},
		{"consumer.before-apply=broker-down", `broker-down cannot strike at consumer.before-apply (apply): valid there are crash, error, delay, poison`},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			f, err := faults.ParseFault(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			err = faults.Validate(f, naive)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Validate(%v): %v", f, err)
			case tt.want != "" && err == nil:
				t.Fatalf("Validate(%v) = nil, want %q", f, tt.want)
			case tt.want != "" && err.Error() != tt.want:
				t.Fatalf("Validate(%v):\n got %q\nwant %q", f, err, tt.want)
			}
		})
	}
}

func TestValidateHandBuilt(t *testing.T) {
	tests := []struct {
		name   string
		f      faults.Fault
		points []faults.Point
		want   string
	}{
		{"empty chain", faults.Fault{Point: "publish"}, naive, `no term for fault point "publish": want POINT=TERM, e.g. publish=1*crash`},
		{"unknown action", faults.Fault{Point: "publish", Chain: faults.Chain{{Action: "boom"}}}, naive, `boom cannot strike at publish (publish): valid there are crash, error, ack-lost, delay, broker-down`},
		{"no points", faults.Fault{Point: "publish", Chain: faults.Chain{{Action: faults.Crash}}}, nil, `unknown fault point "publish": there are no fault points here`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := faults.Validate(tt.f, tt.points)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Validate(%v) = %v, want %q", tt.f, err, tt.want)
			}
		})
	}
}
