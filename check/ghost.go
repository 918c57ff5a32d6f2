package check

// ghost finds an order downstream applied that the database never committed,
// or a change of a committed order that the database never committed.
func (o *order) ghost() (Finding, bool) {
	if !o.reached() {
		return Finding{}, false
	}
	if !o.committed() {
		return Finding{Ghost, o.id, o.explainGhostOrder()}, true
	}
	if len(o.changes) == 0 {
		// Without the change log, versions cannot be checked.
		return Finding{}, false
	}
	var ghosts []Delivery
	seen := map[int]bool{}
	for _, d := range o.applied {
		if d.Version > 0 && !o.hasVersion(d.Version) && !seen[d.Version] {
			seen[d.Version] = true
			ghosts = append(ghosts, d)
		}
	}
	if len(ghosts) == 0 {
		return Finding{}, false
	}
	return Finding{Ghost, o.id, o.explainGhostVersions(ghosts)}, true
}
