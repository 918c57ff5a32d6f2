package main

import (
	"io"
	"sync"
)

// checkedWriter keeps the first error a write to stdout met, so a command
// whose output went nowhere (a full disk, a reader gone) does not exit 0:
// the text renderers write line by line and do not stop to look.
type checkedWriter struct {
	w io.Writer

	mu  sync.Mutex
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	if err != nil {
		c.err = err
	}
	return n, err
}

func (c *checkedWriter) failed() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// opensUI reports whether args open the terminal UI, which needs stdout as
// it is (a terminal) and reports its own errors.
func opensUI(args []string) bool {
	if len(args) == 0 {
		return true
	}
	switch args[0] {
	case "tui", "lesson", "serve":
		return true
	}
	return len(args[0]) > 0 && args[0][0] == '-' && args[0] != "-h" && args[0] != "--help"
}
