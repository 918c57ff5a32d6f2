package main

import (
	"fmt"
	"io"

	"github.com/dualwrite/dualwrite/lab"
)

// parseConsumer reads --consumer; "" keeps each strategy's preset.
func parseConsumer(s string) (lab.Guarantee, error) {
	if s == "" {
		return "", nil
	}
	g, err := lab.ParseGuarantee(s)
	if err != nil {
		return "", usagef("bad --consumer: %s", err)
	}
	return g, nil
}

// consumerNote names shipping's guarantee in a run's header when --consumer
// chose one other than the strategy's preset.
func consumerNote(cfg lab.Config) string {
	if cfg.Consumer == "" || cfg.Consumer == lab.Preset(cfg.Strategy) {
		return ""
	}
	return " · consumer " + string(cfg.Consumer)
}

// writeGuarantees lists the values of --consumer, for dualwrite list.
func writeGuarantees(w io.Writer) {
	fmt.Fprintln(w, "--consumer, shipping's guarantee, for run, tui, lesson and chaos (the consumer's share of an outcome, apart from the producer's):")
	for _, g := range lab.Guarantees {
		fmt.Fprintf(w, "    %-24s %s\n", g, g.Means())
	}
	fmt.Fprintln(w)
}
