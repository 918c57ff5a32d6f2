package main

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"syscall"

	"github.com/dualwrite/dualwrite/trace"
)

// interruptedError ends a command stopped by an interrupt after it printed
// what it had so far: exit status 130.
type interruptedError struct{ msg string }

func (e interruptedError) Error() string { return e.msg }

func interruptedAfter(steps int) interruptedError {
	return interruptedError{fmt.Sprintf("interrupted after %d steps", steps)}
}

// brokenPipe reports whether err is a write to a reader that went away.
func brokenPipe(err error) bool { return errors.Is(err, syscall.EPIPE) }

// liveTrace writes each step of a run as it happens. The first failed write
// (the reader went away) stops the run through stop, and is kept for the
// command to return.
type liveTrace struct {
	w    io.Writer
	stop func()

	mu  sync.Mutex
	err error
}

func (l *liveTrace) write(e trace.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return
	}
	if err := trace.WriteText(l.w, []trace.Event{e}); err != nil {
		l.err = err
		l.stop()
	}
}

func (l *liveTrace) failed() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}
