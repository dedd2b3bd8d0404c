#!/usr/bin/env bash
# 16 separate client processes × 200 random valid commands (handoff-load, release build)
# against one store: SQLite (a file) or PostgreSQL (a URL). Prints throughput and the
# latency of acknowledged commands (p50, p99).
#
#   Benchmarks/load-16.sh sqlite
#   Benchmarks/load-16.sh postgres://postgres@127.0.0.1:PORT/DBNAME   (an empty database; PGPASSWORD set)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build-bench/release
swift build -c release --scratch-path .build-bench --product handoff >/dev/null
swift build -c release --scratch-path .build-bench --product handoff-load >/dev/null
work=$(mktemp -d /tmp/handoff-load16.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ "${1:-sqlite}" = sqlite ]; then db=$work/board.sqlite; else db=$1; fi
export HANDOFF_DB=$db HANDOFF_USER= XDG_CONFIG_HOME=$work/config
"$bin/handoff" init --lead lee --personal >/dev/null
for i in 0 1 2 3 4 5 6 7; do "$bin/handoff" team add sdr$i --role sdr --as lee >/dev/null; done
for i in 0 1 2 3; do "$bin/handoff" team add ae$i --role ae --as lee >/dev/null; done
people=(sdr0 sdr1 sdr2 sdr3 sdr4 sdr5 sdr6 sdr7 ae0 ae1 ae2 ae3 lee)
start=$(date +%s.%N)
pids=()
for i in $(seq 0 15); do
  "$bin/handoff-load" --db "$db" --as "${people[$((i % 13))]}" --seed $((i + 1)) --count 200 \
    --ack "$work/ack-$i" --start 1894006800 >"$work/out-$i" 2>&1 &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
end=$(date +%s.%N)
"$bin/handoff" doctor >/dev/null || { echo "doctor is not clean"; status=1; }
python3 - "$work" "$start" "$end" <<'PY'
import glob, sys
work, start, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
lat = sorted(int(l.split("\t")[3]) for f in glob.glob(work + "/ack-*") for l in open(f) if l.strip())
p = lambda q: lat[min(len(lat) - 1, max(0, int(-(-q * len(lat) // 1)) - 1))] / 1000
wall = end - start
print(f"16 processes × 200 commands: {len(lat)} acknowledged in {wall:.1f} s = {len(lat) / wall:.0f} commands/s; p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms; doctor clean")
PY
exit $status
