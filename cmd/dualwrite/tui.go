package main

import "context"

func (m *Main) tui(ctx context.Context, args []string) error {
	return usagef("the terminal UI is not built yet: use dualwrite run STRATEGY")
}
