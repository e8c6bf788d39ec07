"""The peer figures for store-queries: the same questions through pyogrio (GDAL's
GeoPackage driver), on the same file, with the same random boxes and ids.

    python3 peers/store_peers.py POINTS.gpkg [QUERIES]

pyogrio opens the file for every call, as a script that uses it does; GDAL's driver
uses the R-tree for the box and SQLite for the WHERE clause.
"""
import sqlite3
import sys
import time

import pyogrio.raw


def stream(state=20_261_201):
    """The benchmark's number stream (the same LCG as store-queries)."""
    while True:
        state = (state * 6_364_136_223_846_793_005 + 1_442_695_040_888_963_407) % (1 << 64)
        yield (state >> 11) / float(1 << 53)


def main():
    path = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    with sqlite3.connect(path) as db:
        table, min_x, min_y, max_x, max_y = db.execute(
            "SELECT table_name, min_x, min_y, max_x, max_y FROM gpkg_contents WHERE data_type = 'features' LIMIT 1").fetchone()
        features = db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    numbers = stream()
    boxes = []
    for _ in range(count):
        x = min_x + next(numbers) * (max_x - min_x - 0.2)
        y = min_y + next(numbers) * (max_y - min_y - 0.1)
        boxes.append((x, y, x + 0.2, y + 0.1))
    ids = [1 + int(next(numbers) * features) for _ in range(count)]
    where = "kind = 'aed' AND value > 500"

    def measure(name, query):
        latencies, results = [], 0
        for i in range(count):
            start = time.perf_counter()
            results += query(i)
            latencies.append((time.perf_counter() - start) * 1000)
        latencies.sort()
        print(f"pyogrio {name}, 1 task: median {latencies[count // 2]:.3f} ms, p90 {latencies[count * 9 // 10]:.3f} ms, "
              f"{count / (sum(latencies) / 1000):.0f} queries/s ({results / count:.1f} results per query)")

    print(f"{path}: {features} features, {count} queries each")
    measure("box page of 100", lambda i: len(pyogrio.raw.read(path, bbox=boxes[i], max_features=100, return_fids=True)[1]))
    measure("feature by id", lambda i: len(pyogrio.raw.read(path, fids=[ids[i]], return_fids=True)[1]))
    measure("filtered count in a box", lambda i: len(pyogrio.raw.read(
        path, bbox=boxes[i], where=where, columns=[], read_geometry=False, return_fids=True)[1]))
    whole = []
    for _ in range(5):
        start = time.perf_counter()
        matched = len(pyogrio.raw.read(path, where=where, columns=[], read_geometry=False, return_fids=True)[1])
        whole.append((time.perf_counter() - start) * 1000)
    print(f"pyogrio filtered count over the whole layer: median {sorted(whole)[2]:.1f} ms ({matched} matched)")


if __name__ == "__main__":
    main()
