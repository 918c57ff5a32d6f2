package tui

import (
	"slices"
	"strings"

	"github.com/dualwrite/dualwrite/check"
)

// Prediction is one student's answer in the lesson: the anomaly kinds they
// expect, or consistent, and whether some caller will be told "failed" for
// an order that is committed. Any of the three is an answer the room counts.
type Prediction struct {
	Kinds      []check.Kind // in the order of anomalyKinds
	Consistent bool
	Ambiguous  Ambiguity
}

// Ambiguity is a student's answer to "ambiguous?".
type Ambiguity int

const (
	AmbiguityUnsaid Ambiguity = iota // no answer: not judged
	AmbiguityYes
	AmbiguityNo
)

// Answered reports whether the prediction says anything at all.
func (p Prediction) Answered() bool {
	return p.Consistent || len(p.Kinds) > 0 || p.Ambiguous != AmbiguityUnsaid
}

// Equal reports whether two students gave the same answer.
func (p Prediction) Equal(o Prediction) bool {
	return p.Consistent == o.Consistent && p.Ambiguous == o.Ambiguous && slices.Equal(p.Kinds, o.Kinds)
}

// String says the answer in plain words, as the presenter reads it in the
// tally: "lost + duplicate (ambiguous)", "consistent", "ambiguous, no outcome".
func (p Prediction) String() string {
	var outcome string
	switch {
	case p.Consistent:
		outcome = "consistent"
	case len(p.Kinds) > 0:
		outcome = combinedKinds(p.Kinds)
	}
	amb := map[Ambiguity]string{AmbiguityYes: "ambiguous", AmbiguityNo: "not ambiguous"}[p.Ambiguous]
	switch {
	case outcome == "" && amb == "":
		return "no answer"
	case outcome == "":
		return amb + ", no outcome"
	case amb == "":
		return outcome
	}
	return outcome + " (" + amb + ")"
}

// combinedKinds says an answer of several kinds the one way the lesson and
// the room both write it, "lost + duplicate": the room's tally already
// separates answers with " · ", and a student read "lost · duplicate" for
// their own answer where the tally said "lost + duplicate".
func combinedKinds(kinds []check.Kind) string {
	words := make([]string, len(kinds))
	for i, k := range kinds {
		words[i] = kindWords(k)
	}
	return strings.Join(words, " + ")
}

// kindWords is an anomaly kind as the lesson's question says it.
func kindWords(k check.Kind) string {
	if k == check.DoubleOrder {
		return "double order"
	}
	return string(k)
}

// predictionOf is the lesson's prediction as the room counts it.
func predictionOf(p prediction) Prediction {
	out := Prediction{Consistent: p.consistent}
	for _, k := range anomalyKinds {
		if p.kinds[k] {
			out.Kinds = append(out.Kinds, k)
		}
	}
	switch p.ambiguous {
	case 1:
		out.Ambiguous = AmbiguityYes
	case -1:
		out.Ambiguous = AmbiguityNo
	}
	return out
}

// judged reports whether the answer names an outcome, the part a run can
// prove right or wrong; an answer on ambiguity alone is counted, not judged,
// as the lesson does with its own.
func (p Prediction) judged() bool { return p.Consistent || len(p.Kinds) > 0 }

// right reports whether the answer is what the run showed: the same
// outcome, and the same on ambiguity when it gave one.
func (p Prediction) right(got measured, consistent, ambiguous bool) bool {
	if !p.judged() || p.Consistent != consistent || !samekinds(p.Kinds, got) {
		return false
	}
	return p.Ambiguous == AmbiguityUnsaid || (p.Ambiguous == AmbiguityYes) == ambiguous
}

type measured map[check.Kind]bool

func samekinds(ks []check.Kind, got measured) bool {
	if len(ks) != len(got) {
		return false
	}
	for _, k := range ks {
		if !got[k] {
			return false
		}
	}
	return true
}

// clone is a copy of the answer that shares nothing with it.
func (p prediction) clone() prediction {
	c := p
	c.kinds = make(map[check.Kind]bool, len(p.kinds))
	for k, on := range p.kinds {
		c.kinds[k] = on
	}
	return c
}
