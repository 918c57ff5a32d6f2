#!/usr/bin/env bash
# truth-audit: the same seeded commands (every strategy x every fault point x
# its actions, switches, compare, chaos --runs 50) made alone, again alone, 4
# copies at once, with GOMAXPROCS=1, and under CPU load (3 busy loops this
# script starts and stops by pid); every output is compared with the first
# after removing only elapsed_ms (wall clock, cmd/dualwrite/{compare,chaos}.go)
# and the run's temporary directory name. Any difference is printed.
#   scripts/truth-audit.sh [WORKDIR]     (about 30 minutes on 2 cores)
set -euo pipefail
work=${1:-$(mktemp -d /tmp/truth-audit.XXXXXX)}
mkdir -p "$work"
here=$(cd "$(dirname "$0")" && pwd)
go build -o "$work/dw" "$here/../cmd/dualwrite"
export DW="$work/dw" OUT="$work/out"
py="$here/truth-audit.py"
hogs=()
stop_hogs() { for p in "${hogs[@]}"; do kill "$p" 2>/dev/null || true; done; hogs=(); }
trap stop_hogs EXIT
for set in runs switches extra; do
	arg=$set; [ "$set" = runs ] && arg=""
	python3 "$py" alone $arg
	python3 "$py" alone2 $arg
	python3 "$py" par4 $arg
	python3 "$py" gmp1 $arg
	for _ in 1 2 3; do yes >/dev/null & hogs+=("$!"); done
	python3 "$py" load $arg
	stop_hogs
	python3 "$py" cmp "$OUT/alone-$set.json" "$OUT"/{alone2,par4,gmp1,load}-"$set".json
done
