package scenarios

import (
	"github.com/dualwrite/dualwrite/faults"
	"github.com/dualwrite/dualwrite/lab"
)

var catalog = []Strategy{
	{
		ID:    "naive",
		Title: "commit the order, then publish the event",
		About: "The service commits the order to SQLite and then publishes OrderPlaced to NATS. " +
			"Two systems, two writes, and nothing that makes them one. " +
			"If the service dies or the broker is away between the two, the order exists but the event never will. " +
			"That is a lost event: an order that downstream never hears of.",
		Steps: []string{"BEGIN", "INSERT the order", "COMMIT", "publish OrderPlaced"},
		Points: []faults.Point{
			{Name: "commit", Kind: faults.Commit, Means: "at the commit of the order"},
			{Name: "after-commit", Kind: faults.Between, Means: "after the commit and before the publish"},
			{Name: "publish", Kind: faults.Publish, Means: "at the publish of the event, after the commit"},
		},
		Expect: []Expectation{
			{Want: Consistent, Lesson: "without faults the naive way looks fine"},
			{Faults: []string{"after-commit=1*crash"}, Want: Outcome{Lost: 1}, Lesson: "a crash between commit and publish loses the event"},
			{Faults: []string{"publish=broker-down(200ms)"}, Want: Outcome{Lost: 1, AtLeast: true, Ambiguous: true},
				Lesson: "a broker outage loses events, and the caller is told 'failed' for orders that are committed"},
			{Faults: []string{"publish=1*error"}, Want: Outcome{Lost: 1, Ambiguous: true}, Lesson: "a failed publish after the commit cannot be undone"},
			{Faults: []string{"commit=1*error"}, Want: Consistent, Lesson: "a failed commit is harmless here: nothing was published yet"},
			{Faults: []string{"reply=1*ack-lost"}, Retry: 1, Want: Outcome{DoubleOrder: 1},
				Lesson: "the caller retries after a lost reply and the service, which names orders itself, places a second one"},
			{Faults: []string{"reply=1*ack-lost"}, Retry: 1, IdempotencyKey: true, Want: Consistent,
				Lesson: "with an idempotency key stored in the order's transaction, the retry is answered from the stored result"},
		},
		File: "naive.go",
		New:  func() lab.Strategy { return naive{} },
	},
	{
		ID:    "publish-first",
		Title: "publish the event, then commit the order",
		About: "The service publishes OrderPlaced first and commits the order afterwards, hoping to never lose an event. " +
			"Now the failure runs the other way. If the commit fails or the service dies after the publish, " +
			"downstream ships an order the database never had: a ghost message. " +
			"Downstream may even act before the order is committed.",
		Steps: []string{"publish OrderPlaced", "BEGIN", "INSERT the order", "COMMIT"},
		Points: []faults.Point{
			{Name: "publish", Kind: faults.Publish, Means: "at the publish of the event, before anything is written"},
			{Name: "after-publish", Kind: faults.Between, Means: "after the publish and before the commit"},
			{Name: "commit", Kind: faults.Commit, Means: "at the commit, after the event went out"},
		},
		Expect: []Expectation{
			{Want: Consistent, Lesson: "without faults publish-first looks fine"},
			{Faults: []string{"commit=1*error"}, Want: Outcome{Ghost: 1}, Lesson: "a failed commit leaves a ghost event downstream"},
			{Faults: []string{"after-publish=1*crash"}, Want: Outcome{Ghost: 1}, Lesson: "a crash after the publish leaves a ghost event"},
			{Faults: []string{"publish=1*error"}, Want: Consistent, Lesson: "a failed publish is harmless here: nothing was written yet"},
		},
		File: "publish_first.go",
		New:  func() lab.Strategy { return publishFirst{} },
	},
	{
		ID:    "publish-in-tx",
		Title: "publish inside the open transaction, commit after the ack",
		About: "The service begins a transaction, inserts the order, publishes the event and waits for JetStream's ack, and only then commits. " +
			"A failed publish rolls the order back cleanly, which looks like atomicity. " +
			"It is not: the broker cannot take an event back, so a commit that fails after the publish, a crash between the two, " +
			"or an ack lost on its way back leaves a ghost event downstream.",
		Steps: []string{"BEGIN", "INSERT the order", "publish OrderPlaced, wait for the ack", "COMMIT"},
		Points: []faults.Point{
			{Name: "publish", Kind: faults.Publish, Means: "at the publish, inside the open transaction"},
			{Name: "after-publish", Kind: faults.Between, Means: "after the publish was acked and before the commit"},
			{Name: "commit", Kind: faults.Commit, Means: "at the commit, after the event went out"},
		},
		Expect: []Expectation{
			{Want: Consistent, Lesson: "without faults it looks atomic"},
			{Faults: []string{"publish=1*error"}, Want: Consistent, Lesson: "a failed publish rolls the order back: clean"},
			{Faults: []string{"publish=broker-down(200ms)"}, Want: Consistent, Lesson: "a broker outage rolls orders back: clean, but unavailable"},
			{Faults: []string{"commit=1*error"}, Want: Outcome{Ghost: 1}, Lesson: "the event cannot be taken back when the commit fails"},
			{Faults: []string{"after-publish=1*crash"}, Want: Outcome{Ghost: 1}, Lesson: "a crash between publish and commit leaves a ghost"},
			{Faults: []string{"publish=1*ack-lost"}, Want: Outcome{Ghost: 1}, Lesson: "a lost ack makes the code roll back an event that is already out"},
		},
		File: "publish_in_tx.go",
		New:  func() lab.Strategy { return publishInTx{} },
	},
	{
		ID:    "outbox",
		Title: "write the event to an outbox table in the same transaction; a relay publishes it",
		About: "The order and its event are written in one SQLite transaction: the event goes into an outbox table. " +
			"A relay in the service reads pending rows in order, publishes each, waits for the ack, and marks the row sent. " +
			"Nothing is ever lost or ghosted, and a broker outage only delays events. " +
			"But delivery is at least once: a relay that dies between the publish and the mark publishes the row again.",
		Steps: []string{"BEGIN", "INSERT the order", "INSERT the event into the outbox", "COMMIT",
			"relay: read pending rows", "relay: publish, wait for the ack", "relay: mark the row sent"},
		Points: outboxPoints,
		Expect: []Expectation{
			{Want: Consistent, Lesson: "the outbox delivers every committed order"},
			{Faults: []string{"after-commit=1*crash"}, Want: Consistent, Lesson: "a crash after the commit loses nothing: the restarted relay publishes it"},
			{Faults: []string{"relay.publish=broker-down(300ms)"}, Want: Consistent, Lesson: "a broker outage delays events, it does not lose them"},
			{Faults: []string{"relay.after-publish=1*crash"}, Want: Outcome{Duplicate: 1}, Lesson: "at least once: the relay publishes again after a crash before the mark"},
			{Faults: []string{"relay.publish=1*ack-lost"}, Want: Outcome{Duplicate: 1}, Lesson: "a lost ack makes the relay retry: a duplicate"},
			{Faults: []string{"consumer.after-apply=1*crash"}, Want: Outcome{Duplicate: 1}, Lesson: "a consumer that dies before its ack gets the event again"},
			{Faults: []string{"relay.after-publish=1*crash"}, Consumer: lab.Inbox, Want: Outcome{Deduplicated: 1},
				Lesson: "the same relay, and shipping's inbox absorbs its second publish: the consumer's share, not the producer's"},
			{Faults: []string{"consumer.after-apply=1*crash"}, Consumer: lab.Inbox, Want: Outcome{Deduplicated: 1}, Lesson: "the inbox absorbs the redelivery"},
			{Faults: []string{"consumer.before-apply=1*poison"}, Want: Outcome{Blocked: true},
				Lesson: "a poison event with no bound on deliveries blocks the stream: it is never applied and everything behind it waits"},
			{Faults: []string{"consumer.before-apply=1*poison"}, MaxDeliver: 3, Want: Outcome{Parked: 1},
				Lesson: "with MaxDeliver the poison event is parked in a dead-letter stream and the rest flows"},
			{Lifecycle: true, Consumers: 4, Want: Outcome{Duplicate: 1, Reordered: 1},
				Lesson: "four shipping instances on one durable consumer: a payment overtakes its placement, and the late placement ships the order twice"},
			{Lifecycle: true, Consumers: 4, Partitions: 4, Want: Consistent,
				Lesson: "subjects partitioned by order id, one in-order consumer per partition: in order per order again"},
		},
		File: "outbox.go",
		New:  func() lab.Strategy { return outbox{} },
	},
	{
		ID:    "outbox-dedup",
		Title: "the outbox, with message ids and an idempotent consumer: effectively once",
		About: "The transactional outbox, plus two layers that absorb duplicates. " +
			"The relay sends the outbox row id as Nats-Msg-Id, so JetStream drops a second publish of the same row within its duplicate window. " +
			"Shipping records each applied message id in an inbox table, in the same transaction as the shipment, so a redelivery changes nothing. " +
			"Delivery is still at least once; processing becomes effectively once.",
		Steps: []string{"BEGIN", "INSERT the order", "INSERT the event into the outbox", "COMMIT",
			"relay: publish with Nats-Msg-Id = outbox row id", "relay: mark the row sent", "shipping: apply and record the id in its inbox, in one transaction"},
		Points: outboxPoints,
		Expect: []Expectation{
			{Want: Consistent, Lesson: "the outbox delivers every committed order"},
			{Faults: []string{"after-commit=1*crash"}, Want: Consistent, Lesson: "a crash after the commit loses nothing"},
			{Faults: []string{"relay.publish=broker-down(300ms)"}, Want: Consistent, Lesson: "a broker outage delays events, it does not lose them"},
			{Faults: []string{"relay.after-publish=1*crash"}, Want: Outcome{Deduplicated: 1}, Lesson: "JetStream absorbs the second publish of the same row"},
			{Faults: []string{"relay.publish=1*ack-lost"}, Want: Outcome{Deduplicated: 1}, Lesson: "the retry after a lost ack is absorbed"},
			{Faults: []string{"consumer.after-apply=1*crash"}, Want: Outcome{Deduplicated: 1}, Lesson: "the inbox absorbs the redelivery"},
			{Faults: []string{"reply=1*ack-lost"}, Retry: 1, Want: Outcome{DoubleOrder: 1},
				Lesson: "message ids and an inbox dedupe events, not requests: the retry is a new order with new ids, delivered once"},
			{Faults: []string{"reply=1*ack-lost"}, Retry: 1, IdempotencyKey: true, Want: Consistent,
				Lesson: "the idempotency key dedupes the request itself, where the outbox's ids cannot"},
		},
		File: "outbox_dedup.go",
		New:  func() lab.Strategy { return outboxDedup{} },
	},
	{
		ID:    "cdc",
		Title: "change data capture from a change log: triggers log each change (standing in for a database's log), a connector tails it",
		About: "The service only writes its own table and contains no publish at all. " +
			"SQLite has no replication stream, so triggers append every insert, update and delete of orders to a change log, in the same transaction. " +
			"A connector tails the log from an offset kept in a JetStream key-value bucket (as Debezium keeps offsets in Kafka), publishes each change with its log sequence as Nats-Msg-Id, then saves the offset. " +
			"A connector that dies before saving replays from the offset; JetStream absorbs the replay.",
		Steps: []string{"BEGIN", "INSERT/UPDATE/DELETE the order (a trigger logs the change)", "COMMIT",
			"connector: read the log after the offset", "connector: publish the row change", "connector: save the offset"},
		Points: []faults.Point{
			{Name: "commit", Kind: faults.Commit, Means: "at the commit of the order and its logged change"},
			{Name: "after-commit", Kind: faults.Between, Means: "after the commit, before the connector read the change"},
			{Name: "connector.before-publish", Kind: faults.Between, Means: "as the connector is about to publish a logged change"},
			{Name: "connector.publish", Kind: faults.Publish, Means: "at the connector's publish of a logged change"},
			{Name: "connector.after-publish", Kind: faults.Between, Means: "after the connector published a change and before it saved its offset"},
		},
		Expect: []Expectation{
			{Want: Consistent, Lesson: "every committed change reaches shipping"},
			{Lifecycle: true, Want: Consistent, Lesson: "payments and cancels arrive in order, each one"},
			{Faults: []string{"after-commit=1*crash"}, Want: Consistent, Lesson: "a service crash loses nothing: the change is in the log"},
			{Faults: []string{"connector.after-publish=1*crash"}, Want: Outcome{Deduplicated: 1}, Lesson: "the replay from the saved offset is absorbed by JetStream"},
			{Faults: []string{"connector.publish=broker-down(300ms)"}, Want: Consistent, Lesson: "a broker outage delays changes, it does not lose them"},
			{Faults: []string{"consumer.after-apply=1*crash"}, Want: Outcome{Deduplicated: 1}, Lesson: "shipping's inbox absorbs the redelivery"},
			{Faults: []string{"consumer.after-apply=1*crash"}, Consumer: lab.Plain, Want: Outcome{Duplicate: 1},
				Lesson: "without the inbox the redelivery is applied twice: absorbing it was the consumer's doing, not CDC's"},
			{Faults: []string{"connector.after-publish=1*crash"}, Consumer: lab.Plain, Want: Outcome{Deduplicated: 1},
				Lesson: "the connector's replay is still absorbed, by JetStream: that share is the producer's message id"},
		},
		File: "cdc.go",
		New:  func() lab.Strategy { return cdc{} },
	},
	{
		ID:    "outbox-cdc",
		Title: "the outbox relayed by log tailing: domain events from the log, no polling (Debezium's outbox event router)",
		About: "The service writes the order and a domain event to an outbox table in one transaction, and deletes the event again in the same transaction, so the table stays empty. " +
			"Triggers stand in for the database's log and record the insert; a connector tails the log for outbox inserts only, from an offset kept in a JetStream key-value bucket. " +
			"Each goes out on its aggregate's subject, orders.<order id>.placed, with the outbox row id as Nats-Msg-Id. " +
			"Unlike cdc it publishes events the service chose, not row changes; unlike outbox nothing polls the table or marks rows sent.",
		Steps: []string{"BEGIN", "INSERT the order", "INSERT the event into outbox_events (the log records it)", "DELETE it again", "COMMIT",
			"connector: read the log's outbox inserts after the offset", "connector: publish on orders.<order id>.<type>, Nats-Msg-Id = outbox row id", "connector: save the offset"},
		Points: []faults.Point{
			{Name: "commit", Kind: faults.Commit, Means: "at the commit of the order and its outbox event"},
			{Name: "after-commit", Kind: faults.Between, Means: "after the commit, before the connector read the log"},
			{Name: "connector.before-publish", Kind: faults.Between, Means: "as the connector is about to publish a logged outbox event"},
			{Name: "connector.publish", Kind: faults.Publish, Means: "at the connector's publish of a domain event"},
			{Name: "connector.after-publish", Kind: faults.Between, Means: "after the connector published an event and before it saved its offset"},
			{Name: "connector.after-save", Kind: faults.Between, Means: "after the connector saved its offset"},
		},
		Expect: []Expectation{
			{Want: Consistent, Lesson: "every committed order reaches shipping as a domain event"},
			{Lifecycle: true, Want: Consistent, Lesson: "payments and cancels arrive as events of their own, in order"},
			{Faults: []string{"after-commit=1*crash"}, Want: Consistent, Lesson: "a service crash loses nothing: the event is in the log"},
			{Faults: []string{"connector.after-publish=1*crash"}, Want: Outcome{Deduplicated: 1}, Lesson: "the replay from the saved offset is absorbed by JetStream: same outbox row, same message id"},
			{Faults: []string{"connector.publish=1*ack-lost"}, Want: Outcome{Deduplicated: 1}, Lesson: "the retry after a lost ack is absorbed"},
			{Faults: []string{"connector.publish=broker-down(300ms)"}, Want: Consistent, Lesson: "a broker outage delays events, it does not lose them"},
			{Faults: []string{"consumer.after-apply=1*crash"}, Want: Outcome{Deduplicated: 1}, Lesson: "shipping's inbox absorbs the redelivery"},
			{Faults: []string{"consumer.after-apply=1*crash"}, Consumer: lab.Plain, Want: Outcome{Duplicate: 1},
				Lesson: "with a plain consumer the redelivery is applied twice: the log delivers at least once"},
		},
		File: "outbox_cdc.go",
		New:  func() lab.Strategy { return outboxCDC{} },
	},
	{
		ID:    "cdc-polling",
		Title: "query-based change data capture: a poller reads changed rows now and then",
		About: "A poller asks the orders table, every interval, for the rows updated since it last looked, and publishes their current state. " +
			"It sees rows, not changes: a row deleted between two polls is never seen, so a cancel never reaches shipping, " +
			"and a row changed twice between two polls arrives once, its intermediate state missed. " +
			"Log-based capture does not have this flaw, because the log keeps every change, deletes included.",
		Steps: []string{"BEGIN", "INSERT/UPDATE/DELETE the order", "COMMIT", "poller, every interval: SELECT rows updated since the last poll",
			"poller: publish each row's current state", "poller: save how far it got"},
		Points: []faults.Point{
			{Name: "commit", Kind: faults.Commit, Means: "at the commit of the order"},
			{Name: "after-commit", Kind: faults.Between, Means: "after the commit, before the next poll"},
			{Name: "poller.publish", Kind: faults.Publish, Means: "at the poller's publish of a row it saw"},
		},
		Expect: []Expectation{
			{Want: Consistent, Lesson: "orders that are only placed all reach shipping"},
			{Lifecycle: true, Want: Outcome{Lost: 1, AtLeast: true}, Lesson: "a deleted row is never seen, and two changes between polls arrive as one"},
		},
		File: "cdc_polling.go",
		New:  func() lab.Strategy { return cdcPolling{} },
	},
	{
		ID:    "race",
		Title: "two service instances dual-write the same order at once",
		About: "Two instances of the naive service update the same order at the same moment: A sets it to express, B to standard. " +
			"Each commits and then publishes, and nothing fails. " +
			"But A commits first and publishes last, so the database ends with B's write and shipping with A's. " +
			"Two writes to two systems have no common order unless something gives them one, such as a single log both are read from.",
		Steps: []string{"place o-1", "A: BEGIN, UPDATE o-1 to express, COMMIT", "B: BEGIN, UPDATE o-1 to standard, COMMIT",
			"B: publish OrderUpdated", "A: publish OrderUpdated"},
		Points: []faults.Point{
			{Name: "commit", Kind: faults.Commit, Means: "at the commit of a write to o-1"},
			{Name: "publish", Kind: faults.Publish, Means: "at the publish of a write to o-1, after its commit"},
		},
		Expect: []Expectation{
			{Want: Outcome{Reordered: 1}, Lesson: "with no fault at all, orders holds B's write and shipping holds A's"},
			{Consumer: lab.Versioned, Want: Consistent,
				Lesson: "the fix: shipping applies a change only if its version is newer, and discards A's late v2"},
		},
		File: "race.go",
		New:  func() lab.Strategy { return race{} },
	},
	{
		ID:    "race-occ",
		Title: "the race with NATS optimistic concurrency: one subject per order, Nats-Expected-Last-Subject-Sequence",
		About: "The same two instances race on o-1, but each order's events go on its own subject, orders.<order id>, and each writer first reads the last sequence there. " +
			"It publishes expecting that sequence (Nats-Expected-Last-Subject-Sequence), so JetStream stores the event only if nobody published on the subject since. " +
			"B publishes first and wins; A's publish expects a sequence that is no longer the last, and the broker rejects it. " +
			"Shipping never applies a stale write, but A's commit came before its rejected publish: its change never reaches shipping, and A's caller is told the call failed.",
		Steps: []string{"place o-1", "A, B: read the last sequence on orders.o-1", "A: BEGIN, UPDATE o-1 to express, COMMIT", "B: BEGIN, UPDATE o-1 to standard, COMMIT",
			"B: publish on orders.o-1 expecting that sequence: stored", "A: publish on orders.o-1 expecting that sequence: rejected"},
		Points: []faults.Point{
			{Name: "commit", Kind: faults.Commit, Means: "at the commit of a write to o-1"},
			{Name: "publish", Kind: faults.Publish, Means: "at the publish of a write to o-1, after its commit"},
		},
		Expect: []Expectation{
			{Want: Outcome{Lost: 1}, Lesson: "the broker rejects A's stale publish: shipping ends as orders does, but A's committed v2 never reaches it"},
		},
		File: "race_occ.go",
		New:  func() lab.Strategy { return raceOCC{} },
	},
	{
		ID:    "2pc",
		Title: "two-phase commit through a coordinator (SIMULATED: NATS has no prepare phase)",
		About: "A coordinator asks both participants to prepare, logs its decision, then tells both to commit. " +
			"This is SIMULATED: NATS, like Kafka, cannot prepare a message, so the lab stages the event where shipping does not look, " +
			"and SQLite's prepared state is a transaction kept open, which holds SQLite's write lock, so the whole orders.db stays locked. " +
			"If the coordinator dies after the prepare, nothing goes wrong in the data, but orders.db stays locked and every other writer waits " +
			"until the coordinator is back and finishes the transaction from its log: consistency kept, availability lost.",
		Steps: []string{"coordinator: log the transaction", "SQLite: BEGIN, INSERT the order, keep it open (prepared)",
			"NATS: stage the event on staged.orders.<xid> (prepared)", "coordinator: log the decision",
			"SQLite: COMMIT", "NATS: publish the staged event on orders.<event>, delete the staged copy"},
		Points: []faults.Point{
			{Name: "coordinator.after-prepare", Kind: faults.Between, Means: "after both participants prepared, before the coordinator logged its decision"},
			{Name: "coordinator.after-decision", Kind: faults.Between, Means: "after the coordinator logged its decision to commit, before it told the participants"},
			{Name: "coordinator.publish", Kind: faults.Publish, Means: "at the coordinator's publish of the staged event, in phase 2 after the commit"},
		},
		Expect: []Expectation{
			{Want: Consistent, Lesson: "without faults both participants commit together"},
			{Faults: []string{"coordinator.after-prepare=1*crash"}, Want: Consistent,
				Lesson: "orders.db stays locked while the coordinator is down; it recovers, aborts (presumed abort) and the retry goes through: consistent, but blocked"},
			{Faults: []string{"coordinator.after-decision=1*crash"}, Want: Consistent,
				Lesson: "the recovered coordinator finds commit in its log and finishes it"},
		},
		File: "two_phase.go",
		New:  func() lab.Strategy { return twoPhase{} },
	},
}

var outboxPoints = []faults.Point{
	{Name: "commit", Kind: faults.Commit, Means: "at the commit of the order and its outbox row"},
	{Name: "after-commit", Kind: faults.Between, Means: "after the commit, before the relay got to the row"},
	{Name: "relay.before-publish", Kind: faults.Between, Means: "as the relay is about to publish a pending row"},
	{Name: "relay.publish", Kind: faults.Publish, Means: "at the relay's publish of a pending row"},
	{Name: "relay.after-publish", Kind: faults.Between, Means: "after the relay published the row and before it marked it sent"},
	{Name: "relay.after-mark", Kind: faults.Between, Means: "after the relay marked the row sent"},
}
