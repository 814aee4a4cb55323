#!/usr/bin/env bash
# Runs one fuzz target for a while: fuzz/run.sh TARGET SECONDS [libFuzzer options...]
# The corpus grows in fuzz/corpus/TARGET (not committed), seeded from fuzz/seeds/TARGET;
# crashing inputs land in fuzz/artifacts/TARGET. Built optimised with debug assertions (integer
# overflow panics). Leak detection is off: LeakSanitizer counts the
# thread-local destructor list of the reading thread, which the C library frees at thread exit.
set -euo pipefail
cd "$(dirname "$0")"
target=$1 seconds=$2
shift 2
mkdir -p "corpus/$target"
RUSTC_BOOTSTRAP=1 exec cargo fuzz run -O -a "$target" "corpus/$target" "seeds/$target" -- \
  -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 -detect_leaks=0 "$@"
