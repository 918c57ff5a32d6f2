package tui

import "github.com/dualwrite/dualwrite/lab"

// delta tells the rows the last step changed, by comparing the stores after
// it with the stores before it. The zero delta marks nothing.
type delta struct {
	prev *lab.Snapshot
}

func (d delta) order(o lab.SnapshotOrder) bool {
	if d.prev == nil {
		return false
	}
	for _, p := range d.prev.Orders {
		if p.ID == o.ID {
			return p != o
		}
	}
	return true
}

func (d delta) outbox(o lab.SnapshotOutbox) bool {
	if d.prev == nil {
		return false
	}
	for _, p := range d.prev.Outbox {
		if p.ID == o.ID {
			return p != o
		}
	}
	return true
}

func (d delta) msg(m lab.SnapshotMsg) bool {
	if d.prev == nil || d.prev.Stream.Down != "" {
		return false // a stream that could not be read says nothing of what is new
	}
	return m.Seq > d.prev.Stream.Last
}

func (d delta) shipment(s lab.SnapshotShipment) bool {
	if d.prev == nil {
		return false
	}
	for _, p := range d.prev.Shipments {
		if p.Order == s.Order {
			return p != s
		}
	}
	return true
}
