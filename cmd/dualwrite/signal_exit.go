package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
)

// signalled is why a command's context ends when a signal arrives.
type signalled struct{ sig syscall.Signal }

func (s signalled) Error() string { return "interrupted by " + s.sig.String() }

// signalContext is cancelled by SIGINT, SIGTERM or SIGHUP, with the signal as
// its cause. Later signals are caught too, so that cleanup is not cut short.
func signalContext(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		select {
		case s := <-ch:
			if sig, ok := s.(syscall.Signal); ok {
				cancel(signalled{sig})
			} else {
				cancel(context.Canceled)
			}
		case <-ctx.Done():
		}
	}()
	return ctx, func() { signal.Stop(ch); cancel(nil) }
}

// interruptedStatus is the exit status of an interrupted command as a shell
// reports a process ended by that signal: 130 for SIGINT, 143 for SIGTERM,
// 129 for SIGHUP; 130 when no signal says otherwise.
func interruptedStatus(ctx context.Context) int {
	var s signalled
	if errors.As(context.Cause(ctx), &s) {
		return 128 + int(s.sig)
	}
	return exitInterrupted
}
