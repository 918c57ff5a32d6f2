package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/dualwrite/dualwrite/lab"
)

// clean lists and removes the streams and buckets that dualwrite runs left on
// a NATS server, found by their metadata. One whose run still goes on (its
// pid runs on this machine) is kept.
func (m *Main) clean(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("clean", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	url := fs.String("nats-url", "", "the NATS server at `URL` to clean")
	dry := fs.Bool("dry-run", false, "list what would be removed, remove nothing")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("clean takes no arguments, got %q", pos[0])
	}
	if *url == "" {
		return usagef("clean needs --nats-url URL: the embedded broker lives in the run's own directory and goes with it")
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	found, err := lab.FindLeftovers(ctx, *url)
	if err != nil {
		return labError(err)
	}
	where := lab.RedactURL(*url)
	var remove []string
	for _, l := range found {
		kind := "stream"
		if l.Bucket() {
			kind = "bucket"
		}
		what := fmt.Sprintf("%s %s (%d messages; made by pid %d on %s at %s)", kind, l.Stream, l.Messages, l.Pid, l.Host, l.Created.Format(time.RFC3339))
		switch {
		case l.Running:
			fmt.Fprintf(m.Stdout, "kept     %s: that run is still going\n", what)
		case *dry:
			fmt.Fprintf(m.Stdout, "would remove %s\n", what)
		default:
			remove = append(remove, l.Stream)
			fmt.Fprintf(m.Stdout, "removing %s\n", what)
		}
	}
	if err := lab.RemoveLeftovers(ctx, *url, remove); err != nil {
		return fmt.Errorf("remove from %s: %w", where, err)
	}
	if len(found) == 0 {
		fmt.Fprintf(m.Stdout, "nothing of dualwrite's on %s\n", where)
	}
	return nil
}
