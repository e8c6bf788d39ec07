"""Peer figures for BENCHMARKS.md: json.load, GeoPandas read_file/to_file (pyogrio) on one file."""
import json
import os
import sys
import time

path = sys.argv[1]
mb = os.path.getsize(path) / 1e6

t = time.time()
with open(path) as f:
    json.load(f)
d = time.time() - t
print(f"json.load                        {d:6.2f} s  {mb / d:6.1f} MB/s")

import geopandas  # noqa: E402
import pyogrio  # noqa: E402

t = time.time()
frame = geopandas.read_file(path, engine="pyogrio")
d = time.time() - t
print(f"geopandas.read_file (pyogrio)    {d:6.2f} s  {mb / d:6.1f} MB/s  ({len(frame)} features)")
out = "/tmp/geokit-peer-out.geojson"
t = time.time()
frame.to_file(out, driver="GeoJSON", engine="pyogrio")
d = time.time() - t
print(f"geopandas.to_file GeoJSON        {d:6.2f} s  {os.path.getsize(out) / 1e6 / d:6.1f} MB/s")
print(f"versions: geopandas {geopandas.__version__}, pyogrio {pyogrio.__version__}")
