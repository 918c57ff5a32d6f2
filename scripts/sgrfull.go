//go:build ignore

// sgrfull rewrites the escape codes of a `tmux capture-pane -e` so that
// each one states the whole current style: freeze v0.2.2 draws a colour or
// attribute carried over from an earlier code wrongly, and a code that
// resets first and then sets everything leaves it nothing to carry.
//
//	go run scripts/sgrfull.go < pane.ansi > full.ansi
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
)

type state struct {
	bold, faint, italic, underline, reverse bool
	fg, bg                                  string // "" default, else the SGR parameters: "31", "38;5;9", "38;2;r;g;b"
}

func (s state) sgr() string {
	p := []string{"0"}
	for _, a := range []struct {
		on   bool
		code string
	}{{s.bold, "1"}, {s.faint, "2"}, {s.italic, "3"}, {s.underline, "4"}, {s.reverse, "7"}} {
		if a.on {
			p = append(p, a.code)
		}
	}
	if s.fg != "" {
		p = append(p, s.fg)
	}
	if s.bg != "" {
		p = append(p, s.bg)
	}
	return "\x1b[" + strings.Join(p, ";") + "m"
}

// apply reads one SGR's parameters into the state.
func (s *state) apply(params string) {
	if params == "" {
		*s = state{}
		return
	}
	ps := strings.Split(params, ";")
	for i := 0; i < len(ps); i++ {
		n, err := strconv.Atoi(ps[i])
		if err != nil {
			continue
		}
		switch {
		case n == 0:
			*s = state{}
		case n == 1:
			s.bold = true
		case n == 2:
			s.faint = true
		case n == 3:
			s.italic = true
		case n == 4:
			s.underline = true
		case n == 7:
			s.reverse = true
		case n == 22:
			s.bold, s.faint = false, false
		case n == 23:
			s.italic = false
		case n == 24:
			s.underline = false
		case n == 27:
			s.reverse = false
		case n >= 30 && n <= 37 || n >= 90 && n <= 97:
			s.fg = ps[i]
		case n == 39:
			s.fg = ""
		case n >= 40 && n <= 47 || n >= 100 && n <= 107:
			s.bg = ps[i]
		case n == 49:
			s.bg = ""
		case n == 38 || n == 48:
			var c string
			if i+2 < len(ps) && ps[i+1] == "5" {
				c = strings.Join(ps[i:i+3], ";")
				i += 2
			} else if i+4 < len(ps) && ps[i+1] == "2" {
				c = strings.Join(ps[i:i+5], ";")
				i += 4
			}
			if n == 38 {
				s.fg = c
			} else {
				s.bg = c
			}
		}
	}
}

var sgrRe = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

func main() {
	in, err := io.ReadAll(bufio.NewReader(os.Stdin))
	if err != nil {
		fmt.Fprintln(os.Stderr, "sgrfull:", err)
		os.Exit(1)
	}
	var cur state
	text := strings.TrimRight(string(in), "\n")
	out := sgrRe.ReplaceAllStringFunc(text, func(code string) string {
		cur.apply(sgrRe.FindStringSubmatch(code)[1])
		return cur.sgr()
	})
	// A line starts in the style the line before ended in, which freeze does
	// not know: say it again after every newline.
	var b strings.Builder
	cur = state{}
	for i, line := range strings.Split(out, "\n") {
		if i > 0 {
			b.WriteString("\x1b[0m\n" + cur.sgr())
		}
		b.WriteString(line)
		for _, m := range sgrRe.FindAllStringSubmatch(line, -1) {
			cur = state{}
			cur.apply(m[1])
		}
	}
	b.WriteString("\x1b[0m\n")
	os.Stdout.WriteString(b.String())
}
