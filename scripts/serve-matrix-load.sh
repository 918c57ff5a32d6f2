#!/bin/sh
# The room's matrix under a class, the real binary: a presenter and SESSIONS
# followers over SSH (loopback only); the presenter opens the matrix and each
# follower is shown it filled. Prints the server's CPU time from the m to the
# last follower's filled matrix (/proc/PID/stat) and its whole CPU time.
#   scripts/serve-matrix-load.sh BINARY SESSIONS   (PERF=1 records a profile to $PERF_OUT)
set -eu
bin=$1; n=$2
cd "$(dirname "$0")/.."
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM
ssh-keygen -q -t ed25519 -N '' -f "$work/presenter"
mkdir "$work/tmp"
TMPDIR="$work/tmp" "$bin" serve --listen 127.0.0.1:0 --host-key "$work/host_key" \
	--presenter-key "$work/presenter.pub" --max-sessions $((n + 5)) 2>"$work/log" &
pid=$!
i=0
until grep -q 'students type' "$work/log"; do
	i=$((i + 1)); [ $i -lt 300 ] || { echo "the server did not start:"; cat "$work/log"; exit 1; }
	sleep 0.1
done
addr=$(sed -n 's/.*over SSH on \(127\.0\.0\.1:[0-9]*\).*/\1/p' "$work/log")
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $bin, $n followers, pid $pid"
[ -n "${PERF:-}" ] && { perf record -F 499 -g -o "${PERF_OUT:-perf.data}" -p $pid >/dev/null 2>&1 & perfpid=$!; }
DUALWRITE_SERVE_SESSIONS=$n DUALWRITE_SERVE_ADDR=$addr DUALWRITE_SERVE_PID=$pid DUALWRITE_SERVE_PRESENTER="$work/presenter" \
	go test ./serve -run TestLoadRoomMatrix -count=1 -v 2>&1 | grep -E 'matrix_load_test|^(--- |ok|FAIL)'
[ -n "${PERF:-}" ] && { kill -INT $perfpid; wait $perfpid || true; }
set -- $(sed 's/.*) //' /proc/$pid/stat)
echo "server's whole CPU time: $(( (${12} + ${13}) * 10 )) ms"
kill -INT "$pid"; wait "$pid" || true; pid=
