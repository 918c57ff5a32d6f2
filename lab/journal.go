package lab

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/dualwrite/dualwrite/check"
)

// journalFile is where a run kept with --db appends, as it happens, what only
// the callers and the lab know: each request and the answer its caller got,
// the faults that struck, and the message shipping holds unacked. A run
// killed with kill -9 leaves it behind, and `dualwrite resume` reads it; the
// rest of the truth is in the stores.
const journalFile = "journal"

// Entry kinds of the journal.
const (
	jStart    = "start"    // the run's header: what it was and its names on the broker
	jRequest  = "request"  // a caller sent a request
	jReply    = "reply"    // the caller got an answer
	jStrike   = "strike"   // a cause of what happened to an order
	jDedup    = "dedup"    // JetStream absorbed a publish by its message id
	jInflight = "inflight" // shipping received a message and has not acked it
	jAcked    = "acked"    // shipping acked it
	jEnd      = "end"      // the run was judged
)

type journalEntry struct {
	Kind    string         `json:"k"`
	Header  *RunHeader     `json:"header,omitempty"`
	Attempt *check.Attempt `json:"attempt,omitempty"`
	Strike  *check.Strike  `json:"strike,omitempty"`
	Reply   string         `json:"reply,omitempty"`
	Seq     uint64         `json:"seq,omitempty"`
	Clock   time.Duration  `json:"clock"` // the lab's clock when it was written
}

// RunHeader is what a resumed run must know of the run it finishes.
type RunHeader struct {
	Strategy string   `json:"strategy"`
	Faults   []string `json:"faults"`
	Seed     int64    `json:"seed"`
	Orders   int      `json:"orders"`
	Workload string   `json:"workload"`
	Stream   string   `json:"stream"`
	Consumer string   `json:"consumer"`
	Bucket   string   `json:"bucket"`
	Staged   string   `json:"staged"`
	Prefix   string   `json:"prefix"`
	Epoch    int64    `json:"epoch_ns"` // what stored times count from: 0 (labEpoch); older journals hold the real start
	// The run's switches, so that resume and replay run it as it was.
	MaxDeliver     int       `json:"max_deliver,omitempty"`
	Consumers      int       `json:"consumers,omitempty"`
	Partitions     int       `json:"partitions,omitempty"`
	Guarantee      Guarantee `json:"guarantee,omitempty"`
	Retry          int       `json:"retry,omitempty"`
	IdempotencyKey bool      `json:"idempotency_key,omitempty"`
}

type journal struct {
	f *os.File
	w *bufio.Writer
}

