"""Peers for the nearest-AED benchmark: Shapely STRtree.query_nearest (planar degrees) and
GeoPandas sjoin_nearest after projecting both layers to EPSG:25832 (planar metres).
Every figure is the best of five runs, as in query-throughput."""
import json
import sys
import time

import numpy as np
import shapely

aed_path, query_path = sys.argv[1:3]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
with open(aed_path) as f:
    aeds = shapely.points([feat["geometry"]["coordinates"] for feat in json.load(f)["features"]])
queries = []
with open(query_path) as f:
    for feat in json.load(f)["features"][:count]:
        queries.append(feat["geometry"]["coordinates"])
queries = shapely.points(queries)


def best_of_five(body):
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        result = body()
        best = min(best, time.perf_counter() - t)
    return best, result


build, tree = best_of_five(lambda: shapely.STRtree(aeds))
d, idx = best_of_five(lambda: tree.query_nearest(queries, all_matches=False))
print(f"shapely {shapely.__version__} STRtree build {len(aeds)}: {build * 1000:.1f} ms; query_nearest {len(queries)}: {d:.3f} s ({len(queries) / d:.0f} queries/s, planar degrees)")
import geopandas as gpd
qa = gpd.GeoDataFrame(geometry=queries, crs=4326)
aa = gpd.GeoDataFrame(geometry=aeds, crs=4326)
d, joined = best_of_five(lambda: gpd.sjoin_nearest(qa.to_crs(25832), aa.to_crs(25832), distance_col="d"))
print(f"geopandas {gpd.__version__} to_crs(25832) + sjoin_nearest {len(queries)}: {d:.3f} s ({len(queries) / d:.0f} queries/s, planar UTM metres, mean {joined['d'].mean():.1f} m)")
