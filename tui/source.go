package tui

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/dualwrite/dualwrite/scenarios"
	"github.com/dualwrite/dualwrite/trace"
)

// The source pane shows the strategy's own Go file, embedded in the binary,
// with the line of the current step marked. The line is found by the call
// that produced the step: "commit" is the line with ".Commit(", a fault at
// point P the line with the string "P".

// calls maps a step to the calls that may take it, in the order to try.
var calls = map[string][]string{
	"begin":         {".Begin(", ".PrepareDB("},
	"write":         {".Save("},
	"commit":        {".Commit("},
	"rollback":      {".Rollback(", ".Abort("},
	"publish":       {".Publish("},
	"ack":           {".Publish("},
	"error":         {".Publish("},
	"timeout":       {".Publish("},
	"outbox":        {".AddDomainEvent(", ".AddToOutbox("},
	"delete outbox": {".DeleteDomainEvent("},
	"read outbox":   {".PendingOutbox("},
	"mark sent":     {".MarkSent("},
	"forget sent":   {".PendingOutbox("},
	"retry later":   {".RetryLater("},
	"load offset":   {".LoadOffset("},
	"save offset":   {".SaveOffset("},
	"read log":      {".ReadChanges(", ".ReadOutboxLog(", ".InDoubt("},
	"recover":       {".InDoubt("},
	"poll":          {".PollOrders("},
	"log":           {".BeginGlobal("},
	"decide":        {".Decide("},
	"prepare":       {".PrepareDB("},
	"wait":          {".PrepareDB("},
	"lock":          {".PrepareDB("},
	"stage":         {".PrepareBroker("},
	"unstage":       {".Commit("},
	"abort":         {".Abort("},
	"request":       {") Handle("},
	"read seq":      {".LastOfOrder("},
	"reply":         {") Handle("},
}

// needles are what to look for in the source for an event, and who runs it.
func needles(e trace.Event) (texts []string, actor string, ok bool) {
	actor = e.Actor
	if e.Actor == trace.NATS && e.Target != "" {
		actor = e.Target // NATS answers the caller of Publish
	}
	if actor == trace.Consumer || actor == trace.Lab || actor == trace.SQLite {
		return nil, "", false
	}
	if e.Fault != "" {
		point, _, _ := strings.Cut(e.Fault, "=")
		return []string{`"` + point + `"`}, actor, true
	}
	if c, ok := calls[e.Step]; ok {
		return c, actor, true
	}
	return []string{"." + camel(e.Step) + "("}, actor, true
}