// openJournal starts the journal of a run kept in dir.
func openJournal(dir string) (*journal, error) {
	path := filepath.Join(dir, journalFile)
	if err := dropTornLine(path); err != nil {
		return nil, fmt.Errorf("open the run's journal: %w", err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open the run's journal: %w", err)
	}
	return &journal{f: f, w: bufio.NewWriter(f)}, nil
}

// dropTornLine cuts from the journal at path a last line with no newline: a
// record a kill cut short, which every reader skips. Appended to, it would
// swallow the resumed run's first line; cut, the journal stays whole lines
// of JSON. A missing journal is left alone.
func dropTornLine(path string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	keep := bytes.LastIndexByte(data, '\n') + 1
	if keep == len(data) {
		return nil
	}
	return os.Truncate(path, int64(keep))
}

// add appends e. It is written through to the operating system at once: a
// process killed right after still leaves it in the file.
func (j *journal) add(e journalEntry) error {
	if j == nil {
		return nil
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	j.w.Write(append(b, '\n'))
	return j.w.Flush()
}

func (j *journal) close() {
	if j != nil {
		j.f.Close()
	}
}

// note appends e to the run's journal, if it keeps one; a journal that cannot
// be written fails the run.
func (r *Run) note(e journalEntry) {
	e.Clock = r.sched.clock()
	if err := r.journal.add(e); err != nil {
		r.fail(fmt.Errorf("write the run's journal: %w", err))
	}
}

// ErrNothingToResume is a directory with no journal of a run in it.
var ErrNothingToResume = errors.New("nothing to resume")

// recovered is what a journal says of the run that wrote it.
type recovered struct {
	header   RunHeader
	hist     check.History
	inflight inflight
	clock    time.Duration
	ended    bool
}

// ReadHeader reads the header of the run kept in dir, for `dualwrite resume`
// to find its strategy.
func ReadHeader(dir string) (RunHeader, error) {
	rec, err := readCallerJournal(dir)
	return rec.header, err
}

// readCallerJournal reads the journal in dir. A request without its reply is a call
// whose caller died with the process: it got no answer. A last line cut short
// by the kill is ignored.
func readCallerJournal(dir string) (recovered, error) {
	var rec recovered
	f, err := os.Open(filepath.Join(dir, journalFile))
	if errors.Is(err, fs.ErrNotExist) {
		return rec, inputErrorf("cannot resume --db %s: %v: it holds no journal of a run (only a run kept with --db writes one)", dir, ErrNothingToResume)
	}
	if err != nil {
		return rec, fmt.Errorf("read the run's journal: %w", err)
	}
	defer f.Close()
	var open []check.Attempt // requests still waiting for their reply
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	started := false
	for sc.Scan() {
		var e journalEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			continue // the line the kill cut short
		}
		rec.clock = max(rec.clock, e.Clock)
		switch e.Kind {
		case jStart:
			if e.Header != nil {
				rec.header, started = *e.Header, true
			}
		case jRequest:
			if e.Attempt != nil {
				open = append(open, *e.Attempt)
			}
		case jReply:
			if e.Attempt != nil {
				for i, a := range open {
					if a.Order == e.Attempt.Order && a.Op == e.Attempt.Op {
						open = append(open[:i], open[i+1:]...)
						break
					}
				}
				rec.hist.Attempts = append(rec.hist.Attempts, *e.Attempt)
			}
		case jStrike:
			if e.Strike != nil {
				rec.hist.Strikes = append(rec.hist.Strikes, *e.Strike)
			}
		case jDedup:
			rec.hist.BrokerDeduplicated++
		case jInflight:
			rec.inflight = inflight{reply: e.Reply, seq: e.Seq}
		case jEnd:
			rec.ended = true
		case jAcked:
			if rec.inflight.seq == e.Seq {
				rec.inflight = inflight{}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return rec, fmt.Errorf("read the run's journal: %w", err)
	}
	if !started {
		return rec, inputErrorf("cannot resume --db %s: its journal has no header", dir)
	}
	for _, a := range open {
		a.Outcome = check.Unknown
		rec.hist.Attempts = append(rec.hist.Attempts, a)
	}
	return rec, nil
}

// startJournal starts the journal of a run kept with --db, with its header;
// a resumed run goes on with the journal it found.
func (r *Run) startJournal(resumed bool) error {
	if r.tmp {
		return nil
	}
	j, err := openJournal(r.dir)
	if err != nil {
		return err
	}
	r.journal = j
	if resumed {
		return nil
	}
	workload := "place"
	if r.cfg.Lifecycle {
		workload = "lifecycle"
	}
	var fs []string
	for _, f := range r.cfg.Faults {
		fs = append(fs, f.String())
	}
	r.note(journalEntry{Kind: jStart, Header: &RunHeader{Strategy: r.cfg.Name, Faults: fs, Seed: r.cfg.Seed, Orders: r.cfg.Orders,
		Workload: workload, Stream: r.names.stream, Consumer: r.names.consumer, Bucket: r.names.bucket, Staged: r.names.staged,
		Prefix: r.names.prefix, Epoch: r.epoch.UnixNano(), MaxDeliver: r.cfg.MaxDeliver, Consumers: r.cfg.Consumers, Partitions: r.cfg.Partitions,
		Guarantee: r.cfg.guarantee(), Retry: r.cfg.Retry, IdempotencyKey: r.cfg.IdempotencyKey}})
	return r.failed()
}
