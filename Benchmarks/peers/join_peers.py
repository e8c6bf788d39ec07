"""GeoPandas sjoin(points, roofs, predicate="within") on the same files as `query-throughput join`."""
import sys
import time

import geopandas as gpd
import pyogrio

points = gpd.read_file(sys.argv[1], engine="pyogrio")
roofs = gpd.read_file(sys.argv[2], engine="pyogrio")
d = float("inf")
for _ in range(5):  # best of five, as in query-throughput
    t = time.perf_counter()
    joined = gpd.sjoin(points, roofs, predicate="within", how="left")
    d = min(d, time.perf_counter() - t)
print(f"geopandas {gpd.__version__} sjoin within {len(points)} points × {len(roofs)} roofs: {d:.3f} s ({joined['index_right'].notna().sum()} matched)")
