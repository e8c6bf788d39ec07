"""Peer for the address benchmark: what a Python user writes for the same job — the house
coordinates read with pyogrio, a dict from (normalised street, house number) to the
position, and rapidfuzz's extractOne over the street names (Levenshtein distance, the
same limits as GeoKit's) when the street is not found. The normalisation is GeoKit's
(lowercase, umlauts, ß, Str./Straße, separators), so both find the same addresses.
Every figure is the best of five runs, as in address-throughput.
    python3 address_peers.py HAUSKOORDINATEN.geojson[.gz] QUERIES.txt"""
import re
import sys
import time

import pyogrio
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

path, queries_path = sys.argv[1:3]


def best_of_five(body):
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        result = body()
        best = min(best, time.perf_counter() - t)
    return best, result


def street_key(name):
    s = name.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    tokens = re.split(r"[ \-/,\t]+", s)
    out = []
    for t in tokens:
        for suffix in ("strasse", "strase", "strsse", "strasze"):
            if t.endswith(suffix):
                t = t[: -len(suffix)] + "str"
                break
        else:
            if t.endswith("str."):
                t = t[:-4] + "str"
        out.append(t)
    return re.sub(r"[^0-9a-z]", "", "".join(out))


NUMBER = re.compile(r"^(.*?)\s+(\d+)\s*([a-zA-Z]?)$")

t = time.perf_counter()
frame = pyogrio.read_dataframe(path if not path.endswith(".gz") else "/vsigzip/" + path)
print(f"pyogrio read {len(frame)} house coordinates: {time.perf_counter() - t:.3f} s")


def build():
    index, streets = {}, {}
    xs, ys = frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy()
    for i, (street, number, suffix) in enumerate(zip(frame["strname"], frame["hsnr"], frame["hsnrzu"])):
        key = street_key(street)
        streets.setdefault(key, True)
        if isinstance(number, str):
            index[(key, number + (suffix.lower() if isinstance(suffix, str) else ""))] = (xs[i], ys[i])
    return index, list(streets)


build_time, (index, street_keys) = best_of_five(build)
print(f"dict build over {len(frame)} addresses: {build_time:.3f} s")

with open(queries_path) as f:
    texts = f.read().split("\n")


def allowed(n):
    return 0 if n <= 4 else 1 if n <= 8 else 2 if n <= 14 else 3


def locate(text):
    m = NUMBER.match(text)
    if not m:
        return None
    key, number = street_key(m.group(1)), m.group(2) + m.group(3).lower()
    hit = index.get((key, number))
    if hit is not None:
        return hit
    limit = allowed(len(key))
    if limit == 0:
        return None
    best = process.extractOne(key, street_keys, scorer=Levenshtein.distance, score_cutoff=limit)
    return index.get((best[0], number)) if best else None


def run_all():
    return sum(1 for text in texts if locate(text) is not None)


lookup_time, found = best_of_five(run_all)
print(f"single lookups, all: {len(texts)} in {lookup_time:.3f} s ({len(texts) / lookup_time:.0f} lookups/s), {found} found")
