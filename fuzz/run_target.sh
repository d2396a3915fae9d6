#!/usr/bin/env bash
# Runs one libFuzzer target for $SIPDDOS_FUZZ_SECONDS (default 10) on its seed corpus.
# usage: run_target.sh FUZZER_BINARY WORK_DIR MAX_LEN [DICT]
# WORK_DIR/seeds/<name> holds the seeds (fuzz/make_seeds.py), WORK_DIR/corpus/<name> keeps the
# inputs found so far, WORK_DIR/artifacts/<name> any crash/leak/timeout reproducer, and
# WORK_DIR/logs/<name>.log the fuzzer's output. Prints one line: name, seconds, execs, status.
set -uo pipefail
bin=$1 work=$2 max_len=$3 dict=${4:-}
name=$(basename "$bin" _fuzz)
seconds=${SIPDDOS_FUZZ_SECONDS:-10}
mkdir -p "$work/corpus/$name" "$work/artifacts/$name" "$work/logs" "$work/seeds/$name"
args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len"
      -print_final_stats=1 -artifact_prefix="$work/artifacts/$name/")
[[ -n "$dict" ]] && args+=(-dict="$dict")
log="$work/logs/$name.log"
# detect_leaks stays on (the default under ASan); halt on the first UBSan report.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
"$bin" "${args[@]}" "$work/corpus/$name" "$work/seeds/$name" >"$log" 2>&1
rc=$?
execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
corpus=$(ls "$work/corpus/$name" | wc -l)
line="fuzz $name: ${seconds}s execs=${execs:-?} corpus=$corpus exit=$rc log=$log"
echo "$line"
echo "$line" >>"$work/summary.txt"
if [[ $rc -ne 0 ]]; then
  grep -m5 -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log"
fi
exit $rc
