#!/bin/sh
# Measures dualwrite serve under a class, the real binary: 30 SSH sessions
# (golang.org/x/crypto/ssh, loopback only) follow the presenter through three
# lesson steps and each runs to a verdict. Prints the key-to-frame latency
# (p50, p99), the server's peak RSS (VmHWM), and fails if a verdict is wrong,
# the RSS passes 2 GB, p99 passes 250 ms, or the server leaves anything in its
# temp dir. The machine's load is printed too: latency on a busy machine says so.
# With MATRIX=1 the presenter opens the comparison matrix instead, and it
# prints the server's CPU time from the presenter's m until every follower
# shows the filled matrix (the room runs it once for all).
#   SESSIONS=N scripts/serve-load.sh            (default 30)
#   MATRIX=1 SESSIONS=N scripts/serve-load.sh
#   BIN=path scripts/serve-load.sh              (a binary built elsewhere, to compare)
set -eu
cd "$(dirname "$0")/.."
SESSIONS=${SESSIONS:-30}
command -v ssh-keygen >/dev/null || { echo "serve-load: needs ssh-keygen for the presenter's key"; exit 2; }
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM
if [ -n "${BIN:-}" ]; then cp "$BIN" "$work/dualwrite"; else go build -o "$work/dualwrite" ./cmd/dualwrite; fi
ssh-keygen -q -t ed25519 -N '' -f "$work/presenter"
mkdir "$work/tmp"
TMPDIR="$work/tmp" "$work/dualwrite" serve --listen 127.0.0.1:0 --host-key "$work/host_key" \
	--presenter-key "$work/presenter.pub" --max-sessions $((SESSIONS + 5)) 2>"$work/log" &
pid=$!
i=0
until grep -q 'students type' "$work/log"; do
	i=$((i + 1)); [ $i -lt 300 ] || { echo "serve-load: the server did not start:"; cat "$work/log"; exit 1; }
	sleep 0.1
done
addr=$(sed -n 's/.*over SSH on \(127\.0\.0\.1:[0-9]*\).*/\1/p' "$work/log")
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; server $addr, pid $pid"
status=0
test=TestLoadRoomFollowsThroughTheLesson
[ -n "${MATRIX:-}" ] && test=TestLoadRoomMatrix
DUALWRITE_SERVE_SESSIONS=$SESSIONS DUALWRITE_SERVE_ADDR=$addr DUALWRITE_SERVE_PID=$pid DUALWRITE_SERVE_PRESENTER="$work/presenter" \
	go test ./serve -run "$test" -count=1 -v >"$work/test.out" 2>&1 || status=1
grep -E 'load_test|^(--- |ok|FAIL|PASS)' "$work/test.out" || cat "$work/test.out"
set -- $(sed 's/.*) //' /proc/$pid/stat)
echo "server's whole CPU time: $(( (${12} + ${13}) * 10 )) ms"
hwm=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
echo "server peak RSS: $((hwm / 1024)) MB"
[ "$hwm" -lt $((2 * 1024 * 1024)) ] || { echo "serve-load: server RSS over 2 GB"; status=1; }
kill -INT "$pid"
wait "$pid" || true
pid=
left=$(ls -A "$work/tmp")
[ -z "$left" ] || { echo "serve-load: left in the server's temp dir: $left"; status=1; }
echo "server's temp dir empty after it stopped: $([ -z "$left" ] && echo yes || echo no)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
