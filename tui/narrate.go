package tui

import (
	"fmt"
	"strings"

	"github.com/dualwrite/dualwrite/check"
	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/trace"
)

// Narration says, for a student, what a step just did and why it matters. It
// is derived from the trace event alone (its step, actor, target, detail and
// fault) and from the steps before it, with one small table of sentences per
// kind of step.

// narrator knows what a sentence may depend on: the steps before it, and how
// the strategy's events leave the service.
type narrator struct {
	events []trace.Event // the whole trace so far
	emits  emits
	// consumers and partitions are the run's --consumers and --partitions:
	// how many shipping instances the first step starts.
	consumers, partitions int
}

// emits is how a strategy's events leave the service.
type emits int

const (
	directly  emits = iota // the service publishes them itself
	viaOutbox              // an outbox row in the order's transaction; a relay publishes it
	viaLog                 // a trigger logs the change in the transaction; a connector tails the log
	viaPoll                // a poller reads changed rows now and then
	viaTwoPC               // staged and published by a two-phase commit
)

// emitsOf reads a strategy's capabilities, never its prose.
func emitsOf(s lab.Strategy) emits {
	if _, ok := s.(lab.TwoPhase); ok {
		return viaTwoPC
	}
	if c, ok := s.(lab.Capture); ok {
		if c.Capture() == "poll" {
			return viaPoll
		}
		return viaLog
	}
	if _, ok := s.(lab.Worker); ok {
		return viaOutbox
	}
	return directly
}

// sentence is one sentence of narration; key ones (a fault, a crash, the
// start of recovery, where v lands) are kept when not all fit.
type sentence struct {
	text string
	key  bool
}

// sentences narrates events[from:].
func (n narrator) sentences(from int) []sentence {
	var out []sentence
	for i := max(from, 0); i < len(n.events); i++ {
		e := n.events[i]
		if s := n.say(i); s != "" {
			out = append(out, sentence{text: s, key: i == from || e.Fault != "" || e.Step == "crash" || e.Step == "verdict" || isRecovery(e) || appliedNothing(e) || refusedCommit(e)})
		}
	}
	return out
}

// refusedCommit is a commit that failed for real: what it did (the order
// is not there, its event may be out: a ghost) is the step's lesson. At 80
// columns "The caller is told the call failed." was kept and the ghost
// dropped.
func refusedCommit(e trace.Event) bool {
	return e.Step == "commit" && e.Outcome == "refused"
}

// appliedNothing is an apply that wrote nothing to shipping.db (refused,
// poison): what the fault before it did, so it is kept when not all fits.
func appliedNothing(e trace.Event) bool {
	return e.Actor == trace.Consumer && e.Step == "apply" && e.Outcome != lab.Applied
}

