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
			"If the service dies or the broker is away between the two, the order exists but the event never will: " +
			"a zombie record that downstream never hears of.",
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
		},
		File: "naive.go",
		New:  func() lab.Strategy { return naive{} },
	},
	{
		ID:    "publish-first",
		Title: "publish the event, then commit the order",
		About: "The service publishes OrderPlaced first and commits the order afterwards, hoping to never lose an event. " +
			"Now the failure runs the other way: if the commit fails or the service dies after the publish, " +
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
}
