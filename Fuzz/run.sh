#!/usr/bin/env bash
# Runs every fuzz target (built by Fuzz/build.sh) for SECONDS each, one after another,
# from its committed seed corpus (Fuzz/corpus/TARGET). Fails on the first crash, broken
# invariant, per-input timeout or out-of-memory, leaving the input in $FUZZ_ARTIFACTS.
#
#   Fuzz/run.sh SECONDS [TARGET...]
#
# New inputs the fuzzer finds go to a scratch copy of the corpus, never into the tree;
# to keep good ones, `cp` them into Fuzz/corpus/TARGET/ by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: Fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv toml date text json)
out=${FUZZ_BUILD:-.build/fuzz}
artifacts=${FUZZ_ARTIFACTS:-$out/artifacts}
scratch=$(mktemp -d /tmp/handoff-fuzz.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$artifacts"
status=0
for target in "${targets[@]}"; do
  [ -x "$out/fuzz-$target" ] || { echo "fuzz: $out/fuzz-$target is not built (Fuzz/build.sh $target)" >&2; exit 2; }
  mkdir -p "$scratch/$target"
  cp -r "Fuzz/corpus/$target/." "$scratch/$target/" 2>/dev/null || true
  max_len=4096
  [ "$target" = date ] && max_len=256
  echo "fuzz: $target for ${seconds}s"
  # The Swift runtime's backtracer would exit before libFuzzer saves the input.
  if ! SWIFT_BACKTRACE=enable=no "$out/fuzz-$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=$max_len -print_final_stats=1 -artifact_prefix="$artifacts/$target-" \
      "$scratch/$target" >"$scratch/$target.log" 2>&1; then
    echo "fuzz: $target FAILED; the input is in $artifacts:" >&2
    grep -E "invariant broken|ERROR: libFuzzer|Test unit written|timeout" "$scratch/$target.log" | head -20 >&2
    status=1
    continue
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|^Done" "$scratch/$target.log" | tr '\n' ' '; echo
done
exit $status
