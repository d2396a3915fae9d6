#!/usr/bin/env bash
# The README's main-job command: install, build, run sipddos end to end on the embedded default.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
BIN=${BUILD_DIR:-build}/src/cli/sipddos
"$BIN" version
