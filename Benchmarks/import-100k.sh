#!/usr/bin/env bash
# Imports a 100,000-row Salesforce-style CSV into a new store and reports wall time and peak
# memory (target: under 5 s and under 200 MB), then the same file again (every row a
# duplicate), and an export. Build first:
#
#     swift build -c release                      # then: bash Benchmarks/import-100k.sh
#     HANDOFF_BIN=.build-x/release/handoff bash Benchmarks/import-100k.sh   # another build folder
#
# ROWS=N changes the size. Needs python3 and GNU time (/usr/bin/time).
#
# With a PostgreSQL URL it imports into that database instead (it must hold no store yet,
# and the login must own it: the owner's import goes by COPY; PGPASSWORD or the URL gives
# the password), and prints events a second:
#
#     .ci/pg-cluster start /tmp/pgdata-csv 55433 benchpw
#     PGPASSWORD=benchpw psql -h 127.0.0.1 -p 55433 -U postgres -c 'CREATE DATABASE import100k'
#     PGPASSWORD=benchpw bash Benchmarks/import-100k.sh postgres://postgres@127.0.0.1:55433/import100k
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${HANDOFF_BIN:-$root/.build/release/handoff}
rows=${ROWS:-100000}
url=${1:-}
[ -x "$bin" ] || { echo "no handoff binary at $bin: run 'swift build -c release' (or set HANDOFF_BIN)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/handoff-import-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
csv=$work/leads.csv
export HANDOFF_DB=${url:-$work/board.sqlite} HANDOFF_USER=lee XDG_CONFIG_HOME=$work/config
unset HANDOFF_NOW

python3 - "$csv" "$rows" <<'PY'
import csv, random, sys
path, rows = sys.argv[1], int(sys.argv[2])
random.seed(42)
first = ["Maria", "James", "Li", "Aisha", "Carlos", "Sofia", "Nora", "Tom", "Priya", "Ken", "Zoë", "Jörg"]
last = ["Müller", "O'Brien", "Wei", "Khan", "Ruiz", "Rossi", "Lindqvist", "Baker", "Nair", "Sato"]
industries = ["Technology", "Manufacturing", "Retail", "Finance", "Logistics", "Healthcare"]
# Every row becomes a lead (a tenth of them in Nurture): the import writes 100,000 leads.
statuses = ["Open - Not Contacted"] * 6 + ["Working - Contacted"] * 3 + ["Bad Timing"]
with open(path, "w", newline="", encoding="utf-8") as f:
    out = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    out.writerow(["Lead ID", "First Name", "Last Name", "Title", "Company / Account", "Email", "Phone",
                  "Website", "Industry", "Lead Source", "Lead Status", "Lead Owner", "Create Date",
                  "City", "State/Province", "Country"])
    for n in range(rows):
        company = f"Company {n}, Inc."
        out.writerow([f"00Q{n:012d}", random.choice(first), random.choice(last), "VP Operations", company,
                      f"lead{n}@company{n}.test", f"+1 415 555 {n % 10000:04d}", f"company{n}.test",
                      random.choice(industries), "Web", random.choice(statuses), "sam",
                      "3/4/2026, 9:12 AM", "San Francisco", "CA", "United States"])
PY
echo "$(wc -l <"$csv") lines, $(du -h "$csv" | cut -f1) in $csv"

"$bin" init --lead lee >/dev/null
"$bin" team add sam --role sdr >/dev/null

# Runs one command under GNU time; prints wall and CPU time, peak memory, and the
# command's first line of output.
measure() {
    local label=$1
    shift
    local log=$work/time.log
    /usr/bin/time -v "$@" >"$work/out.txt" 2>"$log" || { cat "$log" >&2; exit 1; }
    local wall cpu rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
    cpu=$(awk -F': ' '/User time|System time/ {sum += $2} END {printf "%.2f s", sum}' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f MB", $2 / 1024}' "$log")
    printf '%-28s wall %-8s cpu %-8s max RSS %-9s %s\n' "$label" "$wall" "$cpu" "$rss" "$(head -n 1 "$work/out.txt")"
}

# Other work on the machine shows in wall time: say how busy it was.
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

echo "store: ${url:-SQLite, $HANDOFF_DB}"
measure "import ($rows rows)" "$bin" import "$csv"
# One event a lead: the rows imported over the wall time.
awk -F': ' -v rows="$rows" '/Elapsed \(wall clock\)/ {
    n = split($2, t, ":"); s = (n == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2]
    printf "%-28s %d events a second\n", "", rows / s }' "$work/time.log"
measure "import again (duplicates)" "$bin" import "$csv"
measure "export csv" "$bin" export --format csv --out "$work/board.csv"
measure "export json" "$bin" export --format json --out "$work/board.json"
if [ -z "$url" ]; then
  HANDOFF_DB=$work/copy.sqlite measure "import --events (rebuild)" "$bin" import --events "$work/board.json"
fi
