#!/usr/bin/env python3
"""Writes Fixtures/proj/german_crosscheck.json: pyproj's answers for one point in every
German state, between EPSG:4326, 4258, 25832, 25833, 3035 and 3857 (always_xy=True, so
longitude/easting first, as GeoKit keeps coordinates). GeoPROJTests compares GeoKit's
Transformer with these numbers.

Regenerate:  pip install pyproj && python3 scripts/make-proj-reference.py
"""
import json
import pyproj

# One point per state: the seat of each state government (lon, lat), rounded.
POINTS = {
    "Baden-Württemberg (Stuttgart)": (9.1829, 48.7758),
    "Bayern (München)": (11.5820, 48.1351),
    "Berlin": (13.4050, 52.5200),
    "Brandenburg (Potsdam)": (13.0645, 52.3906),
    "Bremen": (8.8017, 53.0793),
    "Hamburg": (9.9937, 53.5511),
    "Hessen (Wiesbaden)": (8.2398, 50.0782),
    "Mecklenburg-Vorpommern (Schwerin)": (11.4148, 53.6355),
    "Niedersachsen (Hannover)": (9.7320, 52.3759),
    "Nordrhein-Westfalen (Düsseldorf)": (6.7735, 51.2277),
    "Rheinland-Pfalz (Mainz)": (8.2473, 49.9929),
    "Saarland (Saarbrücken)": (6.9969, 49.2402),
    "Sachsen (Dresden)": (13.7373, 51.0504),
    "Sachsen-Anhalt (Magdeburg)": (11.6276, 52.1205),
    "Schleswig-Holstein (Kiel)": (10.1228, 54.3233),
    "Thüringen (Erfurt)": (11.0299, 50.9848),
}
CRS = ["EPSG:4326", "EPSG:4258", "EPSG:25832", "EPSG:25833", "EPSG:3035", "EPSG:3857"]

cases = []
for name, (lon, lat) in POINTS.items():
    coords = {}
    for crs in CRS:
        t = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        coords[crs] = list(t.transform(lon, lat))
    for source in CRS:
        for target in CRS:
            if source == target:
                continue
            t = pyproj.Transformer.from_crs(source, target, always_xy=True)
            x, y = t.transform(*coords[source])
            cases.append({"place": name, "source": source, "target": target, "input": coords[source], "expected": [x, y]})

with open("Fixtures/proj/german_crosscheck.json", "w", encoding="utf-8") as f:
    json.dump({"generator": f"pyproj {pyproj.__version__} (PROJ {pyproj.proj_version_str}), always_xy=True",
               "cases": cases}, f, ensure_ascii=False, indent=0)
print(len(cases), "cases")
