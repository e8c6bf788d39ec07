"""Peer figures for BENCHMARKS.md: pyproj Transformer.transform on numpy arrays and Geod.inv."""
import sys
import time

import numpy as np
import pyproj

data = np.loadtxt(sys.argv[1])
lon, lat = data[:, 0].copy(), data[:, 1].copy()
n = len(lon)
t = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)
times = []
for _ in range(3):
    start = time.perf_counter()
    t.transform(lon, lat)
    times.append(time.perf_counter() - start)
best = min(times)
print(f"pyproj {pyproj.__version__} (PROJ {pyproj.proj_version_str}) transform {n} points: {best:.3f} s ({n / best / 1e6:.2f} M points/s)")
j = (np.arange(n) * 7919 + 13) % n
g = pyproj.Geod(ellps="WGS84")
start = time.perf_counter()
_, _, dist = g.inv(lon, lat, lon[j], lat[j])
d = time.perf_counter() - start
print(f"pyproj Geod.inv x{n}: {d:.3f} s ({n / d / 1e6:.2f} M/s), checksum {dist.mean() / 1000:.1f} km")
