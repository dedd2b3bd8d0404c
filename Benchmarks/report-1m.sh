#!/usr/bin/env bash
# `handoff report` over 100,000 leads and about 1,000,000 events.
#
# Builds the report-bench tool in release mode, which generates the store once (every
# event decided by the real rules, then bulk-loaded and projected; about two minutes,
# cached at $REPORT_BENCH_DB) and then times the report end to end in-process (open the
# store, compute the standup, render the text) over several runs. If the `handoff`
# binary builds too, the real command line is timed on the same store as well.
#
#     Benchmarks/report-1m.sh [--runs N] [--rebuild] [--verify]
#
# The budget is one second for the default report (the last 7 days).
set -euo pipefail
cd "$(dirname "$0")/.."

scratch="${REPORT_BENCH_SCRATCH:-.build-report-rel}"
db="${REPORT_BENCH_DB:-${TMPDIR:-/tmp}/handoff-report-bench-100000.sqlite}"

swift build -c release --scratch-path "$scratch" --product report-bench
"$scratch/release/report-bench" --leads 100000 --db "$db" "$@"

if swift build -c release --scratch-path "$scratch" --product handoff >/dev/null 2>&1; then
    echo "handoff report (the command line, process start to exit), 5 runs:"
    for _ in 1 2 3 4 5; do
        start=$(date +%s.%N)
        HANDOFF_NOW="2026-03-09 09:00" XDG_CONFIG_HOME=/nonexistent TZ=UTC \
            "$scratch/release/handoff" report --db "$db" --as lena >/dev/null
        end=$(date +%s.%N)
        printf '  %.3f s\n' "$(echo "$end - $start" | bc)"
    done
else
    echo "(the handoff binary did not build; only the in-process figure above)"
fi
