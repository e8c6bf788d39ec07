#!/usr/bin/env python3
"""Builds the small GeoPackages in this folder from nothing but Python's sqlite3, so that
every odd case is exactly what its name says (GDAL would tidy some of them up).

Run from this folder: python3 make_fixtures.py"""
import os
import sqlite3
import struct

CORE = [
    """CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
       organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)""",
    """CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
       description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
       min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER)""",
    """CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT, geometry_type_name TEXT,
       srs_id INTEGER, z TINYINT NOT NULL, m TINYINT NOT NULL)""",
]
WGS84 = 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]'


def new(path):
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA application_id = 1196444487")
    db.execute("PRAGMA user_version = 10300")
    for sql in CORE:
        db.execute(sql)
    db.execute("INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84', 4326, 'EPSG', 4326, ?, NULL)", (WGS84,))
    db.execute("INSERT INTO gpkg_spatial_ref_sys VALUES ('undefined cartesian', -1, 'NONE', -1, 'undefined', NULL)")
    db.execute("INSERT INTO gpkg_spatial_ref_sys VALUES ('undefined geographic', 0, 'NONE', 0, 'undefined', NULL)")
    return db


def blob(wkb, srs=4326):
    """A GeoPackage geometry: 'GP', version 0, flags (little endian, no envelope), srs id, WKB."""
    return b"GP\x00\x01" + struct.pack("<i", srs) + wkb


def point(x, y):
    return struct.pack("<BIdd", 1, 1, x, y)


def points(code, coords):
    return struct.pack("<BII", 1, code, len(coords)) + b"".join(struct.pack("<" + "d" * len(c), *c) for c in coords)


def polygon(rings, code=3):
    out = struct.pack("<BII", 1, code, len(rings))
    for ring in rings:
        out += struct.pack("<I", len(ring)) + b"".join(struct.pack("<dd", *p) for p in ring)
    return out


def collection(code, members):
    return struct.pack("<BII", 1, code, len(members)) + b"".join(members)


def feature_table(db, name, columns="", srs=4326, kind="POINT"):
    db.execute(f'CREATE TABLE "{name}" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom GEOMETRY{columns})')
    db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES (?, 'features', ?, ?)", (name, name, srs))
    db.execute("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)", (name, kind, srs))


# 1. A feature table, an attribute table and a feature view (no primary key, an integer fid).
db = new("layers_of_every_kind.gpkg")
feature_table(db, "aeds", ", name TEXT, plz TEXT")
db.execute("INSERT INTO aeds (geom, name, plz) VALUES (?, 'Dom', '50667')", (blob(point(6.9583, 50.9413)),))
db.execute("INSERT INTO aeds (geom, name, plz) VALUES (?, 'Rathaus', '04109')", (blob(point(12.3731, 51.3397)),))
db.execute("CREATE TABLE opening_hours (id INTEGER PRIMARY KEY, aed INTEGER, hours TEXT)")
db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('opening_hours', 'attributes', 'opening_hours')")
db.execute("INSERT INTO opening_hours (aed, hours) VALUES (1, '24/7'), (2, 'Mo-Fr 08:00-18:00')")
db.execute("CREATE VIEW aeds_leipzig AS SELECT fid, geom, name FROM aeds WHERE plz LIKE '04%'")
db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('aeds_leipzig', 'features', 'aeds_leipzig', 4326)")
db.execute("INSERT INTO gpkg_geometry_columns VALUES ('aeds_leipzig', 'geom', 'POINT', 4326, 0, 0)")
db.commit()

# 2. GDAL's placeholder in a GeoPackage without vector layers.
db = new("placeholder_only.gpkg")
db.execute("CREATE TABLE ogr_empty_table (id INTEGER PRIMARY KEY)")
db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('ogr_empty_table', 'aspatial', 'ogr_empty_table')")
db.commit()

# 3. One table, a geometry of every odd kind: each row says what it holds.
db = new("odd_geometries.gpkg")
feature_table(db, "shapes", ", what TEXT", kind="GEOMETRY")
rows = [
    ("point", blob(point(7, 51))),
    ("three-position ring", blob(polygon([[(0, 0), (1, 0), (0, 0)]]))),
    ("unclosed ring", blob(polygon([[(0, 0), (1, 0), (1, 1), (0, 1)]]))),
    ("circular string", blob(points(8, [(0, 0), (1, 1), (2, 0)]))),
    ("compound curve", blob(collection(9, [points(8, [(0, 0), (1, 1), (2, 0)]), points(2, [(2, 0), (3, 0)])]))),
    ("curve polygon", blob(collection(10, [points(8, [(0, 0), (2, 0), (0, 0)])]))),
    ("multi surface", blob(collection(12, [polygon([[(0, 0), (1, 0), (1, 1), (0, 0)]])]))),
    ("point with M", blob(points(2002, [(0, 0, 5), (1, 1, 6)]))),
    ("unknown type 99", blob(struct.pack("<BIdd", 1, 99, 1, 2))),
    ("not a geometry", b"hello"),
]
for what, geometry in rows:
    db.execute("INSERT INTO shapes (geom, what) VALUES (?, ?)", (geometry, what))
db.commit()

# 4. Broken metadata beside a good table: each table's name says what is wrong.
db = new("broken_metadata.gpkg")
feature_table(db, "good", ", name TEXT")
db.execute("INSERT INTO good (geom, name) VALUES (?, 'ok')", (blob(point(7, 51)),))
feature_table(db, "null_column_name")
db.execute("UPDATE gpkg_geometry_columns SET column_name = NULL WHERE table_name = 'null_column_name'")
feature_table(db, "text_extent")
db.execute("UPDATE gpkg_contents SET min_x = 'west', min_y = 1, max_x = 2, max_y = 3 WHERE table_name = 'text_extent'")
db.execute("INSERT INTO text_extent (geom) VALUES (?)", (blob(point(1, 2)),))
db.execute("CREATE TABLE text_key (code TEXT PRIMARY KEY, geom GEOMETRY)")
db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('text_key', 'features', 'text_key', 4326)")
db.execute("INSERT INTO gpkg_geometry_columns VALUES ('text_key', 'geom', 'POINT', 4326, 0, 0)")
db.execute("INSERT INTO text_key VALUES ('A1', ?), ('B2', ?)", (blob(point(1, 1)), blob(point(2, 2))))
db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('missing', 'features', 'missing', 4326)")
db.execute("INSERT INTO gpkg_geometry_columns VALUES ('missing', 'geom', 'POINT', 4326, 0, 0)")
db.commit()

for name in sorted(os.listdir(".")):
    if name.endswith(".gpkg"):
        sqlite3.connect(name).execute("VACUUM")
