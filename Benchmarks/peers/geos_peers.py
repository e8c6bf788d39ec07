"""Shapely 2 on the same work as Benchmarks/Sources/geos-throughput (same data, same run)."""
import json
import sys
import time

import numpy as np
import shapely

boundary_path, roofs_path, points_path = sys.argv[1:4]
with open(boundary_path) as f:
    doc = json.load(f)
geom = doc["features"][0]["geometry"] if doc.get("type") == "FeatureCollection" else doc.get("geometry", doc)
boundary = shapely.geometry.shape(geom)
minx, miny, maxx, maxy = boundary.bounds
state = 42
xs, ys = np.empty(100_000), np.empty(100_000)
mask = (1 << 64) - 1
for i in range(100_000):  # the same LCG as the Swift benchmark
    state = (state * 6364136223846793005 + 1442695040888963407) & mask
    xs[i] = minx + (state >> 11) / float(1 << 53) * (maxx - minx)
    state = (state * 6364136223846793005 + 1442695040888963407) & mask
    ys[i] = miny + (state >> 11) / float(1 << 53) * (maxy - miny)
points = shapely.points(xs, ys)
t = time.perf_counter()
inside = shapely.contains(boundary, points).sum()
plain = time.perf_counter() - t
shapely.prepare(boundary)
t = time.perf_counter()
inside_prepared = shapely.contains_xy(boundary, xs, ys).sum()
prepared = time.perf_counter() - t
print(f"shapely {shapely.__version__} (GEOS {shapely.geos_version_string}) contains {len(xs)} points: plain {plain:.3f} s ({inside} inside), prepared contains_xy {prepared:.3f} s ({inside_prepared})")
with open(roofs_path) as f:
    roofs = [shapely.geometry.shape(feat["geometry"]) for feat in json.load(f)["features"][:5000]]
t = time.perf_counter()
u = shapely.union_all(roofs)
print(f"shapely union_all {len(roofs)} roofs: {time.perf_counter() - t:.3f} s (area {u.area:.0f})")
with open(points_path) as f:
    seeds = shapely.points([feat["geometry"]["coordinates"] for feat in json.load(f)["features"][:10000]])
t = time.perf_counter()
areas = shapely.area(shapely.buffer(seeds, 10))
print(f"shapely buffer {len(seeds)} points by 10: {time.perf_counter() - t:.3f} s (mean area {areas.mean():.2f})")
