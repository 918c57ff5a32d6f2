package lab

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/mattn/go-sqlite3"
)

// Guarantee is what shipping, the consumer, does about a delivery it has seen
// before or that is older than what it holds. It is the consumer's share of
// a strategy's outcome, apart from the producer's.
type Guarantee string

const (
	// Plain applies every delivery it gets.
	Plain Guarantee = "plain"
	// Inbox records each message id in an inbox table, in the same
	// transaction as the apply, and absorbs a message id seen before.
	Inbox Guarantee = "inbox"
	// Versioned applies a change only if its version is newer than the one
	// shipping holds for the order, and discards an older one.
	Versioned Guarantee = "versioned"
)

// Guarantees lists the consumer guarantees, as --consumer takes them.
var Guarantees = []Guarantee{Plain, Inbox, Versioned}

// ParseGuarantee reads a --consumer value.
func ParseGuarantee(s string) (Guarantee, error) {
	for _, g := range Guarantees {
		if string(g) == s {
			return g, nil
		}
	}
	names := make([]string, len(Guarantees))
	for i, g := range Guarantees {
		names[i] = string(g)
	}
	return "", inputErrorf("unknown consumer guarantee %q: valid are %s", s, strings.Join(names, ", "))
}

// Means says in a few words what the guarantee does.
func (g Guarantee) Means() string {
	switch g {
	case Inbox:
		return "records each message id in an inbox, in the apply's transaction, and absorbs a repeat"
	case Versioned:
		return "applies a change only if its version is newer than the one it holds; an older one is discarded"
	}
	return "applies every delivery"
}

// Preset is the guarantee a strategy's consumer has unless --consumer says
// otherwise: an inbox where the strategy is an idempotent one, plain elsewhere.
func Preset(s Strategy) Guarantee {
	if i, ok := s.(Idempotent); ok && i.IdempotentConsumer() {
		return Inbox
	}
	return Plain
}

// guarantee is the run's consumer guarantee.
func (c *Config) guarantee() Guarantee {
	if c.Consumer != "" {
		return c.Consumer
	}
	return Preset(c.Strategy)
}

// Fates of a delivery at shipping, as the trace's Outcome field names them.
const (
	Applied   = "applied"   // written to shipments
	Absorbed  = "absorbed"  // seen before: nothing applied
	Discarded = "discarded" // older than what shipping holds: nothing applied
)

// admission is what shipping's guarantee made of a delivery.
type admission struct {
	fate string // Applied, Absorbed or Discarded
	key  string // the inbox key, for an inbox
	held int    // the version shipping held, for a versioned consumer; 0 for none
}

// admit decides, inside the apply's transaction, whether d is applied. The
// inbox keys on Nats-Msg-Id, or, when the producer sent none, on the change
// the event carries (order and version): each event here is one committed
// change.
func (c *Consumer) admit(ctx context.Context, tx *sql.Tx, d delivery, now string) (admission, error) {
	switch c.guarantee {
	case Inbox:
		key := d.msgID
		if key == "" {
			key = fmt.Sprintf("%s@v%d", d.event.Order, d.event.Version)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO inbox (msg_id, applied_at) VALUES (?, ?)`, key, now)
		var se sqlite3.Error
		switch {
		case errors.As(err, &se) && se.Code == sqlite3.ErrConstraint:
			return admission{fate: Absorbed, key: key}, nil
		case err != nil:
			return admission{}, err
		}
		return admission{fate: Applied, key: key}, nil
	case Versioned:
		var held int
		err := tx.QueryRowContext(ctx, `SELECT version FROM shipments WHERE order_id = ? ORDER BY id DESC LIMIT 1`, d.event.Order).Scan(&held)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return admission{fate: Applied}, nil
		case err != nil:
			return admission{}, err
		case d.event.Version == held:
			return admission{fate: Absorbed, held: held}, nil // the same change again
		case d.event.Version < held:
			return admission{fate: Discarded, held: held}, nil
		}
		return admission{fate: Applied, held: held}, nil
	}
	return admission{fate: Applied}, nil
}

// notApplied says on the trace why a delivery changed nothing.
func (a admission) notApplied(d delivery) string {
	if a.fate == Discarded {
		return fmt.Sprintf("v%d is older than v%d, which shipping holds for %s: discarded, nothing applied", d.event.Version, a.held, d.event.Order)
	}
	if a.key == "" {
		return fmt.Sprintf("v%d is the version shipping holds for %s already: the same change again, absorbed, nothing applied", d.event.Version, d.event.Order)
	}
	return fmt.Sprintf("message %s is already in the inbox: duplicate absorbed, nothing applied", a.key)
}
