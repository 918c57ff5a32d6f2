package tui

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unsafe"

	"charm.land/lipgloss/v2"
)

// luminance is the relative luminance of a colour, as WCAG 2.x defines it.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v>>8) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is the WCAG contrast ratio of two colours, 1 to 21.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// The backgrounds a theme is read against: the terminal's own is not
// known, so each colour must hold against the lightest and the darkest a
// theme of that kind is likely to have.
var themeBackgrounds = map[bool][]string{
	true:  {"#000000", "#1E1E1E", "#282828"},
	false: {"#FFFFFF", "#F5F5F5", "#EEEEEE"},
}

// stylePair is one style's text colour over its background.
type stylePair struct {
	name   string
	fg, bg color.Color
	bgName string
}

// textStyles lists every style of the struct, the help's too, by field
// name, found by reflection so that a new style is checked without a new
// line here.
func textStyles(s styles) map[string]lipgloss.Style {
	out := map[string]lipgloss.Style{}
	v := reflect.ValueOf(&s).Elem()
	styleType := reflect.TypeOf(lipgloss.Style{})
	for i := 0; i < v.NumField(); i++ {
		if f := v.Field(i); f.Type() == styleType {
			// The fields are unexported: read them through their address.
			out[v.Type().Field(i).Name] = *(*lipgloss.Style)(unsafe.Pointer(f.UnsafeAddr()))
		}
	}
	h := reflect.ValueOf(s.help)
	for i := 0; i < h.NumField(); i++ {
		if x, ok := h.Field(i).Interface().(lipgloss.Style); ok {
			out["help."+h.Type().Field(i).Name] = x
		}
	}
	return out
}

func pairsOf(s styles) []stylePair {
	var out []stylePair
	for name, st := range textStyles(s) {
		fg, ok := st.GetForeground().(color.Color)
		if !ok || fg == nil || isNoColor(fg) {
			continue // the terminal's own foreground
		}
		if bg := st.GetBackground(); bg != nil && !isNoColor(bg) {
			out = append(out, stylePair{name: name, fg: fg, bg: bg, bgName: hex(bg)})
			continue
		}
		for _, b := range themeBackgrounds[s.dark] {
			out = append(out, stylePair{name: name, fg: fg, bg: lipgloss.Color(b), bgName: b + " (terminal)"})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].name != out[j].name {
			return out[i].name < out[j].name
		}
		return out[i].bgName < out[j].bgName
	})
	return out
}

func isNoColor(c color.Color) bool {
	_, ok := c.(lipgloss.NoColor)
	return ok
}

func hex(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02X%02X%02X", r>>8, g>>8, b>>8)
}

// TestContrast checks every text colour of both themes against its
// background: at least 4.5:1, WCAG AA for normal text. With
// DUALWRITE_CONTRAST=FILE it writes the table of every pair.
func TestContrast(t *testing.T) {
	var table strings.Builder
	table.WriteString("| theme | style | text | background | ratio |\n|---|---|---|---|---|\n")
	n := 0
	for _, dark := range []bool{true, false} {
		theme := map[bool]string{true: "dark", false: "light"}[dark]
		for _, p := range pairsOf(newStyles(dark, false, true)) {
			r := contrast(p.fg, p.bg)
			n++
			fmt.Fprintf(&table, "| %s | %s | %s | %s | %.2f |\n", theme, p.name, hex(p.fg), p.bgName, r)
			if r < 4.5 {
				t.Errorf("%s theme: %s is %s on %s: contrast %.2f, below 4.5", theme, p.name, hex(p.fg), p.bgName, r)
			}
		}
	}
	// The rows of the last step in presenter mode: every cell style of the
	// diagram over the highlight's background.
	for _, dark := range []bool{true, false} {
		theme := map[bool]string{true: "dark", false: "light"}[dark]
		st := newStyles(dark, false, true)
		for c := csPlain; c <= csName; c++ {
			hs := st.highlit(c)
			fg, bg := hs.GetForeground(), hs.GetBackground()
			if fg == nil || isNoColor(fg) || bg == nil || isNoColor(bg) {
				t.Errorf("%s theme: highlighted cell style %d has no colour of its own", theme, c)
				continue
			}
			r := contrast(fg, bg)
			n++
			fmt.Fprintf(&table, "| %s | highlighted cell %d | %s | %s | %.2f |\n", theme, c, hex(fg), hex(bg), r)
			if r < 4.5 {
				t.Errorf("%s theme: highlighted cell style %d is %s on %s: contrast %.2f, below 4.5", theme, c, hex(fg), hex(bg), r)
			}
		}
	}
	if n < 60 {
		t.Fatalf("only %d colour pairs found: the reflection over styles missed them", n)
	}
	if f := os.Getenv("DUALWRITE_CONTRAST"); f != "" {
		if err := os.WriteFile(f, []byte(table.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The presenter's styles and the others use the same colours: the faint
// grey meets 4.5:1 in every mode, not only when presenting.
func TestContrastSameInEveryMode(t *testing.T) {
	for _, dark := range []bool{true, false} {
		a, b := newStyles(dark, false, true), newStyles(dark, false, false)
		if !reflect.DeepEqual(hex(a.faint.GetForeground()), hex(b.faint.GetForeground())) {
			t.Errorf("dark=%v: the faint grey differs outside presenter mode", dark)
		}
	}
}

func TestContrastFormula(t *testing.T) {
	// Known values: black on white is 21, #767676 on white 4.54.
	if r := contrast(lipgloss.Color("#000000"), lipgloss.Color("#FFFFFF")); math.Abs(r-21) > 0.01 {
		t.Errorf("black on white: %.2f, want 21", r)
	}
	if r := contrast(lipgloss.Color("#767676"), lipgloss.Color("#FFFFFF")); math.Abs(r-4.54) > 0.01 {
		t.Errorf("#767676 on white: %.2f, want 4.54", r)
	}
}
