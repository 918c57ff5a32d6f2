package scenarios

import (
	"sync"

	"github.com/dualwrite/dualwrite/lab"
)

// brokerRuns is how many runs a campaign's broker serves before the campaign
// moves to a fresh one. nats-server keeps a small record of every stream
// created on it, deleted or not (lab's TestNATSServerKeepsAQueuePerDeletedStream
// shows it), so on one broker a campaign's memory would grow with its runs.
const brokerRuns = 2000

// campaignBroker hands a campaign's runs the broker they share, a fresh one
// every `every` runs; a broker closes once the last run on it is done.
type campaignBroker struct {
	every int

	mu     sync.Mutex
	cur    *lab.Broker
	served int                 // runs handed the current broker
	runs   map[*lab.Broker]int // runs under way on each open broker
	failed bool                // no broker could start: runs start their own
}

func newCampaignBroker(every int) *campaignBroker {
	return &campaignBroker{every: every, runs: map[*lab.Broker]int{}}
}

// take is the broker for the next run; nil when none could start, and the
// run then starts its own. Give it back with done.
func (p *campaignBroker) take() *lab.Broker {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failed {
		return nil
	}
	if p.cur == nil || p.served == p.every {
		old := p.cur
		b, err := lab.NewSharedBroker()
		if err != nil {
			p.failed = true
			return nil
		}
		p.cur, p.served = b, 0
		p.runs[b] = 0
		p.closeIdle(old)
	}
	p.served++
	p.runs[p.cur]++
	return p.cur
}

// done says a run on b is over.
func (p *campaignBroker) done(b *lab.Broker) {
	if b == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.runs[b]--
	p.closeIdle(b)
}

// closeIdle closes b if it is no longer handed out and no run is on it.
func (p *campaignBroker) closeIdle(b *lab.Broker) {
	if b == nil || b == p.cur || p.runs[b] > 0 {
		return
	}
	b.Close()
	delete(p.runs, b)
}

// close closes every broker left, once the campaign is over.
func (p *campaignBroker) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for b := range p.runs {
		b.Close()
	}
	p.runs, p.cur = map[*lab.Broker]int{}, nil
}
