#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) in build-fuzz and runs each for SECONDS.
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   TARGET: sip_parser decoder pcap_file csv_reader model_loader (default: all), one at a time.
# Corpora are kept in build-fuzz/fuzz/corpus/<target> (git-ignored), reproducers of any crash,
# leak or timeout in build-fuzz/fuzz/artifacts/<target>, logs in build-fuzz/fuzz/logs/.
# Environment: BUILD_DIR (default build-fuzz), JOBS (build parallelism, default 2),
# NICE (default 0; e.g. NICE=19 for long background runs).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(sip_parser decoder pcap_file csv_reader model_loader)
build=${BUILD_DIR:-build-fuzz}
if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DSIPDDOS_FUZZ=ON \
  -DSIPDDOS_SANITIZE=address,undefined -DSIPDDOS_WITH_TORCH=OFF -DSIPDDOS_BUILD_BENCH=OFF \
  -DSIPDDOS_BUILD_TESTS=OFF >/dev/null
nice -n "${NICE:-0}" cmake --build "$build" --target fuzz_all -j "${JOBS:-2}"
regex="^fuzz_(seeds|$(IFS='|'; echo "${targets[*]}"))\$"
rm -f "$build/fuzz/summary.txt"
status=0
SIPDDOS_FUZZ_SECONDS=$seconds nice -n "${NICE:-0}" \
  ctest --test-dir "$build/fuzz" -R "$regex" -j 1 --output-on-failure --timeout $((seconds + 300)) ||
  status=$?
echo "--- fuzz summary (${seconds}s per target)"
cat "$build/fuzz/summary.txt" 2>/dev/null || true
exit $status
