#!/usr/bin/env bash
# render-report.sh IN.html OUT.png [WIDTH]
# Renders a sipddos HTML report (or any page with its render-status marker) to a PNG of the
# whole page with headless Chromium. Fails (exit 1) when the page wrote anything to the console
# (a script error, a blocked request) or did not report every chart drawn
# (id="sipddos-render-status" data-state="ready"). CHROMIUM overrides the browser command.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 IN.html OUT.png [WIDTH]" >&2
  exit 2
fi
in=$1
out=$2
width=${3:-1280}
chromium=${CHROMIUM:-chromium}
[[ -f $in ]] || { echo "$in: no such file" >&2; exit 2; }
[[ $width =~ ^[0-9]+$ && $width -ge 320 && $width -le 4000 ]] || { echo "WIDTH: 320 to 4000" >&2; exit 2; }
command -v "$chromium" >/dev/null || { echo "$chromium not found (apt-get install chromium)" >&2; exit 2; }

abs=$(realpath "$in")
# file:// URL: percent-encode what a path may hold that a URL may not.
url="file://$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$abs")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A profile of our own: parallel runs do not share (and lock) one.
run_chromium() {
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --hide-scrollbars --no-first-run --disable-extensions --user-data-dir="$tmp/profile" \
    --enable-logging=stderr --v=0 --virtual-time-budget=10000 "$@" "$url"
}
console_errors() {
  # Chromium logs every console message as "...:INFO:CONSOLE..." at --v=0; the report writes
  # none, so any such line is a failure.
  if grep -q ':CONSOLE' "$1"; then
    echo "$in: the page wrote to the console:" >&2
    grep ':CONSOLE' "$1" | sed 's/^[^]]*\] /  /' >&2
    return 1
  fi
}

run_chromium --window-size="$width,1000" --dump-dom >"$tmp/dom.html" 2>"$tmp/dom.log" || {
  echo "$in: chromium failed (--dump-dom):" >&2; tail -5 "$tmp/dom.log" >&2; exit 1; }
console_errors "$tmp/dom.log" || exit 1
marker=$(grep -o '<[a-z]* id="sipddos-render-status"[^>]*>[^<]*' "$tmp/dom.html" || true)
if [[ -z $marker ]]; then
  echo "$in: no element id=\"sipddos-render-status\": not a sipddos page, or its script did not run" >&2
  exit 1
fi
if [[ $marker != *'data-state="ready"'* ]]; then
  echo "$in: charts not drawn: ${marker#*>}" >&2
  exit 1
fi
height=$(sed -n 's/.*data-height="\([0-9]*\)".*/\1/p' <<<"$marker")
height=${height:-2000}
# Chromium cannot capture more than 16384 pixels in one surface.
(( height < 600 )) && height=600
(( height > 16000 )) && { echo "note: page is ${height}px tall; the PNG shows the first 16000" >&2; height=16000; }

run_chromium --window-size="$width,$height" --screenshot="$tmp/page.png" >"$tmp/shot.out" 2>"$tmp/shot.log" || {
  echo "$in: chromium failed (--screenshot):" >&2; tail -5 "$tmp/shot.log" >&2; exit 1; }
console_errors "$tmp/shot.log" || exit 1
[[ -s $tmp/page.png ]] || { echo "$in: chromium wrote no screenshot" >&2; exit 1; }
mv -f "$tmp/page.png" "$out"
echo "$out: ${width}x${height}, $(stat -c %s "$out") bytes"
