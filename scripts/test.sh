#!/usr/bin/env bash
# The README's test command: installs dependencies, builds, runs every test with ctest
# (docs/robustness.md for the passes below).
# Then the same suite again under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan,
# without libtorch; SIPDDOS_SANITIZERS=0 skips it).
# Then, when clang++ is installed, each libFuzzer target runs for SIPDDOS_FUZZ_SECONDS (default
# 30; 0 turns the fuzz pass off) in build-fuzz (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
BUILD_DIR=${BUILD_DIR:-build}
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" --timeout 600

if [[ ${SIPDDOS_SANITIZERS:-1} != 0 ]]; then
  asan=${ASAN_BUILD_DIR:-build-asan}
  cmake -S . -B "$asan" -DSIPDDOS_SANITIZE=address,undefined -DSIPDDOS_WITH_TORCH=OFF \
    -DSIPDDOS_BUILD_BENCH=OFF >/dev/null
  cmake --build "$asan" -j "$(nproc)"
  # Leaks are errors too; a UBSan report stops the test (-fno-sanitize-recover=all).
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    ctest --test-dir "$asan" --output-on-failure -j "$(nproc)" --timeout 1200
fi

fuzz_seconds=${SIPDDOS_FUZZ_SECONDS:-30}
if [[ $fuzz_seconds != 0 ]] && command -v clang++ >/dev/null; then
  JOBS=$(nproc) scripts/fuzz.sh "$fuzz_seconds"
elif [[ $fuzz_seconds != 0 ]]; then
  echo "test.sh: no clang++, fuzz pass skipped (apt-get install clang libclang-rt-14-dev)"
fi
