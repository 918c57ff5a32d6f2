package trace

// Follow calls fn with every event kept so far and then with each new one as it is
// added, in order, until Follow is called again (nil stops following). fn
// runs with the trace locked, which keeps the order: it must not use the
// trace, and a slow fn slows whoever adds events.
func (t *Trace) Follow(fn func(Event)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if fn != nil {
		for _, e := range t.events {
			fn(e)
		}
		for _, e := range t.tail[t.next:] {
			fn(e)
		}
		for _, e := range t.tail[:t.next] {
			fn(e)
		}
	}
	t.onAdd = fn
}
