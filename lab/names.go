package lab

import (
	"crypto/rand"
	"encoding/hex"
)

// names are a run's names on the broker. On its own embedded broker a run uses
// the plain names; on a shared server (--nats-url) every name gets a prefix of
// the run's own, so runs never see each other's messages.
type names struct {
	stream   string // the orders stream
	consumer string // shipping's durable consumer
	bucket   string // the key-value bucket of capture offsets
	staged   string // the stream where 2pc stages its events
	prefix   string // before every subject: "" or "dw3f9a1c.".
	keyed    bool   // the order id ends each subject, for --partitions
}

func plainNames() names {
	return names{stream: "ORDERS", consumer: "shipping", bucket: "offsets", staged: "STAGED"}
}

// uniqueNames are names no other run has. 64 random bits: with 32, a campaign
// of 30,000 runs on one broker had about one chance in ten that two runs got
// the same names, and a stream created again under a name in use is the
// other run's stream, not an error.
func uniqueNames() names {
	b := make([]byte, 8)
	rand.Read(b)
	id := "dw" + hex.EncodeToString(b)
	return names{stream: id + "_ORDERS", consumer: "shipping", bucket: id + "_offsets", staged: id + "_STAGED", prefix: id + "."}
}

// subject is where ev is published.
func (n names) subject(ev Event) string {
	if n.keyed {
		return n.prefix + ev.Subject() + "." + ev.Order
	}
	return n.prefix + ev.Subject()
}

// orders is the wildcard of every order event.
func (n names) orders() string { return n.prefix + "orders.>" }
