#!/usr/bin/env bash
# The README's main-job command: install dependencies, build, simulate a short mixed attack
# (small preset, test split: legitimate SIPp-style calls and Mr.SIP floods with spoofed sources),
# detect it with the shipped default model, and print what was found.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
BIN=${BUILD_DIR:-build}/src/cli/sipddos
OUT=${DEMO_DIR:-out/demo}
mkdir -p "$OUT"

echo "== simulate: a short mixed attack (small preset, split test1) into $OUT"
"$BIN" simulate --preset small --splits test1 --out "$OUT" --seed "${SEED:-7}" --no-progress
echo "== ground truth: the split's windows (paper Eq. 1: 10 INVITEs, step 2, >= 2 malicious)"
"$BIN" windows "$OUT/test1.csv" --top 0
echo "== detect with the shipped model; EVE alerts in $OUT/alerts.json"
rm -f "$OUT/alerts.json"
"$BIN" detect --pcap "$OUT/test1.pcap" --alerts "$OUT/alerts.json"
echo "== alert events: $(wc -l < "$OUT/alerts.json") lines in $OUT/alerts.json, the first one:"
head -n 1 "$OUT/alerts.json"
