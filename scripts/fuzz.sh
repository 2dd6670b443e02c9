#!/usr/bin/env bash
# libFuzzer over the parsers that read untrusted input (Tests/Fuzz).
#
#   scripts/fuzz.sh build              build .build-fuzz/winddown-fuzz
#   scripts/fuzz.sh run [TARGET...]    fuzz each target for FUZZ_SECONDS (default 60)
#   scripts/fuzz.sh regress            run every saved crash input once (must all pass)
#
# Targets: toml config routine control json tzif ogg mqtt web snapcast. Seeds are in
# Tests/Fuzz/seeds/TARGET (read only); what the fuzzer learns goes to
# .build-fuzz/corpus/TARGET. A crash is saved to .build-fuzz/crashes/ and
# the run fails: copy the input to Tests/Fuzz/regressions/TARGET/ and add a
# unit test, so that it stays fixed.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=.build-fuzz
BIN=$OUT/winddown-fuzz
TARGETS=(toml config routine control json tzif ogg mqtt web snapcast)
SECONDS_EACH=${FUZZ_SECONDS:-60}

build() {
  mkdir -p "$OUT"
  local sources
  mapfile -t sources < <(find Sources/WinddownCore -name '*.swift' | sort)
  # WinddownVersion is written from VERSION at build time (Plugins/VersionSource).
  scripts/version-source.sh VERSION "$OUT/WinddownVersion.swift"
  sources+=("$OUT/WinddownVersion.swift")
  # One module of WinddownCore's sources and the entry points, optimised, with
  # libFuzzer's coverage instrumentation; debug checks (overflow, bounds) stay on.
  swiftc -O -sanitize=fuzzer -parse-as-library -swift-version 6 -module-name WinddownFuzz \
    -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility \
    "${sources[@]}" Tests/Fuzz/FuzzTargets.swift -o "$BIN"
  echo "fuzz: built $BIN"
}

run_target() {
  local target=$1
  mkdir -p "$OUT/corpus/$target" "$OUT/crashes"
  echo "fuzz: $target for ${SECONDS_EACH} s"
  local log="$OUT/$target.log"
  if ! WINDDOWN_FUZZ_TARGET=$target "$BIN" -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$OUT/crashes/$target-" \
      "$OUT/corpus/$target" "Tests/Fuzz/seeds/$target" >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz: $target FAILED; the input is in $OUT/crashes/" >&2
    return 1
  fi
  local runs per_second
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  per_second=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  echo "fuzz: $target ok: $runs inputs, $per_second exec/s"
}

regress() {
  local failed=0 target files
  for target in "${TARGETS[@]}"; do
    [ -d "Tests/Fuzz/regressions/$target" ] || continue
    mapfile -t files < <(find "Tests/Fuzz/regressions/$target" -type f ! -name '.*' | sort)
    ((${#files[@]} == 0)) && continue
    if WINDDOWN_FUZZ_TARGET=$target "$BIN" "${files[@]}" >"$OUT/regress-$target.log" 2>&1; then
      echo "fuzz: $target: ${#files[@]} saved inputs pass"
    else
      tail -n 20 "$OUT/regress-$target.log"
      failed=1
    fi
  done
  return $failed
}

case "${1:-run}" in
  build) build ;;
  regress) [ -x "$BIN" ] || build; regress ;;
  run)
    shift || true
    [ -x "$BIN" ] || build
    status=0
    for target in "${@:-${TARGETS[@]}}"; do run_target "$target" || status=1; done
    exit $status
    ;;
  *) echo "usage: scripts/fuzz.sh build|run [TARGET...]|regress" >&2; exit 2 ;;
esac
