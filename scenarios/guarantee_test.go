package scenarios_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

func lookup(t *testing.T, id string) scenarios.Strategy {
	t.Helper()
	s, err := scenarios.Lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The race ends consistent with a versioned consumer, on every seed: A's late
// v2 is discarded, and the trace says so in typed fields.
func TestRaceWithAVersionedConsumerEndsConsistent(t *testing.T) {
	s := lookup(t, "race")
	for seed := int64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			t.Parallel()
			rep := mustRunAs(t, s, nil, false, seed, lab.Versioned)
			if !rep.Consistent || rep.Discarded != 1 {
				t.Fatalf("consistent %v, discarded %d; want consistent with 1 discarded\n%s", rep.Consistent, rep.Discarded, describe(rep))
			}
			found := false
			for _, e := range rep.Trace {
				if e.Outcome == lab.Discarded {
					found = e.Order == "o-1" && e.Version == 2 && e.Step == "discard" && e.Seq > 0
				}
			}
			if !found {
				t.Errorf("no typed discard of o-1 v2 on the trace\n%s", describe(rep))
			}
		})
	}
}

// race-occ: the broker rejects the losing writer's publish, and the trace
// shows the rejection as a typed outcome; shipping never applies the stale
// write, so nothing is reordered.
func TestRaceOCCTheBrokerRejectsTheLosingWrite(t *testing.T) {
	rep := mustRun(t, lookup(t, "race-occ"), nil, false, 1)
	rejected := 0
	for _, e := range rep.Trace {
		if e.Outcome == lab.Rejected && e.Order == "o-1" && e.Target == "service-a" {
			rejected++
		}
		if e.Outcome == lab.Applied && e.Order == "o-1" && e.Version == 2 {
			t.Errorf("shipping applied A's stale v2: %s", e.Detail)
		}
	}
	if rejected != 1 || rep.Anomalies.Reordered != 0 {
		t.Fatalf("rejections of service-a's publish %d, reordered %d; want 1 and 0\n%s", rejected, rep.Anomalies.Reordered, describe(rep))
	}
}

// outbox-cdc: the outbox table stays empty, the log holds each insert and
// delete, and each event goes out on its order's subject with the outbox row
// id as message id.
func TestOutboxCDCPublishesDomainEventsFromTheLog(t *testing.T) {
	s := lookup(t, "outbox-cdc")
	dir := filepath.Join(t.TempDir(), "run")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	r, err := lab.Start(context.Background(), lab.Config{Name: s.ID, Strategy: s.New(), Points: s.AllPoints(), Seed: 1, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := r.Finish(context.Background())
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Consistent {
		t.Fatalf("not consistent\n%s", describe(rep))
	}
	for i := 1; i <= 3; i++ {
		want := fmt.Sprintf("on orders.o-%d.placed (Nats-Msg-Id outbox-%d)", i, i)
		seen := false
		for _, e := range rep.Trace {
			seen = seen || (e.Step == "publish" && strings.Contains(e.Detail, want))
		}
		if !seen {
			t.Errorf("no publish %q\n%s", want, describe(rep))
		}
	}
	db, err := sql.Open("sqlite3", filepath.Join(dir, "orders.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var rows, inserts, deletes int
	db.QueryRow(`SELECT count(*) FROM outbox_events`).Scan(&rows)
	db.QueryRow(`SELECT count(*) FROM outbox_log WHERE op = 'insert'`).Scan(&inserts)
	db.QueryRow(`SELECT count(*) FROM outbox_log WHERE op = 'delete'`).Scan(&deletes)
	if rows != 0 || inserts != 3 || deletes != 3 {
		t.Fatalf("outbox_events %d rows, log %d inserts %d deletes; want 0, 3, 3", rows, inserts, deletes)
	}
}

// The consumer's share is told apart from the producer's: the plain outbox's
// second publish is absorbed by shipping's inbox, not by JetStream, and with
// a plain consumer cdc's redelivery is a duplicate.
func TestTheConsumersShareIsItsOwn(t *testing.T) {
	rep := mustRunAs(t, lookup(t, "outbox"), []string{"relay.after-publish=1*crash"}, false, 1, lab.Inbox)
	if !rep.Consistent || rep.DedupBy.Consumer != 1 || rep.DedupBy.Broker != 0 {
		t.Fatalf("outbox+inbox: consistent %v, dedup %+v; want consistent, consumer 1, broker 0\n%s", rep.Consistent, rep.DedupBy, describe(rep))
	}
	rep = mustRunAs(t, lookup(t, "cdc"), []string{"consumer.after-apply=1*crash"}, false, 1, lab.Plain)
	if rep.Anomalies.Duplicate != 1 {
		t.Fatalf("cdc with a plain consumer: %+v, want a duplicate\n%s", rep.Anomalies, describe(rep))
	}
}

// A cell names its consumer in its command only when it is not the preset.
func TestACommandNamesTheConsumerOnlyWhenNotThePreset(t *testing.T) {
	for _, c := range []struct {
		id       string
		consumer lab.Guarantee
		want     string
	}{{"cdc", lab.Inbox, ""}, {"cdc", lab.Plain, " --consumer plain"}, {"race", lab.Versioned, " --consumer versioned"}, {"race", "", ""}} {
		got := scenarios.Spec{Strategy: lookup(t, c.id), Seed: 1, Consumer: c.consumer}.Command()
		if want := "dualwrite run " + c.id + " --seed 1" + c.want; got != want {
			t.Errorf("%s %q: %q, want %q", c.id, c.consumer, got, want)
		}
	}
}
