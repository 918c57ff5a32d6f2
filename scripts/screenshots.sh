#!/usr/bin/env bash
# screenshots.sh renders the README's screenshots from the real UI: it runs
# dualwrite in a detached tmux session, drives it with keys, captures the
# pane with its colours and renders PNGs with freeze into docs/img/.
#
#   go install github.com/charmbracelet/freeze@v0.2.2
#   scripts/screenshots.sh            # from the repository's root
#
# Needs tmux and freeze. Every wait polls the screen with a bound; nothing
# sleeps and hopes.
set -euo pipefail

cols=${COLS:-100}
rows=${ROWS:-30}
out=docs/img
bound=30 # seconds a screen may take to appear

for tool in tmux go; do
	command -v "$tool" >/dev/null || { echo "screenshots.sh: needs $tool" >&2; exit 2; }
done
freeze=$(command -v freeze || echo "$(go env GOPATH)/bin/freeze")
[ -x "$freeze" ] || { echo "screenshots.sh: needs freeze: go install github.com/charmbracelet/freeze@v0.2.2" >&2; exit 2; }
[ -f go.mod ] && grep -q 'module github.com/dualwrite/dualwrite' go.mod || { echo "screenshots.sh: run it from the repository's root" >&2; exit 2; }

work=$(mktemp -d)
socket="dualwrite-shots-$$"
cleanup() {
	tmux -L "$socket" kill-server 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

go build -o "$work/dualwrite" ./cmd/dualwrite
mkdir -p "$out" "$work/tmp"

# start opens the UI with these arguments in a session of its own.
session=0
start() {
	if ((session > 0)); then
		tmux -L "$socket" send-keys -t "ui$session" q
	fi
	session=$((session + 1))
	tmux -L "$socket" new-session -d -s "ui$session" -x "$cols" -y "$rows" \
		"env TMPDIR=$work/tmp TERM=xterm-256color COLORTERM=truecolor $work/dualwrite $* --theme dark"
}

# waitfor polls the pane until it shows the text.
waitfor() {
	local deadline=$((SECONDS + bound))
	until tmux -L "$socket" capture-pane -p -t "ui$session" | grep -qF -- "$1"; do
		if ((SECONDS > deadline)); then
			echo "screenshots.sh: the screen never showed \"$1\":" >&2
			tmux -L "$socket" capture-pane -p -t "ui$session" >&2
			exit 1
		fi
		sleep 0.1
	done
}

keys() { tmux -L "$socket" send-keys -t "ui$session" "$@"; }

# shot captures the pane with its colours and renders it as NAME.png.
shot() {
	tmux -L "$socket" capture-pane -e -p -t "ui$session" >"$work/$1.ansi"
	# freeze v0.2.2 draws a colour carried over from an earlier escape code
	# wrongly: restate the whole style at every code.
	go run scripts/sgrfull.go <"$work/$1.ansi" >"$work/$1.full.ansi"
	"$freeze" "$work/$1.full.ansi" --language ansi --window --padding 20 --margin 0 \
		--output "$out/$1.png" >/dev/null
	# freeze renders at four times the size; half is sharp enough for a
	# README and a quarter of the bytes. Optional: ImageMagick, if present.
	if convert -version 2>/dev/null | grep -q ImageMagick; then
		convert "$out/$1.png" -resize 50% -strip "$out/$1.png"
	fi
	echo "wrote $out/$1.png"
}

start
waitfor "strategies"
waitfor "naive"
shot home

start tui outbox --fault relay.after-publish=1\\*crash
waitfor "step 0"
keys n # step on to the fault
waitfor "FAULT relay.after-publish=crash"
waitfor "what just happened"
shot run-step

keys e # run to the end
waitfor "INCONSISTENT"
waitfor "duplicate o-1"
shot verdict

keys q