func (n narrator) say(i int) string {
	e := n.events[i]
	who := actorName(e.Actor)
	if e.Fault != "" {
		return n.fault(e)
	}
	if s, ok := sayPoison(e); ok {
		return s
	}
	if s, ok := sayFleet(e); ok {
		return s
	}
	switch e.Actor {
	case trace.Lab:
		return n.lab(e)
	case trace.NATS:
		return n.nats(i)
	}
	switch e.Step {
	case "request":
		return fmt.Sprintf("The caller asks the %s to %s.", who, e.Detail)
	case "load offset":
		if e.Offset == "" {
			return fmt.Sprintf("The %s finds no saved offset: it starts from the beginning of the log.", who)
		}
		return fmt.Sprintf("The %s loads its saved offset %s: it resumes after what it published last.", who, e.Offset)
	case "read log":
		if e.Actor == "coordinator" {
			return "The coordinator reads its log for transactions left in doubt: " + e.Detail + "."
		}
		return fmt.Sprintf("The %s reads the change log: %s. The triggers wrote it in the same transactions as the orders, so no committed change is missing.", who, e.Detail)
	case "save offset":
		return fmt.Sprintf("The %s saves its offset %s. Had it died just before, it would publish the same changes again.", who, e.Offset)
	case "poll":
		return fmt.Sprintf("The %s queries orders for rows changed since its last poll and finds %s. It sees rows as they are now, not each change, and never a deleted row.", who, plural(e.Count, "row"))
	case "log":
		return "The coordinator writes to its log: " + e.Detail + "."
	case "decide":
		return "The coordinator decides: " + e.Detail + ". This is the commit point: from here both sides must commit, whatever crashes."
	case "recover":
		return "The coordinator reads its log again: " + e.Detail + "."
	case "prepare":
		return "SIMULATED prepare at SQLite: it votes yes and keeps the transaction open, so orders.db stays locked until the coordinator decides."
	case "stage":
		if e.Outcome == "fail" {
			return "Staging the event failed, so NATS votes no: " + e.Detail + "."
		}
		return "SIMULATED prepare at NATS: the event is staged where shipping does not read it, and NATS votes yes."
	case "unstage":
		if n.published(i, e.Order, 0) {
			return "The staged copy is deleted: the event now lives only on its real subject."
		}
		return "The staged copy is deleted: the event was never published, and now exists nowhere."
	case "wait":
		return fmt.Sprintf("%s waits: %s. A transaction in doubt blocks everyone behind it.", e.Order, e.Detail)
	case "lock":
		return "The lock is free again: " + e.Detail + "."
	case "retry":
		if strings.Contains(e.Detail, "(retry ") {
			return "The c" + strings.TrimPrefix(e.Detail, "the c") + "."
		}
		return "The caller got no answer, so it sends the same request again."
	case "idempotency":
		return "The service looks up the idempotency key in orders.db: " + e.Detail + "."
	case "in doubt":
		return "✗ " + e.Detail + "."
	case "begin":
		return fmt.Sprintf("The %s opens a transaction on orders.db. Until it commits, nobody else sees what it writes.", who)
	case "write":
		if e.Outcome == "fail" {
			return fmt.Sprintf("The write failed: %s.", e.Detail)
		}
		return fmt.Sprintf("%s, inside the open transaction. It is not durable yet: a crash now would roll it back.", e.Detail)
	case "outbox":
		return "The event goes into the outbox table in the same transaction as the order: both commit together, or neither does."
	case "delete outbox":
		return "The event is deleted from the outbox table again, in the same transaction: the table stays empty, and the change log keeps the insert for the connector."
	case "commit":
		return n.commit(i)
	case "rollback":
		s := fmt.Sprintf("The transaction is rolled back: nothing of %s is kept in orders.db.", e.Order)
		if n.published(i, e.Order, e.Version) {
			s += " But its event is already out, and a broker cannot take an event back."
		}
		return s
	case "abandon":
		return fmt.Sprintf("The open transaction of %s dies with its connection: SQLite rolls it back, as it would for a killed process.", e.Order)
	case "publish":
		s := fmt.Sprintf("The %s publishes %s to JetStream and waits for the ack.", who, eventOf(e))
		if e.MsgID != "" {
			s += fmt.Sprintf(" It carries Nats-Msg-Id %s, so JetStream can recognise a second copy.", e.MsgID)
		}
		return s
	case "timeout":
		return fmt.Sprintf("No ack came back in time. The %s cannot tell whether the event is out: a timeout is not a failure.", who)
	case "reply":
		return n.reply(i)
	case "read outbox":
		return fmt.Sprintf("The %s reads the pending outbox rows: %s. It publishes them in order.", who, e.Detail)
	case "mark sent":
		return fmt.Sprintf("The %s marks the row sent, only now that JetStream acked it. Had it died just before, the row would be published again.", who)
	case "forget sent":
		return fmt.Sprintf("The %s deletes %s it sent longer ago than the outbox's retention, on the lab's clock: an outbox keeps what is still to send, and what was sent only for a while.", who, plural(e.Count, "outbox row"))
	case "retry later":
		return fmt.Sprintf("The publish failed, so the row stays pending: %s. The event is late, not lost.", e.Detail)
	case "apply":
		if e.Outcome == "refused" {
			return "Shipping could not apply the event: " + e.Detail + "."
		}
		return fmt.Sprintf("Shipping applies the event to its own database (%s). This is what downstream now believes.", e.Detail)
	case "absorb":
		if e.MsgID == "" {
			return fmt.Sprintf("Shipping already holds v%d of %s: the same change again is absorbed, nothing is applied twice.", e.Version, e.Order)
		}
		return fmt.Sprintf("Shipping finds %s in its inbox: the duplicate is absorbed, nothing is applied twice.", e.MsgID)
	case "discard":
		return fmt.Sprintf("Shipping holds a newer version of %s than v%d: the stale change is discarded, nothing is applied.", e.Order, e.Version)
	case "read seq":
		return fmt.Sprintf("The %s reads the last sequence on %s's subject, seq %d: its publish will expect it to be still the last.", who, e.Order, e.Seq)
	case "ack":
		return fmt.Sprintf("Shipping acks %s: JetStream will not deliver it again.", seqOf(e))
	case "skip":
		return "Shipping cannot read the message and drops it: " + e.Detail + "."
	}
	return fmt.Sprintf("The %s: %s %s.", who, e.Step, e.Detail)
}

