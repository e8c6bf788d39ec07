#!/usr/bin/env python3
"""Same-run comparison of two geokit builds (a previous release and the current code) on
the read and convert paths: each conversion runs with the old and the new binary in
alternating rounds, held to one core, and the medians and per-round ratios are reported.

  python3 Benchmarks/compare-builds.py OLD_GEOKIT NEW_GEOKIT [--rounds 5] [--data /tmp/bench-data]

The data is ../shared/bench's de_points_1m.geojson (gen_data.py); the CSV, Shapefile and
GeoPackage inputs are made from it once, by the new binary, so both read the same files.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data", default=os.environ.get("BENCH_DATA", "/tmp/bench-data"))
    args = parser.parse_args()
    points = os.path.join(args.data, "de_points_1m.geojson")
    if not os.path.exists(points):
        sys.exit(f"{points} missing: BENCH_DATA={args.data} python3 ../shared/bench/gen_data.py")
    work = os.path.join(os.environ.get("TMPDIR", "/tmp"), "geokit-compare")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    inputs = {"geojson": points}
    for ext in ["csv", "shp", "gpkg"]:
        target = os.path.join(work, f"input.{ext}")
        subprocess.run([args.new, "convert", points, "-o", target, "--quiet"], check=True)
        inputs[ext] = target
    cases = [
        ("GeoJSON -> GPKG", "geojson", "gpkg"),
        ("GeoJSON -> CSV", "geojson", "csv"),
        ("GeoJSON -> SHP", "geojson", "shp"),
        ("CSV -> GPKG", "csv", "gpkg"),
        ("SHP -> GPKG", "shp", "gpkg"),
        ("GPKG -> GeoJSON", "gpkg", "geojson"),
        ("info GeoJSON", "geojson", None),
        ("info CSV", "csv", None),
    ]
    print(f"old: {args.old}\nnew: {args.new}\n{args.rounds} alternating rounds, one core each (taskset -c 0)\n")
    print(f"{'case':<18} {'old s':>8} {'new s':>8} {'new/old':>8} {'round ratios (median)':>22}")
    for label, source, target in cases:
        times = {"old": [], "new": []}
        for round_ in range(args.rounds):
            order = ["old", "new"] if round_ % 2 == 0 else ["new", "old"]
            for which in order:
                binary = args.old if which == "old" else args.new
                if target is None:
                    command = [binary, "info", inputs[source]]
                else:
                    out = os.path.join(work, f"{which}.{target}")
                    for leftover in [out] + [out[:-4] + e for e in [".shx", ".dbf", ".prj", ".cpg"]]:
                        if os.path.exists(leftover):
                            os.remove(leftover)
                    command = [binary, "convert", inputs[source], "-o", out]
                start = time.perf_counter()
                subprocess.run(["taskset", "-c", "0"] + command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times[which].append(time.perf_counter() - start)
        old, new = statistics.median(times["old"]), statistics.median(times["new"])
        ratios = statistics.median(n / o for n, o in zip(times["new"], times["old"]))
        print(f"{label:<18} {old:8.3f} {new:8.3f} {new / old:8.2f} {ratios:22.2f}")


if __name__ == "__main__":
    main()
