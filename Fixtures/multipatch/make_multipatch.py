#!/usr/bin/env python3
"""Writes multipatch.shp/.shx/.dbf: four MultiPatch records (shape type 31), one of each
part kind — a triangle strip, a triangle fan, an outer ring with an inner ring, a first
ring followed by a ring — built byte by byte after the ESRI Shapefile Technical
Description (1998). Run from this folder: python3 make_multipatch.py"""
import struct

records = [
    ("strip", [(0, [(0, 0, 1), (1, 0, 1), (0, 1, 2), (1, 1, 2)])]),
    ("fan", [(1, [(5, 5, 0), (6, 5, 0), (6, 6, 1), (5, 6, 1)])]),
    ("outer and inner", [(2, [(10, 10, 3), (20, 10, 3), (20, 20, 4), (10, 20, 4), (10, 10, 3)]),
                         (3, [(12, 12, 3), (12, 14, 3), (14, 14, 3), (12, 12, 3)])]),
    ("first and ring", [(4, [(30, 30, 0), (40, 30, 0), (40, 40, 0), (30, 40, 0), (30, 30, 0)]),
                        (5, [(32, 32, 0), (32, 34, 0), (34, 34, 0), (32, 32, 0)])]),
]


def content(parts):
    points = [p for _, ring in parts for p in ring]
    xs, ys, zs = [p[0] for p in points], [p[1] for p in points], [p[2] for p in points]
    out = struct.pack("<i4d", 31, min(xs), min(ys), max(xs), max(ys))
    out += struct.pack("<ii", len(parts), len(points))
    start = 0
    for _, ring in parts:
        out += struct.pack("<i", start)
        start += len(ring)
    out += b"".join(struct.pack("<i", kind) for kind, _ in parts)
    out += b"".join(struct.pack("<dd", p[0], p[1]) for p in points)
    out += struct.pack("<dd", min(zs), max(zs)) + b"".join(struct.pack("<d", z) for z in zs)
    return out


bodies = [content(parts) for _, parts in records]
all_points = [p for _, parts in records for _, ring in parts for p in ring]
box = (min(p[0] for p in all_points), min(p[1] for p in all_points), max(p[0] for p in all_points), max(p[1] for p in all_points))
zr = (min(p[2] for p in all_points), max(p[2] for p in all_points))


def header(length_bytes):
    return struct.pack(">7i", 9994, 0, 0, 0, 0, 0, length_bytes // 2) + struct.pack("<2i", 1000, 31) + struct.pack("<8d", *box, *zr, 0, 0)


shp, shx, offset = b"", b"", 100
for i, body in enumerate(bodies):
    shx += struct.pack(">2i", offset // 2, len(body) // 2)
    shp += struct.pack(">2i", i + 1, len(body) // 2) + body
    offset += 8 + len(body)
open("multipatch.shp", "wb").write(header(100 + len(shp)) + shp)
open("multipatch.shx", "wb").write(header(100 + len(shx)) + shx)
# dBase III: one character field "what".
width = 16
dbf = struct.pack("<BBBBIHH20x", 3, 126, 12, 1, len(records), 32 + 32 + 1, 1 + width)
dbf += struct.pack("<11sc4xBB14x", b"what", b"C", width, 0) + b"\r"
for name, _ in records:
    dbf += b" " + name.encode().ljust(width)
open("multipatch.dbf", "wb").write(dbf + b"\x1a")
