package faults

import (
	"fmt"
	"strings"
)

// Action is what a fault does when it strikes.
type Action string

// The actions, in the order they are listed to users.
const (
	Crash      Action = "crash"       // no arg
	Error      Action = "error"       // no arg
	AckLost    Action = "ack-lost"    // no arg
	Delay      Action = "delay"       // arg required: delay(50ms)
	BrokerDown Action = "broker-down" // arg optional: broker-down(200ms); without arg: down until recovery
	Poison     Action = "poison"      // no arg: the event it strikes can never be applied, on any delivery
)

// actions lists every action once, in the order errors and help name them.
var actions = []Action{Crash, Error, AckLost, Delay, BrokerDown, Poison}

// argRule says whether an action takes a duration, so the parser and the
// error messages agree on it.
type argRule int

const (
	argNone argRule = iota
	argRequired
	argOptional
)

// arg returns the rule for a's duration argument.
func (a Action) arg() argRule {
	switch a {
	case Delay:
		return argRequired
	case BrokerDown:
		return argOptional
	default:
		return argNone
	}
}

// known reports whether a is one of the actions above; Action is a string, so
// anything can be converted to it.
func (a Action) known() bool {
	for _, b := range actions {
		if a == b {
			return true
		}
	}
	return false
}

// validActions is the list an unknown action is answered with, showing which
// actions take a duration.
func validActions() string {
	names := make([]string, len(actions))
	for i, a := range actions {
		names[i] = string(a)
		if a.arg() != argNone {
			names[i] += "(d)"
		}
	}
	return strings.Join(names, ", ")
}

// Kind says what operation stands at a point, which decides the valid actions.
type Kind int

// The kinds of point. A crash and a delay make sense anywhere; the other
// actions need the operation they disturb.
const (
	Between Kind = iota // between two operations: crash, delay
	Commit              // a SQLite commit: crash, error, delay
	Publish             // a publish to NATS: crash, error, ack-lost, delay, broker-down
	Apply               // the consumer applying an event: crash, error, delay, poison
	Reply               // the service's reply to its caller: crash, ack-lost (the reply is lost), delay
)

// Actions returns the valid actions at a point of this kind, in the order of
// the Action constants. An unknown kind allows nothing.
func (k Kind) Actions() []Action {
	switch k {
	case Between:
		return []Action{Crash, Delay}
	case Commit:
		return []Action{Crash, Error, Delay}
	case Publish:
		return []Action{Crash, Error, AckLost, Delay, BrokerDown}
	case Apply:
		return []Action{Crash, Error, Delay, Poison}
	case Reply:
		return []Action{Crash, AckLost, Delay}
	default:
		return nil
	}
}

// allows reports whether a is valid at a point of kind k.
func (k Kind) allows(a Action) bool {
	for _, b := range k.Actions() {
		if a == b {
			return true
		}
	}
	return false
}

// String returns the kind's name as `dualwrite list` and errors show it.
func (k Kind) String() string {
	switch k {
	case Between:
		return "between"
	case Commit:
		return "commit"
	case Publish:
		return "publish"
	case Apply:
		return "apply"
	case Reply:
		return "reply"
	default:
		return fmt.Sprintf("kind(%d)", int(k))
	}
}
