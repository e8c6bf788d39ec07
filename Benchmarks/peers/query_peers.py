"""Peers for the nearest-AED benchmark: Shapely STRtree.query_nearest (planar degrees) and
GeoPandas sjoin_nearest after projecting both layers to EPSG:25832 (planar metres)."""
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
t = time.perf_counter()
tree = shapely.STRtree(aeds)
build = time.perf_counter() - t
t = time.perf_counter()
idx = tree.query_nearest(queries, all_matches=False)
d = time.perf_counter() - t
print(f"shapely {shapely.__version__} STRtree build {len(aeds)}: {build * 1000:.1f} ms; query_nearest {len(queries)}: {d:.3f} s ({len(queries) / d:.0f} queries/s, planar degrees)")
import geopandas as gpd
qa = gpd.GeoDataFrame(geometry=queries, crs=4326)
aa = gpd.GeoDataFrame(geometry=aeds, crs=4326)
t = time.perf_counter()
joined = gpd.sjoin_nearest(qa.to_crs(25832), aa.to_crs(25832), distance_col="d")
d = time.perf_counter() - t
print(f"geopandas {gpd.__version__} to_crs(25832) + sjoin_nearest {len(queries)}: {d:.3f} s ({len(queries) / d:.0f} queries/s, planar UTM metres, mean {joined['d'].mean():.1f} m)")
