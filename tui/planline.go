package tui

import (
	"fmt"
	"strings"
)

// The header's plan names the strategy's steps with the current one in
// brackets. A step is never cut: "keep it open (pr…" told a student nothing.
// When the whole plan does not fit, it says where the run is ("step 3/5")
// and shows whole steps from the current one on; when not even that fits
// beside the armed faults, the plan takes a line of its own and wraps there.

// planText is the plan in the widest form that fits room cells, built of
// whole steps only; ok is false when not even the current step fits.
func planText(st styles, prefix string, steps []string, stage, room int) (string, bool) {
	sep := st.rule.Render(" › ")
	show := func(i int) string {
		if i == stage {
			return st.arrowNow.Render("[" + steps[i] + "]")
		}
		return st.dim.Render(steps[i])
	}
	var all []string
	for i := range steps {
		all = append(all, show(i))
	}
	whole := st.dim.Render(prefix+": ") + strings.Join(all, sep)
	if width(whole) <= room {
		return whole, true
	}
	from := max(stage, 0)
	// The shorter leads are for a narrow screen: the step counts more than
	// the order's name, which the diagram's rows also give.
	leads := []string{fmt.Sprintf("%s step %d/%d: ", prefix, stage+1, len(steps)),
		fmt.Sprintf("%s %d/%d: ", prefix, stage+1, len(steps)), fmt.Sprintf("%d/%d: ", stage+1, len(steps))}
	if stage < 0 {
		leads = []string{fmt.Sprintf("%s, %d steps: ", prefix, len(steps)), fmt.Sprintf("%d steps: ", len(steps))}
	}
	var line string
	for _, l := range leads {
		line = st.dim.Render(l) + show(from)
		if width(line) <= room {
			break
		}
	}
	if width(line) > room {
		return line, false
	}
	// Steps left out at the end are marked "› …": "plan, 7 steps: BEGIN ›
	// INSERT the order" read as if the plan stopped there.
	// The step after the current one is worth more than the mark.
	more := sep + st.dim.Render("…")
	shown := []string{line}
	for i := from + 1; i < len(steps); i++ {
		next := shown[len(shown)-1] + sep + show(i)
		if width(next) > room {
			break
		}
		shown = append(shown, next)
	}
	line = shown[len(shown)-1]
	if from+len(shown) < len(steps) {
		for k := len(shown) - 1; k >= min(1, len(shown)-1); k-- {
			if width(shown[k]+more) <= room {
				line = shown[k] + more
				break
			}
		}
	}
	return line, true
}

// headerPlan is the header's second line and, when the plan needs it, the
// plan's own lines below it, each at most w cells.
func headerPlan(st styles, armed, prefix string, steps []string, stage, w int) []string {
	if len(steps) == 0 {
		return wrapStyled(armed, w)
	}
	if room := w - width(armed) - 3; room > 12 {
		if plan, ok := planText(st, prefix, steps, stage, room); ok {
			return []string{armed + "   " + plan}
		}
	}
	plan, ok := planText(st, prefix, steps, stage, w)
	out := wrapStyled(armed, w)
	if ok {
		return append(out, plan)
	}
	return append(out, wrapStyled(plan, w)...)
}

// wrapStyled wraps a styled line at spaces to w cells, keeping its styles.
func wrapStyled(s string, w int) []string {
	if width(s) <= w {
		return []string{s}
	}
	return wrap(s, w)
}
