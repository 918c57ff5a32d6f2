// Package faults names the places where a strategy can fail and decides, run
// by run, what fails there.
//
// A Point is declared where it strikes, with one call in the strategy's code.
// A Fault arms a point with a Chain of Terms in a grammar borrowed from etcd's
// gofail, so that students who know gofail read it at once:
//
//	crash            strike every time the point is reached
//	1*crash          strike the first time, then move on along the chain
//	25%ack-lost      strike with probability 25% each time
//	1*crash->error   crash the first time, error every time after
//	delay(50ms)      actions that need a duration take it in parentheses
//
// A Plan holds the armed faults and answers, at each point, whether and how it
// strikes. Its only randomness is its own seeded source, so one seed gives one
// sequence of decisions and a run can be replayed.
package faults
