#!/usr/bin/env bash
# A team's history moved from SQLite to PostgreSQL with the command line, as the README
# says, then `doctor` on both sides: export --format json, import --events, doctor ×2.
#
#     Benchmarks/move-1m.sh [SQLITE_STORE [POSTGRES_URL]]
#
# SQLITE_STORE defaults to the report bench's store of 100,000 leads and 1,010,456 events
# ($REPORT_BENCH_DB, made by report-bench when missing: about two minutes). Without
# POSTGRES_URL (an empty database), a throwaway cluster is started on 127.0.0.1:$MOVE_BENCH_PORT (55439)
# (.ci/pg-cluster, fsync on) and removed afterwards. The target: export + import under a
# minute, import ≥ 50,000 events a second, doctor clean on both sides.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch="${MOVE_BENCH_SCRATCH:-.build-bench}"
db="${1:-${REPORT_BENCH_DB:-${TMPDIR:-/tmp}/handoff-report-bench-100000.sqlite}}"
url="${2:-}"
port="${MOVE_BENCH_PORT:-55439}"

swift build -c release --scratch-path "$scratch" --product handoff >/dev/null
handoff="$scratch/release/handoff"
if [ ! -f "$db" ]; then
    swift build -c release --scratch-path "$scratch" --product report-bench >/dev/null
    "$scratch/release/report-bench" --leads 100000 --db "$db" --runs 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/move-1m.XXXXXX")
# The cluster's folder outside $work: the server runs as the postgres user.
pgdata="${TMPDIR:-/tmp}/move-1m-pg.$$"
cleanup() {
    if [ -d "$pgdata" ]; then .ci/pg-cluster stop "$pgdata" >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
if [ -z "$url" ]; then
    .ci/pg-cluster start "$pgdata" $port benchpw >/dev/null
    PGPASSWORD=benchpw /usr/lib/postgresql/*/bin/createdb -h 127.0.0.1 -p $port -U postgres move1m
    url="postgres://postgres:benchpw@127.0.0.1:$port/move1m"
fi

# Wall seconds, CPU seconds (user + system) and peak memory of one step.
step() {
    local label=$1; shift
    local start end
    start=$(date +%s.%N)
    /usr/bin/time -f "%U %S %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
        echo "$label failed:"; cat "$work/err"; exit 1
    }
    end=$(date +%s.%N)
    read -r user sys peak <"$work/time"
    printf '%-34s %7.1f s wall %7.1f s CPU %6d MB   %s\n' "$label" "$(echo "$end - $start" | bc)" \
        "$(echo "$user + $sys" | bc)" $((peak / 1024)) "$(tail -1 "$work/out")"
    echo "$end - $start" | bc >"$work/wall"
}

echo "moving the log of $db"
step "export --format json (SQLite)" "$handoff" export --format json --out "$work/log.json" --db "$db"
exported=$(cat "$work/wall")
step "import --events (PostgreSQL)" "$handoff" import --events "$work/log.json" --db "$url"
imported=$(cat "$work/wall")
events=$(sed -n 's/.* from \([0-9]*\) events$/\1/p' "$work/out")
printf 'the move (export + import): %.1f s' "$(echo "$exported + $imported" | bc)"
[ -n "$events" ] && printf ', import %.0f events/s' "$(echo "$events / $imported" | bc -l)"
echo
step "doctor (PostgreSQL)" "$handoff" doctor --db "$url"
step "doctor (SQLite)" "$handoff" doctor --db "$db"
