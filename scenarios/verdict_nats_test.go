package scenarios_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// streamMsg is one message the run's orders stream holds after the run.
type streamMsg struct {
	seq     uint64
	order   string
	version int
	typ     string
	msgID   string
}

// rawStream is the orders stream and shipping's durable consumer, read from
// the run's kept NATS store by a server the auditor starts on it.
type rawStream struct {
	msgs       map[uint64]streamMsg
	last       uint64
	ackFloor   uint64
	pending    uint64
	ackPending int
	// partitioned: no single shipping consumer to read (--partitions).
	partitioned bool
}

// readRawStream starts an embedded nats-server on DIR/nats (the lab's
// account layout: JetStream in account DUALWRITE) and reads the stream and
// consumer the run's journal header names.
func readRawStream(dir string) (*rawStream, error) {
	stream, consumer, err := streamNames(filepath.Join(dir, "journal"))
	if err != nil {
		return nil, err
	}
	opts := &server.Options{}
	if err := opts.ProcessConfigString(`accounts {
  DUALWRITE { jetstream: enabled, users: [{user: "dualwrite", password: ""}] }
  SYS { users: [{user: "sys", password: ""}] }
}
system_account: SYS
no_auth_user: "dualwrite"
`); err != nil {
		return nil, err
	}
	opts.JetStream, opts.StoreDir = true, filepath.Join(dir, "nats")
	opts.NoLog, opts.NoSigs, opts.DontListen = true, true, true
	opts.ServerName = "audit"
	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, err
	}
	go srv.Start()
	defer func() {
		srv.Shutdown()
		srv.WaitForShutdown()
	}()
	if !srv.ReadyForConnections(10 * time.Second) {
		return nil, errors.New("the auditor's nats-server did not start on the kept store")
	}
	nc, err := nats.Connect("", nats.InProcessServer(srv))
	if err != nil {
		return nil, err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, stream)
	if err != nil {
		return nil, fmt.Errorf("stream %s: %w", stream, err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		return nil, err
	}
	rs := &rawStream{msgs: map[uint64]streamMsg{}, last: info.State.LastSeq}
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("stream %s seq %d: %w", stream, seq, err)
		}
		var ev struct {
			Type    string `json:"type"`
			Order   string `json:"order"`
			Version int    `json:"version"`
		}
		_ = json.Unmarshal(m.Data, &ev) // a message that is not an event keeps its zero fields
		rs.msgs[seq] = streamMsg{seq: seq, order: ev.Order, version: ev.Version, typ: ev.Type, msgID: m.Header.Get(jetstream.MsgIDHeader)}
	}
	c, err := s.Consumer(ctx, consumer)
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		// --partitions runs one consumer per partition, under other names.
		rs.partitioned = true
		return rs, nil
	}
	if err != nil {
		return nil, fmt.Errorf("consumer %s: %w", consumer, err)
	}
	ci, err := c.Info(ctx)
	if err != nil {
		return nil, err
	}
	rs.ackFloor, rs.pending, rs.ackPending = ci.AckFloor.Stream, ci.NumPending, ci.NumAckPending
	return rs, nil
}

// streamNames reads the run's stream and consumer names from its journal's
// header line.
func streamNames(path string) (string, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	if !sc.Scan() {
		return "", "", fmt.Errorf("%s: empty", path)
	}
	var line struct {
		Header struct {
			Stream   string `json:"stream"`
			Consumer string `json:"consumer"`
		} `json:"header"`
	}
	if err := json.Unmarshal(sc.Bytes(), &line); err != nil || line.Header.Stream == "" {
		return "", "", fmt.Errorf("%s: no header naming the stream (%v)", path, err)
	}
	return line.Header.Stream, line.Header.Consumer, nil
}

// natsObservations says what the kept NATS store holds that a user of the
// nats CLI would find odd, though the verdict does not rest on it: the lab
// judges after it saw shipping's ack floor reach the end, and this is the
// store as the broker's shutdown left it on disk.
func natsObservations(st *rawStores, ns *rawStream) []string {
	if st.refusals == 0 && !ns.partitioned && (ns.ackFloor != ns.last || ns.pending != 0 || ns.ackPending != 0) {
		return []string{fmt.Sprintf("the kept store shows shipping's consumer behind: ack floor %d of last seq %d, %d pending, %d unacked", ns.ackFloor, ns.last, ns.pending, ns.ackPending)}
	}
	return nil
}

// natsNotes checks that what shipping.db says it was delivered is what
// JetStream holds, and that what the report calls a ghost was really
// published: the anomalies happened in NATS too, not only in the tables.
func natsNotes(st *rawStores, ns *rawStream, ghosts map[string]int) []string {
	var notes []string
	for _, d := range st.journal {
		m, ok := ns.msgs[d.seq]
		switch {
		case !ok && d.seq <= ns.last:
			notes = append(notes, fmt.Sprintf("the journal has %s v%d from seq %d, which the stream no longer holds", d.order, d.version, d.seq))
		case !ok:
			notes = append(notes, fmt.Sprintf("the journal has %s v%d from seq %d, beyond the stream's last seq %d", d.order, d.version, d.seq, ns.last))
		case m.order != d.order || m.version != d.version:
			notes = append(notes, fmt.Sprintf("the journal has %s v%d from seq %d, where the stream holds %s v%d", d.order, d.version, d.seq, m.order, m.version))
		}
	}
	for id := range ghosts {
		found := false
		for _, m := range ns.msgs {
			found = found || m.order == id
		}
		if !found {
			notes = append(notes, fmt.Sprintf("ghost %s: no message of it in the stream", id))
		}
	}
	return notes
}
