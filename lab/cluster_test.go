package lab_test

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/dualwrite/dualwrite/lab"
	"github.com/dualwrite/dualwrite/scenarios"
)

// cluster is three embedded nats-servers with JetStream, routed to each
// other on loopback: a real JetStream cluster in the test process.
type cluster struct {
	t     *testing.T
	opts  []*server.Options
	nodes []*server.Server
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func startCluster(t *testing.T) *cluster {
	t.Helper()
	c := &cluster{t: t}
	var routes []*url.URL
	clusterPorts := []int{freePort(t), freePort(t), freePort(t)}
	for _, p := range clusterPorts {
		routes = append(routes, &url.URL{Scheme: "nats", Host: fmt.Sprintf("127.0.0.1:%d", p)})
	}
	for i, p := range clusterPorts {
		c.opts = append(c.opts, &server.Options{
			ServerName: fmt.Sprintf("n%d", i+1), Host: "127.0.0.1", Port: freePort(t),
			JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true,
			Cluster: server.ClusterOpts{Name: "dualwrite", Host: "127.0.0.1", Port: p},
			Routes:  routes,
		})
	}
	c.nodes = make([]*server.Server, len(c.opts))
	for i := range c.opts {
		c.start(i)
	}
	t.Cleanup(func() {
		for _, s := range c.nodes {
			if s != nil {
				s.Shutdown()
				s.WaitForShutdown()
			}
		}
	})
	// JetStream is ready for an R3 stream once the meta leader knows every
	// node as an online JetStream peer: a leader alone can still refuse the
	// placement ("no suitable peers for placement"), as under load it did.
	c.waitFor("a JetStream meta leader with every node as its peer", func() bool {
		for _, s := range c.nodes {
			if s.JetStreamIsLeader() && len(s.JetStreamClusterPeers()) == len(c.nodes) {
				return true
			}
		}
		return false
	})
	return c
}

func (c *cluster) start(i int) {
	s, err := server.NewServer(c.opts[i])
	if err != nil {
		c.t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		c.t.Fatalf("%s not ready", c.opts[i].ServerName)
	}
	c.nodes[i] = s
}

func (c *cluster) kill(i int) {
	c.nodes[i].Shutdown()
	c.nodes[i].WaitForShutdown()
	c.nodes[i] = nil
}

// url lists every node, so clients reconnect to a survivor.
func (c *cluster) url() string {
	var urls []string
	for _, o := range c.opts {
		urls = append(urls, fmt.Sprintf("nats://127.0.0.1:%d", o.Port))
	}
	return strings.Join(urls, ",")
}

// waitFor polls cond with a bound: elections take real time.
func (c *cluster) waitFor(what string, cond func() bool) {
	c.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			c.t.Fatalf("no %s within 20s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// streamOf finds the run's stream on the cluster and says who leads it.
func streamOf(_ *testing.T, js jetstream.JetStream) (name, leader string, msgs uint64, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for n := range js.StreamNames(ctx).Name() {
		if strings.HasSuffix(n, "ORDERS") {
			name = n
		}
	}
	if name == "" {
		return "", "", 0, fmt.Errorf("no ORDERS stream")
	}
	st, err := js.Stream(ctx, name)
	if err != nil {
		return name, "", 0, err
	}
	info := st.CachedInfo()
	if info.Cluster != nil {
		leader = info.Cluster.Leader
	}
	return name, leader, info.State.Msgs, nil
}

func nodeIndex(name string) int {
	var i int
	fmt.Sscanf(name, "n%d", &i)
	return i - 1
}

// The replicated broker: outbox-dedup on a 3-node JetStream cluster with R3
// streams loses nothing acked when the stream's leader is killed mid-run and
// comes back; with R1, the same kill takes the stream away with its one
// server.
func TestClusterLeaderKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a 3-node cluster: not with -short")
	}
	t.Run("R3", func(t *testing.T) { leaderKill(t, 3) })
	t.Run("R1", func(t *testing.T) {
		if os.Getenv("DUALWRITE_LONG") == "" {
			t.Skip("set DUALWRITE_LONG=1 (as .ci/run does): R1 waits seconds of real time for a stream that is out of reach")
		}
		leaderKill(t, 1)
	})
}

func leaderKill(t *testing.T, replicas int) {
	c := startCluster(t)
	s, _ := scenarios.Lookup("outbox-dedup")
	r, err := lab.Start(context.Background(), scenarios.Spec{Strategy: s, Seed: 1, Orders: 8, Replicas: replicas}.Config().WithNATS(c.url()))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	nc, err := nats.Connect(c.url(), nats.MaxReconnects(-1), nats.ReconnectWait(10*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	name, _, _, err := streamOf(t, js)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := js.Stream(context.Background(), name); err != nil || st.CachedInfo().Config.Replicas != replicas {
		t.Fatalf("stream %s: want R%d, got %+v (%v)", name, replicas, st, err)
	}

	// Mid-run: once some events are stored and acked, kill the stream leader.
	var leader string
	var acked uint64
	for acked < 3 {
		if done, err := r.Step(context.Background()); err != nil || done {
			t.Fatalf("the run ended before 3 events were stored: %v", err)
		}
		_, leader, acked, _ = streamOf(t, js)
	}
	victim := nodeIndex(leader)
	t.Logf("R%d: %d events acked; killing the stream leader %s", replicas, acked, leader)
	c.kill(victim)

	if replicas == 1 {
		// What is at risk: the one copy is on the dead server, so the
		// stream and everything acked into it are out of reach until it
		// comes back (and gone for good if its disk is).
		if _, _, _, err := streamOf(t, js); err == nil {
			t.Fatalf("R1: the stream answers with its only server dead")
		}
	} else {
		c.waitFor("new stream leader", func() bool {
			_, l, n, err := streamOf(t, js)
			return err == nil && l != "" && l != leader && n >= acked
		})
		// Every acked event survived on the other two servers.
		if _, _, n, _ := streamOf(t, js); n < acked {
			t.Fatalf("R3: %d messages after the leader's death, %d were acked", n, acked)
		}
	}
	// The run goes on (the relay and shipping reconnect), the dead server
	// restarts on its files, and the run finishes.
	c.start(victim)
	c.waitFor("the stream back with every acked event", func() bool {
		_, l, n, err := streamOf(t, js)
		return err == nil && l != "" && n >= acked
	})
	rep, err := r.Finish(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Consistent || rep.Anomalies.Lost != 0 {
		t.Fatalf("R%d: %+v %+v", replicas, rep.Anomalies, rep.Findings)
	}
	if _, _, n, _ := streamOf(t, js); n != 8 {
		t.Fatalf("R%d: the stream holds %d events, want the 8 committed", replicas, n)
	}
}
