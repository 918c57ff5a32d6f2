#!/bin/sh
# Measures dualwrite serve under a class: 30 SSH sessions (golang.org/x/crypto/ssh,
# loopback only) follow the presenter through three lesson steps and run to a
# verdict. Prints the key-to-frame p50/p99, the peak RSS of the process (server
# and clients together, an upper bound for the server), and fails if a verdict is
# wrong, the RSS passes 2 GB, p99 passes 250 ms, or anything is left in the temp dir.
# The machine's load is printed too: latency measured on a busy machine says so.
set -eu
cd "$(dirname "$0")/.."
SESSIONS=${SESSIONS:-30}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
DUALWRITE_SERVE_SESSIONS=$SESSIONS go test ./serve -run TestLoadRoomFollowsThroughTheLesson -count=1 -v | grep -E 'load_test|^(--- |ok|FAIL|PASS)'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
