#!/bin/sh
# Builds the libFuzzer targets (Tests/Fuzz) with AddressSanitizer and runs each for
# FUZZ_SECONDS (default 60), starting from its seed corpus and the crash regressions.
# Usage: sh scripts/fuzz.sh [TARGET...]     (no target: all of them)
# A crash, trap, leak or timeout fails the run and leaves the input in .build-fuzz/crashes/;
# add it to Tests/Fuzz/regressions/<target>/ once fixed, so that every run replays it.
set -eu
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
targets=${*:-"geojson geojsonseq wkt wkb gpkgblob shp shx dbf csv gzip zip crs predicate gml"}
configuration=${FUZZ_CONFIGURATION:-debug}   # release runs several times faster, for long runs
export GEOKIT_FUZZ=1
build="swift build --scratch-path .build-fuzz -c $configuration --product GeoKitFuzz -Xswiftc -sanitize=fuzzer,address"
$build
binary="$($build --show-bin-path)/GeoKitFuzz"
export GEOKIT_FUZZ_FIXTURES="$PWD/Fixtures"
mkdir -p .build-fuzz/crashes .build-fuzz/logs
status=0
for target in $targets; do
    work=".build-fuzz/corpus/$target"
    mkdir -p "$work"
    cp -n Tests/Fuzz/corpus/"$target"/* "$work"/ 2>/dev/null || true
    export GEOKIT_FUZZ_TARGET="$target"
    if [ -d "Tests/Fuzz/regressions/$target" ]; then
        # Each regression input once: a crash found earlier must stay fixed.
        "$binary" -timeout=10 -rss_limit_mb=4096 Tests/Fuzz/regressions/"$target"/* > ".build-fuzz/logs/$target-regressions.log" 2>&1 || {
            echo "fuzz $target: a regression input fails again (.build-fuzz/logs/$target-regressions.log)"; status=1; }
    fi
    if "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
        -artifact_prefix=".build-fuzz/crashes/$target-" -print_final_stats=1 "$work" > ".build-fuzz/logs/$target.log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' ".build-fuzz/logs/$target.log" | grep -o '[0-9]*$' || echo "?")
        echo "fuzz $target: $runs executions in ${seconds} s, no crash"
    else
        echo "fuzz $target: FAILED (.build-fuzz/logs/$target.log):"
        grep -E "ERROR|SUMMARY|Fatal error|panic|crash-|timeout-|leak-|oom-" ".build-fuzz/logs/$target.log" | head -8
        status=1
    fi
done
exit $status