func camel(step string) string {
	var b strings.Builder
	up := true
	for _, r := range step {
		if r == ' ' || r == '-' {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// sourceFile is a Go file of the catalog.
type sourceFile struct {
	name  string
	lines []string
	funcs []span // the top-level functions
}

type span struct {
	name       string
	start, end int // lines [start, end)
}

func parseSource(name, text string) sourceFile {
	f := sourceFile{name: name, lines: strings.Split(strings.TrimRight(text, "\n"), "\n")}
	for i, l := range f.lines {
		if !strings.HasPrefix(l, "func ") {
			continue
		}
		if n := len(f.funcs); n > 0 {
			f.funcs[n-1].end = i
		}
		f.funcs = append(f.funcs, span{name: funcName(l), start: i, end: len(f.lines)})
	}
	return f
}

// funcName returns "Handle" for "func (naive) Handle(ctx ...".
func funcName(line string) string {
	rest := strings.TrimPrefix(line, "func ")
	if strings.HasPrefix(rest, "(") {
		if i := strings.Index(rest, ")"); i >= 0 {
			rest = strings.TrimSpace(rest[i+1:])
		}
	}
	if i := strings.IndexAny(rest, "([ "); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// find returns the line of needle for the actor: in Handle for the service,
// elsewhere for a worker; -1 when the file does not have it.
func (f sourceFile) find(needle, actor string) int {
	inHandle := func(i int) bool {
		for _, s := range f.funcs {
			if s.name == "Handle" && i >= s.start && i < s.end {
				return true
			}
		}
		return false
	}
	service := strings.HasPrefix(actor, trace.Service)
	first := -1
	for i, l := range f.lines {
		if !strings.Contains(l, needle) || strings.HasPrefix(strings.TrimSpace(l), "//") {
			continue
		}
		if first < 0 {
			first = i
		}
		if inHandle(i) == service {
			return i
		}
	}
	return first
}

// sources holds the strategy's own file first, then the files of the catalog
// it builds on (outbox-dedup reuses the outbox's Handle and relay), found by
// the names they define that the own file uses.
type sources struct {
	files []sourceFile
}

func sourcesFor(s scenarios.Strategy) sources {
	own := s.Source()
	src := sources{files: []sourceFile{parseSource(s.File, own)}}
	for _, o := range scenarios.All() {
		if o.File == s.File {
			continue
		}
		text := o.Source()
		for _, name := range definedNames(text) {
			if regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`).MatchString(own) {
				src.files = append(src.files, parseSource(o.File, text))
				break
			}
		}
	}
	return src
}

// definedNames lists the types and plain functions a file defines.
func definedNames(text string) []string {
	var names []string
	for _, l := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(l, "type "):
			if f := strings.Fields(l); len(f) > 1 {
				names = append(names, f[1])
			}
		case strings.HasPrefix(l, "func ") && !strings.HasPrefix(l, "func ("):
			names = append(names, funcName(l))
		}
	}
	return names
}

// locate finds the file and line of the latest event that maps to a line.
// It reports why there is none when the latest step runs outside the
// strategy's code.
func (s sources) locate(events []trace.Event, from int) (file int, line int, why string) {
	// A fault that struck in the last step is what the step was about.
	for i := len(events) - 1; i >= max(from, 0); i-- {
		if e := events[i]; e.Fault != "" {
			if texts, actor, ok := needles(e); ok {
				if fi, l := s.find(texts, actor); l >= 0 {
					return fi, l, ""
				}
			}
		}
	}
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		texts, actor, ok := needles(e)
		if !ok {
			if i == len(events)-1 && (e.Actor == trace.Consumer || e.Target == trace.Consumer) {
				why = "now shipping works (lab/consumer.go); marked: the strategy's last step"
			}
			continue
		}
		if fi, l := s.find(texts, actor); l >= 0 {
			return fi, l, why
		}
	}
	return 0, -1, why
}

// find looks for the first of texts that some file has.
func (s sources) find(texts []string, actor string) (int, int) {
	for _, text := range texts {
		for fi, f := range s.files {
			if l := f.find(text, actor); l >= 0 {
				return fi, l
			}
		}
	}
	return 0, -1
}

// render draws the file around the marked line in w×h cells.
func (s sources) render(st styles, events []trace.Event, from, w, h int) []string {
	fi, line, why := s.locate(events, from)
	f := s.files[fi]
	at := ""
	if line >= 0 {
		at = fmt.Sprintf(" · line %d", line+1)
	}
	title := fitWhole([]string{"scenarios/" + f.name + at, f.name + at, "scenarios/" + f.name, f.name}, w)
	if title == "" {
		title = cut(f.name, w)
	}
	out := []string{st.panelHead.Render(title)}
	if why != "" {
		out = append(out, hangStyled(st.faint, "", why, w)...)
	}
	body := h - len(out)
	if body <= 0 {
		return block(out, w, h)
	}
	// A long line wraps under itself, as an editor's soft wrap does: cut,
	// `tx.Commit(ctx, "comm…` hid the fault point's name.
	numW := len(fmt.Sprint(len(f.lines)))
	rows := make([][]string, len(f.lines))
	for i, l := range f.lines {
		code := strings.ReplaceAll(l, "\t", "    ")
		text := strings.TrimLeft(code, " ")
		room := w - numW - 2
		// A deep indent gives way in a narrow pane, never the code.
		lead := min(len(code)-len(text), room/2)
		for j, part := range wrap(text, max(room-lead-2, 8)) {
			if j > 0 {
				part = "  " + part
			}
			rows[i] = append(rows[i], strings.Repeat(" ", lead)+part)
		}
		if len(rows[i]) == 0 {
			rows[i] = []string{""}
		}
	}
	// The marked line's first row sits a third of the way down, or as near
	// as the file's start and end allow.
	start := 0
	if line >= 0 {
		above := 0
		for start = line; start > 0 && above+len(rows[start-1]) <= body/3; start-- {
			above += len(rows[start-1])
		}
		total := 0
		for i := start; i < len(rows); i++ {
			total += len(rows[i])
		}
		for start > 0 && total+len(rows[start-1]) <= body {
			start--
			total += len(rows[start])
		}
	}
	blank := strings.Repeat(" ", numW+1)
	for i := start; i < len(f.lines) && len(out) < h; i++ {
		num := fmt.Sprintf("%*d ", numW, i+1)
		for j, code := range rows[i] {
			if j > 0 {
				num = blank
			}
			if i == line {
				mark := "▸"
				if j > 0 {
					mark = " "
				}
				out = append(out, st.codeNow.Render(fit(mark+num+code, w)))
				continue
			}
			out = append(out, " "+st.lineNo.Render(num)+st.code.Render(cut(code, w-numW-2)))
		}
	}
	return block(out, w, h)
}
