#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, made from Fixtures/ (run from the repository root).

Each target gets a few small valid inputs and some broken ones; libFuzzer mutates from
there. The seeds are committed under Tests/Fuzz/corpus/<target>/.
"""
import glob, gzip, io, os, shutil, struct, zipfile

root = "Tests/Fuzz/corpus"
shutil.rmtree(root, ignore_errors=True)

def put(target, name, data):
    os.makedirs(f"{root}/{target}", exist_ok=True)
    with open(f"{root}/{target}/{name}", "wb") as f:
        f.write(data)

def read(path):
    with open(path, "rb") as f:
        return f.read()

small_geojson = [p for p in sorted(glob.glob("Fixtures/**/*.geojson", recursive=True)) if os.path.getsize(p) < 8000]
for p in small_geojson:
    put("geojson", os.path.basename(p), read(p))
put("geojsonseq", "points.geojsonl", b'\x1e{"type":"Feature","properties":{"a":1},"geometry":{"type":"Point","coordinates":[6.9,50.9]}}\n'
    b'{"type":"Feature","properties":{"a":"x"},"geometry":null}\n')

wkts = ["POINT (1 2)", "POINT Z (1 2 3)", "POINT M (1 2 3)", "POINT EMPTY", "LINESTRING (0 0, 1 1, 2 0)",
        "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))", "MULTIPOINT ((1 2), (3 4))", "MULTIPOINT (1 2, 3 4)",
        "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))", "MULTIPOLYGON Z (((0 0 1, 1 0 1, 1 1 1, 0 0 1)))",
        "GEOMETRYCOLLECTION (POINT (1 2), GEOMETRYCOLLECTION (LINESTRING (0 0, 1 1)))", "SRID=4326;POINT (6.9 50.9)"]
for i, text in enumerate(wkts):
    put("wkt", f"{i:02}.wkt", text.encode())

def wkb_point(x, y):
    return struct.pack("<BIdd", 1, 1, x, y)
def wkb_line(points, code=2):
    return struct.pack("<BII", 1, code, len(points)) + b"".join(struct.pack("<dd", *p) for p in points)
def wkb_polygon(rings):
    return struct.pack("<BII", 1, 3, len(rings)) + b"".join(struct.pack("<I", len(r)) + b"".join(struct.pack("<dd", *p) for p in r) for r in rings)
ring = [(0, 0), (1, 0), (1, 1), (0, 0)]
wkbs = {"point": wkb_point(6.9, 50.9), "line": wkb_line([(0, 0), (1, 1)]), "polygon": wkb_polygon([ring]),
        "multipoint": struct.pack("<BII", 1, 4, 2) + wkb_point(1, 2) + wkb_point(3, 4),
        "collection": struct.pack("<BII", 1, 7, 2) + wkb_point(1, 2) + wkb_polygon([ring]),
        "circularstring": wkb_line([(0, 0), (1, 1), (2, 0)], code=8),
        "big-endian-point": struct.pack(">BIdd", 0, 1, 1.0, 2.0)}
for name, blob in wkbs.items():
    put("wkb", name + ".wkb", blob)
    # GeoPackage blob: magic, version, flags (little-endian, no envelope), SRS id, then WKB.
    put("gpkgblob", name + ".gpb", b"GP\x00\x01" + struct.pack("<i", 4326) + blob)
put("gpkgblob", "envelope.gpb", b"GP\x00\x03" + struct.pack("<i", 4326) + struct.pack("<dddd", 0, 1, 0, 1) + wkbs["polygon"])

for p in ["Fixtures/multipatch/multipatch.shp", "Fixtures/shapefile/koeln_stadtbezirk.shp"]:
    if os.path.getsize(p) < 200_000:
        put("shp", os.path.basename(p), read(p))
for p in glob.glob("Fixtures/**/*.shx", recursive=True):
    put("shx", os.path.basename(p), read(p))
for p in glob.glob("Fixtures/**/*.dbf", recursive=True):
    if os.path.getsize(p) < 50_000:
        put("dbf", os.path.basename(p), read(p))

put("csv", "points.csv", b"x,y,name,plz\n6.9,50.9,Dom,04229\n7.0,51.0,\"a, b\",50667\n")
put("csv", "semicolon-decimal-comma.csv", "Name;Breite;Länge\nA;50,9;6,9\n".encode("utf-8"))
put("csv", "wkt.csv", b"id,WKT\n1,\"POINT (6.9 50.9)\"\n2,\"LINESTRING (0 0, 1 1)\"\n")
put("csv", "latin1-preamble.csv", "Stand: 2024\n\nx;y;Straße\n6,9;50,9;Domplatz\n".encode("latin-1"))

for p in small_geojson[:3]:
    put("gzip", os.path.basename(p) + ".gz", gzip.compress(read(p)))

buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
    for ext in ["shp", "shx", "dbf", "prj"]:
        z.write(f"Fixtures/multipatch/multipatch.{ext}" if os.path.exists(f"Fixtures/multipatch/multipatch.{ext}") else f"Fixtures/shapefile/koeln_stadtbezirk.{ext}", f"m.{ext}")
put("zip", "multipatch.zip", buffer.getvalue())

for p in glob.glob("Fixtures/**/*.prj", recursive=True):
    put("crs", os.path.basename(p), read(p))
for i, text in enumerate(["EPSG:25832", "+proj=utm +zone=32 +ellps=GRS80 +units=m +no_defs", "urn:ogc:def:crs:EPSG::4326",
                          "+proj=longlat +ellps=GRS80 +nadgrids=@null", "OGC:CRS84"]):
    put("crs", f"{i:02}.txt", text.encode())

predicates = ["a = 1", "b = 04109 AND NOT c = TRUE", "name LIKE 'Ra%' OR name NOT LIKE '_\\%x'", "a IN (1, 2.5, 'x') AND b IS NOT NULL",
              "(a < 1 OR d >= -2.5e3) AND \"name\" <> 'O''Neill'", "NOT (c IS NULL)", "b > 'Z' AND a != -7"]
for i, text in enumerate(predicates):
    put("predicate", f"seed{i}.txt", text.encode())
