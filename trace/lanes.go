package trace

// The lab has one actor, "sqlite", for both databases. A rendering shows
// them as two lanes, orders.db on the service's side and shipping.db
// downstream, decided by who acts: the consumer uses shipping.db, everyone
// else orders.db.
const (
	OrdersDB   = "orders.db"
	ShippingDB = "shipping.db"
)

// System is a group of lanes drawn together: the service's side or
// downstream. The lab itself belongs to neither.
type System struct {
	Name  string
	Lanes []string
}

// Systems are the two sides of the dual write, each in teaching order.
var Systems = []System{
	{Name: "order service", Lanes: []string{Service, "service-a", "service-b", Relay, "connector", "poller", "coordinator", "coordinator.db", OrdersDB}},
	{Name: "downstream", Lanes: []string{NATS, Consumer, ShippingDB}},
}

// SystemOf returns the index in Systems of the system a lane belongs to, or
// -1 for a lane of neither (the lab, an actor no system names).
func SystemOf(lane string) int {
	for i, s := range Systems {
		for _, l := range s.Lanes {
			if l == lane {
				return i
			}
		}
	}
	return -1
}

// StoreOf returns the database an actor uses when it acts on "sqlite".
func StoreOf(actor string) string {
	if actor == Consumer {
		return ShippingDB
	}
	return OrdersDB
}

// LanesOf returns the lanes of an event: its actor and target with "sqlite"
// replaced by the database it stands for. An event of sqlite alone (a
// transaction rolled back as its instance died, one left in doubt) is of
// orders.db: shipping.db's transactions never outlive a step.
func LanesOf(e Event) (actor, target string) {
	actor, target = e.Actor, e.Target
	if actor == SQLite {
		actor = OrdersDB
		if target != "" {
			actor = StoreOf(target)
		}
	}
	if target == SQLite {
		target = StoreOf(e.Actor)
	}
	return actor, target
}

// LaneOrder is the teaching order of every lane, left to right: the
// service's side, downstream, then the lab.
func LaneOrder() []string {
	var out []string
	for _, s := range Systems {
		out = append(out, s.Lanes...)
	}
	return append(out, Lab)
}
