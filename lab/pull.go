package lab

import (
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// pullWait is how long one pull request waits for its message. nats.go asks
// for idle heartbeats on a pull of 10s or more, and arms a timer for them
// that it does not stop when the pull ends: the timer then keeps the pull's
// connection, and with it the whole finished run, in memory for 10s, so a
// campaign's memory grew with the runs it made. Shorter pulls arm none.
const pullWait = 5 * time.Second

// pullOne asks JetStream for one message of cons. With noWait it takes only
// a message JetStream has now; otherwise it pulls again until one comes or
// ackSafety of real time has passed, the safety net of a message the lab
// knows is there. nil is no message.
func pullOne(cons jetstream.Consumer, noWait bool) (jetstream.Msg, error) {
	deadline := time.Now().Add(ackSafety)
	for {
		var batch jetstream.MessageBatch
		var err error
		if noWait {
			batch, err = cons.FetchNoWait(1)
		} else {
			batch, err = cons.Fetch(1, jetstream.FetchMaxWait(min(pullWait, time.Until(deadline))))
		}
		if err != nil {
			return nil, err
		}
		var msg jetstream.Msg
		for m := range batch.Messages() {
			msg = m
		}
		if msg != nil || noWait || time.Until(deadline) < time.Second {
			return msg, batch.Error()
		}
	}
}
