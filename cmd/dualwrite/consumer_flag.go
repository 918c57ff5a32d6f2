package main

import (
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
