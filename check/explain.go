package check

import (
	"fmt"
	"strings"
)

// The sentences of the findings, one per finding, written for a student: the
// order first, then what each world holds, then why.

func (o *order) explainNeverArrived() string {
	where := "is in orders"
	if o.row == nil {
		where = "was committed in orders (its row since deleted)"
	}
	general := "the event never reached shipping"
	if o.row == nil && o.unseen.Deleted != "" {
		general = o.unseen.Deleted
	}
	return fmt.Sprintf("%s %s but shipping never heard of it%s.",
		o.id, where, o.because(Lost, "place", general))
}

func (o *order) explainLastNeverArrived(last Change) string {
	downstream := "behind in shipping"
	if s := o.downstreamState(); s != "" {
		downstream = "still " + s + " in shipping"
	}
	so := "shipping works from a stale order"
	if last.Op == "cancel" {
		so = "shipping would ship a cancelled order"
	}
	return fmt.Sprintf("%s is %s in orders but %s: the %s (v%d) never arrived, so %s%s.",
		o.id, orWord(last.State, last.Op), downstream, opNoun(last.Op), last.Version, so,
		o.because(Lost, last.Op, o.lastNeverArrivedWhy(last)))
}

func (o *order) explainGhostOrder() string {
	what := "was shipped"
	if o.shipment == nil {
		what = "reached shipping as " + orWord(o.applied[0].Event, "an event")
	}
	return fmt.Sprintf("%s %s, but orders has no such order%s.",
		o.id, what, o.because(Ghost, "place", "an event went out for a write that never committed"))
}

func (o *order) explainGhostVersions(ghosts []Delivery) string {
	names := make([]string, len(ghosts))
	for i, d := range ghosts {
		names[i] = fmt.Sprintf("v%d (%s)", d.Version, orWord(d.State, d.Event))
	}
	that := "that change"
	if len(ghosts) > 1 {
		that = "those changes"
	}
	return fmt.Sprintf("%s was applied by shipping as %s, but orders never committed %s%s.",
		o.id, strings.Join(names, " and "), that,
		o.because(Ghost, "", "an event went out for a change that never committed"))
}

const appliedAgain = "the same event reached shipping again and was applied again"

func (o *order) explainShippedTimes(n int) string {
	return fmt.Sprintf("%s was shipped %d times%s.", o.id, n, o.because(Duplicate, "place", appliedAgain))
}

func (o *order) explainAppliedTimes(repeated []applications) string {
	parts := make([]string, len(repeated))
	for i, a := range repeated {
		parts[i] = fmt.Sprintf("%s applied %d times", orWord(a.change, "an event"), a.times)
	}
	return fmt.Sprintf("%s had %s by shipping%s.", o.id, strings.Join(parts, " and "), o.because(Duplicate, "", appliedAgain))
}

func (o *order) explainReordered(seq []int, outOfOrder bool) string {
	var b strings.Builder
	if o.finalStatesDiffer() {
		fmt.Fprintf(&b, "%s ends as %s in orders but as %s in shipping", o.id, o.row.Status, o.shipment.Status)
	} else {
		fmt.Fprintf(&b, "%s reached shipping out of order", o.id)
	}
	switch {
	case outOfOrder:
		vs := make([]string, len(seq))
		for i, v := range seq {
			vs[i] = fmt.Sprintf("v%d", v)
		}
		fmt.Fprintf(&b, ": shipping applied its changes in the order %s, not as they were committed", strings.Join(vs, ", "))
		b.WriteString(o.writers())
	case o.row.Version > 0 && o.shipment.Version > 0:
		fmt.Fprintf(&b, ": shipping holds v%d where orders holds v%d, so the changes took effect in an order other than the one they were committed in",
			o.shipment.Version, o.row.Version)
	default:
		b.WriteString(": shipping applied its changes in an order other than the one orders committed them in")
	}
	// The sentence already says what went wrong; a cause is added only when one was recorded.
	b.WriteString(o.because(Reordered, "", ""))
	b.WriteString(".")
	return b.String()
}

// because says why an anomaly of kind k happened, from the most specific
// evidence at hand: the faults that struck the order and can cause it, else
// what its caller was told, else the general reason.
func (o *order) because(k Kind, op, general string) string {
	var texts []string
	seen := map[string]bool{}
	for _, s := range o.strikes {
		if s.canCause(k) && !seen[s.Text] {
			seen[s.Text] = true
			texts = append(texts, clause(s.Text))
		}
	}
	if len(texts) > 0 {
		return ", because " + strings.Join(texts, "; then ")
	}
	if err := o.failure(op); err != "" {
		return `, because the caller was told "` + clause(err) + `"`
	}
	if general == "" {
		return ""
	}
	if o.killed != "" {
		general = o.killed + "; " + general
	}
	return ", and no fault was recorded for it: " + general
}

// failure is the error the caller saw, preferring a failed op of the kind the
// finding is about.
func (o *order) failure(op string) string {
	first := ""
	for _, a := range o.attempts {
		if a.Outcome != Fail || a.Err == "" {
			continue
		}
		if a.Op == op {
			return a.Err
		}
		if first == "" {
			first = a.Err
		}
	}
	return first
}

// clause fits a recorded text inside a sentence.
func clause(s string) string { return strings.TrimRight(strings.TrimSpace(s), ".") }

// opNoun names an operation as a thing that travels: "the payment never arrived".
func opNoun(op string) string {
	switch op {
	case "place":
		return "placement"
	case "pay":
		return "payment"
	case "":
		return "change"
	}
	return op
}

func orWord(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}

func (o *order) explainMissedState(missed, last Change) string {
	return fmt.Sprintf("%s reached shipping only as v%d (%s): v%d (%s), the state its %s made, never arrived as an event of its own, "+
		"so anything that should happen on it downstream never happened%s.",
		o.id, last.Version, orWord(last.State, last.Op), missed.Version, orWord(missed.State, missed.Op), opNoun(missed.Op),
		o.because(Lost, missed.Op, orWord(o.unseen.Coalesced, "two changes came between two looks at the table, and only the latest could be seen")))
}

// writers says which writer's change won in each world, when changes were
// made by more than one writer: "; service-b's write (v3) won in orders, service-a's (v2) in shipping".
func (o *order) writers() string {
	by := map[int]string{}
	names := map[string]bool{}
	for _, c := range o.changes {
		by[c.Version] = c.By
		names[c.By] = true
	}
	if len(names) < 2 || o.row == nil || o.shipment == nil {
		return ""
	}
	db, down := by[o.row.Version], by[o.shipment.Version]
	if db == "" || down == "" || db == down {
		return ""
	}
	return fmt.Sprintf("; %s's write (v%d) won in orders, %s's (v%d) in shipping", db, o.row.Version, down, o.shipment.Version)
}

// lastNeverArrivedWhy is the general reason a last change never arrived: a
// delete that a blind strategy cannot see, or no reason known.
func (o *order) lastNeverArrivedWhy(last Change) string {
	if last.Op == "cancel" && o.unseen.Deleted != "" {
		return o.unseen.Deleted
	}
	return "the event never reached shipping"
}
