#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer (`swiftc -sanitize=fuzzer`): the sources each
# target exercises are compiled straight from Sources/ into small static modules (no
# SQLite, no ncurses, no package dependencies), then each harness in Fuzz/Targets links
# them. Works from a fresh clone; takes a few minutes on two cores.
#
#   Fuzz/build.sh [TARGET...]      # default: every target (csv toml date text json)
#
# Binaries go to $FUZZ_BUILD (default .build/fuzz): fuzz-csv, fuzz-toml, …
set -euo pipefail
cd "$(dirname "$0")/.."
out=${FUZZ_BUILD:-.build/fuzz}
mkdir -p "$out"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv toml date text json)

flags=(-O -g -sanitize=fuzzer -parse-as-library -swift-version 6 -package-name handoff -I "$out" -L "$out")

# A static module from a list of sources, rebuilt only when a source (or a module it
# imports, named in $deps) is newer.
deps=()
module() {
  local name=$1; shift
  local lib="$out/lib$name.a"
  if [ -f "$lib" ] && [ -z "$(find "$@" "${deps[@]}" -newer "$lib" 2>/dev/null | head -1)" ]; then return; fi
  echo "fuzz: building module $name ($# files)"
  swiftc "${flags[@]}" -wmo -module-name "$name" -emit-module -emit-module-path "$out/$name.swiftmodule" \
    -emit-library -static -o "$lib" "$@"
}

core_sources() { find Sources/HandoffCore -name '*.swift' | sort; }
# The TOML reader lives in HandoffConfig; only its TOML folder is needed (pure Swift).
toml_sources() {
  if [ -d Sources/HandoffConfig/TOML ]; then find Sources/HandoffConfig/TOML -name '*.swift' | sort
  else find Sources/HandoffCore -name 'TOML*.swift' | sort; fi
}
# The interchange part of HandoffStore: readers, planner (and the feed it fills), JSON codec; not the write path or the
# demo (no database either way: SQLite is HandoffSQLite's, PostgreSQL HandoffPostgres's).
store_sources() {
  printf '%s\n' Sources/HandoffStore/Codec.swift Sources/HandoffStore/StreamingJSONEncoder.swift Sources/HandoffStore/StreamingJSONEncoder+Containers.swift Sources/HandoffStore/JSONSink+Store.swift \
    Sources/HandoffStore/Batch.swift Sources/HandoffStore/BatchFeed.swift \
    Sources/HandoffStore/Interchange/{CSVReader,JSONLimits,LeadImport,LeadImport+JSON,ImportPlanner,HeaderMap,StatusMap,LeadDocument,Export}.swift \
    Sources/HandoffStore/Interchange/{EventLogReader,EventLogReader+Decode,JSONValueScan,EventJSON,EventJSON+Shapes}.swift
}

for target in "${targets[@]}"; do
  case $target in
    csv|json)
      mapfile -t core < <(core_sources); module HandoffCore "${core[@]}"
      mapfile -t store < <(store_sources); deps=("$out/libHandoffCore.a"); module HandoffStore "${store[@]}"; deps=()
      libs=(-lHandoffStore -lHandoffCore)
      extra=() ;;
    date)
      mapfile -t core < <(core_sources); module HandoffCore "${core[@]}"
      libs=(-lHandoffCore); extra=() ;;
    text)
      mapfile -t core < <(core_sources); module HandoffCore "${core[@]}"
      # The board's wrapper, compiled into the harness (HandoffTUI needs ncurses).
      libs=(-lHandoffCore); extra=(Sources/HandoffTUI/Views/Wrap.swift) ;;
    toml)
      mapfile -t toml < <(toml_sources); module HandoffConfig "${toml[@]}"
      libs=(-lHandoffConfig); extra=() ;;
    *) echo "fuzz: no target '$target' (csv toml date text json)" >&2; exit 2 ;;
  esac
  name=$(tr '[:lower:]' '[:upper:]' <<<"${target:0:1}")${target:1}
  [ "$target" = csv ] && name=CSV; [ "$target" = toml ] && name=TOML; [ "$target" = json ] && name=JSON
  echo "fuzz: building fuzz-$target"
  swiftc "${flags[@]}" -module-name "Fuzz$name" Fuzz/Targets/Invariant.swift "Fuzz/Targets/$name.swift" "${extra[@]}" \
    "${libs[@]}" -o "$out/fuzz-$target"
done
echo "fuzz: built ${targets[*]} in $out"
