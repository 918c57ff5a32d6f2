package check

// replayed says the event shipping refused in f was applied later from a
// higher stream sequence: a replay of its dead letter put it back on the
// stream, and it blocks nothing any more. (Shipping applies one stream in
// order, so while a refused message still blocks, nothing behind it applies.)
func (h History) replayed(f Refusal) bool {
	for _, d := range h.Deliveries {
		if d.Applied && d.Order == f.Order && d.Version == f.Version && d.Seq > f.Seq {
			return true
		}
	}
	return false
}
