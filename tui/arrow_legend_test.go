package tui

import (
	"regexp"
	"strings"
	"testing"
)

var (
	bareArrow   = regexp.MustCompile(`├[─┄]+[▶▷]|[◀◁][─┄]+┤`)
	letterLabel = regexp.MustCompile(`[├─┄]([a-z])[─┄]`)
)

// In 2pc at 80 columns seven lanes leave four cells between neighbours, and
// the apply and decide arrows were drawn bare. At every step of a whole run
// at 80x24, every arrow on screen has a label, and each one-letter label is
// named in the diagram's legend.
func TestEveryArrowSaysWhatItIs(t *testing.T) {
	h := newHarness(t, Options{Run: startRun(t, "2pc", 1), Base: baseConfig()}, 80, 24)
	h.idle()
	letters := 0
	for n := 0; n < 80 && !h.run().fr.finished; n++ {
		h.step(1)
		_, diagW, _ := h.run().layout(h.m.st, 80)
		var rows []string
		legendLine := ""
		for _, l := range strings.Split(h.screen(), "\n") {
			r := []rune(l)
			if len(r) <= diagW || r[diagW] != '│' {
				continue
			}
			left := string(r[:diagW])
			if strings.Contains(left, " = ") {
				legendLine = left
			}
			rows = append(rows, left)
		}
		for _, row := range rows {
			if bareArrow.MatchString(row) {
				t.Fatalf("step %d: a bare arrow: %q\n%s", n+1, row, h.screen())
			}
			for _, m := range letterLabel.FindAllStringSubmatch(row, -1) {
				letters++
				if !regexp.MustCompile(`\b` + m[1] + ` = [a-z]+`).MatchString(legendLine) {
					t.Fatalf("step %d: the label %q is not in the legend %q\n%s", n+1, m[1], legendLine, h.screen())
				}
			}
		}
	}
	if letters == 0 {
		t.Fatal("no one-letter label was ever drawn: is the screen still too narrow for 2pc's labels?")
	}
}

// The legend names what each letter stands for, in the words the arrows
// would have said, and only the letters on show.
func TestLegendNamesTheLettersOnShow(t *testing.T) {
	if got := legend(map[string]string{"d": "decide", "a": "apply"}, 40); got != "labels: a = apply · d = decide" {
		t.Errorf("legend = %q", got)
	}
	if got := legend(map[string]string{"d": "decide", "a": "apply"}, 20); got != "a=apply d=decide" {
		t.Errorf("narrow legend = %q", got)
	}
	if got := legend(nil, 40); got != "" {
		t.Errorf("legend of nothing = %q", got)
	}
}
