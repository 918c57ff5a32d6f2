#!/usr/bin/env bash
# Measures every target of issue 12's table, each as a whole process (wall
# time and peak RSS from /usr/bin/time), and prints it as a ratio to its
# target: a ratio of 1 or more meets it.
#
#   scripts/measure.sh           everything, the 30,000-run chaos and both test suites included
#   scripts/measure.sh --quick   the chaos of 30,000 runs scaled down to 3,000 (marked), no test suites
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[[ "${1:-}" == "--quick" ]] && quick=1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin="$work/dualwrite"
go build -o "$bin" ./cmd/dualwrite

# measure NAME -- CMD...: runs CMD under /usr/bin/time, stdout and stderr to
# files; sets wall (s), cpu (user + system, s) and rss (MB).
measure() {
  local name=$1; shift; shift
  /usr/bin/time -f '%e %M %U %S' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || true
  # A failing command adds a "Command exited with non-zero status" line first.
  read -r wall kb user sys < <(tail -1 "$work/$name.time")
  rss=$(awk -v k="$kb" 'BEGIN { printf "%.0f", k / 1024 }')
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
}

# load says how busy the machine was: the targets are for a quiet one.
load() { echo "  (cpu $cpu s over $(nproc) cores; load now $(cut -d' ' -f1 /proc/loadavg))"; }

# row WHAT MEASURED TARGET UNIT: measured must be at most target.
row() {
  awk -v w="$1" -v m="$2" -v t="$3" -v u="$4" 'BEGIN {
    r = (m > 0) ? t / m : 0
    printf "%-62s %10.3g %-3s target ≤ %-8g ratio %5.2f %s\n", w, m, u, t, r, (r >= 1 ? "met" : "NOT met") }'
}
# rowmin WHAT MEASURED TARGET UNIT: measured must be at least target.
rowmin() {
  awk -v w="$1" -v m="$2" -v t="$3" -v u="$4" 'BEGIN {
    r = m / t
    printf "%-62s %10.3g %-3s target ≥ %-8g ratio %5.2f %s\n", w, m, u, t, r, (r >= 1 ? "met" : "NOT met") }'
}

echo "dualwrite measure · $(git rev-parse --short HEAD) · $(nproc) cores · load $(cut -d' ' -f1-3 /proc/loadavg)"
echo

walls=()
for i in 1 2 3 4 5; do
  measure run -- "$bin" run naive --fault 'after-commit=1*crash'
  walls+=("$wall")
done
median=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n 3p)
row "run naive --fault after-commit=1*crash (median of 5, s)" "$median" 0.040 s
echo "  its peak RSS: $rss MB (the issue measured 23 MB; no target)"; load
# Package initialisation runs before main in every process; Glamour's
# syntax highlighter (chroma) registers its lexers and styles there.
GODEBUG=inittrace=1 "$bin" list 2>"$work/init.trace" >/dev/null || true
awk '/^init /{ ms += $5; if ($2 ~ /chroma/) c += $5 } END {
  printf "  package init of every process: %.1f ms, of it chroma %.1f ms\n", ms, c }' "$work/init.trace"
measure list -- "$bin" list
row "  dualwrite list: process start, init and exit alone (s)" "$wall" 0.040 s

measure compare -- "$bin" compare
row "compare (s)" "$wall" 0.5 s
tail -1 "$work/compare.out" | sed 's/^/  /'; load

measure chaos1k -- "$bin" chaos --runs 1000 --strategy outbox-dedup --format json
row "chaos --runs 1000 --strategy outbox-dedup (s)" "$wall" 5 s
row "  its peak RSS (MB)" "$rss" 150 MB
jq -r '.strategies[] | "    \(.strategy): done \(.done), lost \(.anomalies.lost), ghost \(.anomalies.ghost), duplicate \(.anomalies.duplicate), failed \(.failed)"' "$work/chaos1k.out" 2>/dev/null || true
load
rss1k=$rss

runs=10000
[[ $quick == 1 ]] && runs=1000
measure chaos10k -- "$bin" chaos --runs "$runs" --strategy outbox --strategy outbox-dedup --strategy cdc --format json
target=60
[[ $quick == 1 ]] && target=6
row "chaos --runs $runs over outbox, outbox-dedup, cdc (s)$([[ $quick == 1 ]] && echo ' [quick: 1/10]')" "$wall" "$target" s
row "  its peak RSS (MB)" "$rss" 200 MB
awk -v a="$rss1k" -v b="$rss" 'BEGIN { printf "  memory flat: peak RSS %d MB at 1,000 runs of one strategy, %d MB at the whole campaign (%.2fx)\n", a, b, b / a }'
load
jq -r '.strategies[] | "    \(.strategy): done \(.done), lost \(.anomalies.lost), ghost \(.anomalies.ghost), duplicate \(.anomalies.duplicate), failed \(.failed)"' "$work/chaos10k.out" 2>/dev/null || echo "    (no tallies: $(head -c 200 "$work/chaos10k.err"))"
# The floor under a campaign: what one run costs of the real parts alone
# (two SQLite files, three connections to each store, a stream and a
# consumer, one event), with none of the lab (BenchmarkPartsOfARun).
go test ./lab -run '^$' -bench PartsOfARun -benchtime 1000x >"$work/parts.out" 2>&1 || true
awk -v n="$(nproc)" -v runs=30000 -v t=60 '/^BenchmarkPartsOfARun/ { for (i = 1; i < NF; i++) if ($(i+1) == "cpu-ms/run") ms = $i }
  END { if (ms > 0) { s = runs * ms / 1000 / n
    printf "  floor: the real parts of one run alone take %.2f ms of CPU: 30,000 runs need at least %.0f s on %d cores, %.2f of the 60 s target\n", ms, s, n, t / s }
    else print "  floor: BenchmarkPartsOfARun did not run" }' "$work/parts.out"

measure bench -- "$bin" bench --format json
row "bench (s)" "$wall" 10 s
load

measure benchc -- "$bin" bench --concurrent --format json
echo "bench --concurrent took $wall s as a whole process (no target); its targets:"
jq -r '.concurrent.targets[] | [.what, .measured, .target, .ratio, (.parts_ratio // 0)] | @tsv' "$work/benchc.out" |
  while IFS=$'\t' read -r what m t r pr; do
    awk -v w="$what" -v m="$m" -v t="$t" -v r="$r" -v pr="$pr" 'BEGIN {
      printf "%-62s %10.4g     target   %-8g ratio %5.2f %s%s\n", "bench --concurrent: " w, m, t, r, (r >= 1 ? "met" : "NOT met"),
        (pr > 0 ? sprintf("  (%.2f of the slower part alone)", pr) : "") }'
  done
jq -r '.concurrent.parts | "    parts alone: SQLite \(.sqlite_per_sec | floor) tx/s, JetStream \(.jetstream_per_sec | floor) publishes/s"' "$work/benchc.out"

if [[ $quick == 0 ]]; then
  measure test -- go test -count=1 ./...
  row "go test ./... (s)" "$wall" 120 s
  grep -E '^(ok|FAIL|---)' "$work/test.out" | sed 's/^/  /'; load
  measure race -- go test -race -count=1 ./...
  row "go test -race ./... (s)" "$wall" 300 s
  grep -E '^(ok|FAIL|---)' "$work/race.out" | sed 's/^/  /'; load
else
  echo "go test ./... and go test -race ./...: not run (--quick)"
fi
