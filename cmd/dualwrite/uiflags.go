package main

import (
	"flag"
	"os"

	"github.com/dualwrite/dualwrite/tui"
)

// uiFlags are the flags of the UI's look, shared by tui and lesson.
type uiFlags struct {
	present bool
	theme   string
}

func (f *uiFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.present, "present", false, "presenter mode: high contrast, no key line, changes highlighted")
	fs.StringVar(&f.theme, "theme", "auto", "`dark`, light or auto (the terminal's background, or COLORFGBG)")
}

// apply checks the flags and sets them on the UI's options.
func (f *uiFlags) apply(o *tui.Options) error {
	if err := oneOf("theme", f.theme, "dark", "light", "auto"); err != nil {
		return err
	}
	o.Present, o.Theme, o.ColorFGBG = f.present, f.theme, os.Getenv("COLORFGBG")
	return nil
}