func (n narrator) commit(i int) string {
	e := n.events[i]
	who := actorName(e.Actor)
	what := strings.TrimPrefix(e.Detail, "COMMIT: ")
	if e.Outcome == "refused" {
		s := fmt.Sprintf("The commit failed for real: SQLite rolled the transaction back, so %s is not in orders.db.", e.Order)
		if n.published(i, e.Order, e.Version) {
			s += " But its event already went out: downstream will act on an order that does not exist. A ghost."
		}
		return s
	}
	switch {
	case n.emits == viaOutbox:
		return fmt.Sprintf("The order and its outbox row are committed together: %s. The relay will publish the row, so the event cannot be lost now.", what)
	case n.emits == viaLog:
		return fmt.Sprintf("The order is committed: %s. The trigger logged the change in the same transaction, so the connector will publish it: it cannot be lost now.", what)
	case n.emits == viaPoll:
		return fmt.Sprintf("The order is committed: %s. The poller will see the row as it is when it next looks, not this change itself.", what)
	case n.emits == viaTwoPC:
		return fmt.Sprintf("SQLite commits the prepared transaction: %s.", what)
	case n.published(i, e.Order, e.Version):
		return fmt.Sprintf("The order is committed, after its event went out: %s. The worlds agree again, but for a while downstream knew of an order the database did not have.", what)
	case e.Actor != trace.Service && !strings.HasPrefix(e.Actor, trace.Service):
		return fmt.Sprintf("The %s commits: %s.", who, what)
	}
	return fmt.Sprintf("The order is committed: %s. Its event exists only in this process's memory until the publish.", what)
}

func (n narrator) nats(i int) string {
	e := n.events[i]
	switch e.Step {
	case "ack":
		switch {
		case e.Outcome == lab.Duplicate:
			return fmt.Sprintf("JetStream recognises the message id: %s. The copy is dropped.", e.Detail)
		case e.Outcome == lab.Rejected:
			return "JetStream rejected the publish: nothing is stored."
		case e.Target == "":
			return fmt.Sprintf("JetStream stored the event as seq %d, but ⚡ its ack goes where the publisher does not listen: the publisher cannot tell the event is out.", e.Seq)
		}
		return fmt.Sprintf("JetStream stored the event as %s and acks: it is durable in the stream, and shipping will get it.", seqOf(e))
	case "error":
		s := "The publish failed: " + strings.TrimPrefix(e.Detail, "publish failed: ") + "."
		if n.committed(i, e.Order) {
			s += " But the order is already committed, and a commit cannot be taken back."
		}
		return s
	case "deliver":
		s := fmt.Sprintf("JetStream delivers %s to shipping: %s.", seqOf(e), eventOf(e))
		if e.Delivery > 1 {
			s += fmt.Sprintf(" It is a redelivery (delivery %d): an earlier delivery was never acked.", e.Delivery)
		}
		return s
	}
	return fmt.Sprintf("NATS: %s %s.", e.Step, e.Detail)
}

func (n narrator) reply(i int) string {
	e := n.events[i]
	switch check.Outcome(e.Outcome) {
	case check.Unknown:
		if n.committed(i, e.Order) {
			return fmt.Sprintf("The caller gets no answer, though %s is committed.", e.Order)
		}
		return "The caller gets no answer: the service died during the call."
	case check.Fail:
		s := "The caller is told the call failed."
		if n.committed(i, e.Order) {
			s += fmt.Sprintf(" Yet %s is committed: the caller's view is wrong. That is an ambiguous outcome.", e.Order)
		}
		return s
	}
	return "The caller is told ok."
}

func (n narrator) fault(e trace.Event) string {
	s := fmt.Sprintf("⚡ FAULT %s: %s.", e.Fault, e.Detail)
	point, term, _ := strings.Cut(e.Fault, "=")
	switch {
	case strings.HasPrefix(term, "crash"):
		return s
	case strings.HasPrefix(term, "error"):
		return s + " The operation at this point fails for real."
	case strings.HasPrefix(term, "ack-lost") && point == "reply":
		// At the reply nothing goes to JetStream: the caller's answer is lost.
		return s + " The service did its work, but its answer never reaches the caller, who cannot tell whether the call succeeded."
	case strings.HasPrefix(term, "ack-lost"):
		return s + " The message will reach JetStream; its ack will not reach the publisher."
	case strings.HasPrefix(term, "broker-down"):
		return s + " The broker stops before the publish."
	case strings.HasPrefix(term, "delay"):
		return s + " This step waits; others may go first."
	}
	return s
}

