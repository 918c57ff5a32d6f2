package main

import (
	"strings"
	"testing"
)

func TestUIFlagsBadInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"tui", "--theme", "pink"}, `bad --theme "pink": valid values are dark, light, auto`},
		{[]string{"--theme", "pink"}, `bad --theme "pink"`},
		{[]string{"--present"}, "tui needs a terminal"},
		{[]string{"lesson", "naive"}, "lesson takes no strategy"},
		{[]string{"lesson", "--fault", "commit=crash"}, "lesson takes no --fault"},
		{[]string{"lesson", "--theme", "x"}, `bad --theme "x"`},
		{[]string{"lesson"}, "lesson needs a terminal"},
	} {
		code, _, errs := runMain(t, c.args...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", c.args, code, errs, c.want)
		}
	}
}