// drains says which of the strategy's workers finish their work in the
// recovery: a strategy that publishes directly has none.
func (n narrator) drains() string {
	switch n.emits {
	case viaOutbox:
		return "the relay drains the outbox, "
	case viaLog:
		return "the connector reads the rest of the log, "
	case viaPoll:
		return "the poller polls again, "
	case viaTwoPC:
		return "the coordinator settles what is in doubt, "
	}
	return ""
}

func (n narrator) lab(e trace.Event) string {
	switch e.Step {
	case "start":
		if e.Simulated {
			return e.Detail + "."
		}
		return "A fresh world: orders.db, shipping.db" + n.instances() + ". Press space for the first step."
	case "crash":
		if e.Target == trace.Consumer {
			return "✗ Shipping is killed before it acked: JetStream will deliver the message again."
		}
		how := "at a fault"
		if e.ByHand {
			how = "by hand"
		}
		return fmt.Sprintf("✗ The service instance is killed %s: all it held only in memory is gone.", how)
	case "restart":
		if e.Target == trace.Consumer {
			return "A new shipping consumer starts; what it did not ack comes again."
		}
		return "A new instance starts on the same files; it knows only what is durable."
	case "broker down":
		return "✗ The NATS server stops. Its stream is kept on disk, but until it is back nobody can publish or consume."
	case "broker up":
		return "▲ The NATS server is back with its stream intact, and the clients have reconnected."
	case "recover":
		return "The workload is done. The broker is up, " + n.drains() + "shipping catches up; a fault that would strike every time is lifted, the others stay armed. Then the checker compares the two worlds."
	case "verdict":
		return "The checker compared orders.db with what shipping applied: " + e.Detail + "."
	case "timeout":
		return "✗ " + e.Detail + "."
	case "ack wait":
		return fmt.Sprintf("AckWait has passed, on the lab's clock, with seq %d unacked and nobody alive holding it: JetStream delivers it again.", e.Seq)
	case "lift":
		return "✗ " + e.Detail + "."
	case "resume":
		return "The run was killed for real; the lab opens its files again and finishes it: " + e.Detail + "."
	case "race":
		return "Two service instances now write the same order at once. The stepper interleaves them as scripted, so the race comes out the same every time."
	}
	return fmt.Sprintf("The lab: %s %s.", e.Step, e.Detail)
}

// published reports whether JetStream stored an event of order before event
// i: of that version, or of any when version is 0. A publish that was
// rejected or never sent does not count.
func (n narrator) published(i int, order string, version int) bool {
	for _, e := range n.events[:i] {
		if e.Order == order && e.Step == "ack" && e.Actor == trace.NATS && e.Outcome == lab.Stored &&
			(version == 0 || e.Version == 0 || e.Version == version) {
			return true
		}
	}
	return false
}

// committed reports whether a commit of order succeeded before event i.
func (n narrator) committed(i int, order string) bool {
	for _, e := range n.events[:i] {
		if e.Order == order && e.Step == "commit" && e.Outcome == "committed" {
			return true
		}
	}
	return false
}

func actorName(a string) string {
	switch a {
	case trace.Service:
		return "service"
	case trace.Consumer:
		return "shipping consumer"
	}
	return a
}

func seqOf(e trace.Event) string {
	if e.Seq > 0 {
		return fmt.Sprintf("seq %d", e.Seq)
	}
	return "the message"
}

// eventOf names the event a step carries: "OrderPlaced o-1 v1", or a row
// change.
func eventOf(e trace.Event) string {
	if e.Type != "" && e.Order != "" && e.Version > 0 {
		return fmt.Sprintf("%s %s v%d", e.Type, e.Order, e.Version)
	}
	if e.Order != "" && e.Version > 0 {
		return fmt.Sprintf("the change of %s to v%d", e.Order, e.Version)
	}
	if e.Order != "" {
		return "the event of " + e.Order
	}
	return "the event"
}

// plural is "1 row", "2 rows".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// instances ends the first step's sentence with what shipping runs as.
func (n narrator) instances() string {
	switch {
	case n.consumers > 1 && n.partitions > 0:
		return fmt.Sprintf(", an embedded NATS JetStream server with the order ids in %d partitions, and %d shipping instances, one per partition", n.partitions, n.consumers)
	case n.consumers > 1:
		return fmt.Sprintf(", an embedded NATS JetStream server and %d shipping instances sharing one durable consumer", n.consumers)
	}
	return " and an embedded NATS JetStream server"
}
