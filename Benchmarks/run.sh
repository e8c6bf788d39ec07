#!/bin/sh
# Runs GeoKit's benchmarks and the peer tools on the same files in one run, for BENCHMARKS.md.
# Data: $BENCH_DATA (default /tmp/bench-data) made by ../shared/bench/gen_data.py when
# ../shared is present; otherwise a 1M-point file from GeoKit's own generator.
set -eu
cd "$(dirname "$0")"
DATA="${BENCH_DATA:-/tmp/bench-data}"
if [ ! -f "$DATA/de_points_1m.geojson" ] && [ -f ../../shared/bench/gen_data.py ]; then
    BENCH_DATA="$DATA" python3 ../../shared/bench/gen_data.py
fi
# The plan is dropped first: SwiftPM does not notice a source file added to the root package.
rm -f .build/release.yaml .build/build.db
swift build -c release
(cd .. && swift build -c release --product geokit)
if [ -f "$DATA/de_points_1m.geojson" ]; then FILE="$DATA/de_points_1m.geojson"; else FILE=""; fi
echo "== GeoKit (release)"
.build/release/geojson-throughput $FILE all
[ -n "$FILE" ] || exit 0
echo "== peers on $FILE"
python3 peers/geojson_peers.py "$FILE" || echo "peers skipped: pip install geopandas pyogrio"
if command -v ogr2ogr >/dev/null; then
    rm -rf /tmp/geokit-ogr-out.geojson
    /usr/bin/time -f "ogr2ogr -f Memory: %e s, peak %M KB" ogr2ogr -f Memory /tmp/geokit-ogr-mem "$FILE"
    /usr/bin/time -f "ogr2ogr -f GeoJSON: %e s, peak %M KB" ogr2ogr -f GeoJSON /tmp/geokit-ogr-out.geojson "$FILE"
    /usr/bin/time -f "ogrinfo -so -al: %e s, peak %M KB" ogrinfo -ro -so -al "$FILE" >/dev/null
fi
if [ -f "$DATA/de_points_1m_lonlat.txt" ]; then
    echo "== GeoPROJ (release) and peers"
    .build/release/proj-throughput "$DATA/de_points_1m_lonlat.txt"
    python3 peers/proj_peers.py "$DATA/de_points_1m_lonlat.txt" || echo "pyproj peer skipped: pip install pyproj"
    /usr/bin/time -f "geokit transform: %e s" ../.build/release/geokit transform --from EPSG:4326 --to EPSG:25832 < "$DATA/de_points_1m_lonlat.txt" > /dev/null || true
    if command -v cct >/dev/null; then
        /usr/bin/time -f "cct: %e s" cct -d 3 -z 0 -t 0 +proj=utm +zone=32 +ellps=GRS80 "$DATA/de_points_1m_lonlat.txt" > /dev/null
        /usr/bin/time -f "cs2cs: %e s" cs2cs -f %.3f EPSG:4326 EPSG:25832 < "$DATA/de_points_1m_latlon.txt" > /dev/null
    fi
fi
if [ -f "$DATA/district_roofs_50k_25832.geojson" ] && [ -f ../../shared/data/koeln_shp/koeln_cityboundary.geojson ]; then
    echo "== GeoGEOS (release) and Shapely"
    K=../../shared/data/koeln_shp/koeln_cityboundary.geojson
    .build/release/geos-throughput "$K" "$DATA/district_roofs_50k_25832.geojson" "$DATA/district_points_100k_25832.geojson"
    python3 peers/geos_peers.py "$K" "$DATA/district_roofs_50k_25832.geojson" "$DATA/district_points_100k_25832.geojson" || echo "shapely peer skipped: pip install shapely"
fi
if [ -f "$DATA/aed_20k.geojson" ]; then
    echo "== GeoQuery (release) and Shapely / GeoPandas"
    .build/release/query-throughput "$DATA/aed_20k.geojson" "$DATA/de_points_1m.geojson"
    python3 peers/query_peers.py "$DATA/aed_20k.geojson" "$DATA/de_points_1m.geojson" || echo "peers skipped: pip install shapely geopandas"
    .build/release/query-throughput join "$DATA/district_points_100k_25832.geojson" "$DATA/district_roofs_50k_25832.geojson"
    python3 peers/join_peers.py "$DATA/district_points_100k_25832.geojson" "$DATA/district_roofs_50k_25832.geojson" || echo "peer skipped: pip install geopandas"
fi
HK=../../shared/data/essen_hauskoordinaten/hauskoordinaten_essen_2022-10-05_25832.geojson.gz
if [ -f "$HK" ]; then
    echo "== Addresses (release) and a Python peer (pyogrio + dict + rapidfuzz)"
    .build/release/address-throughput "$HK" /tmp/geokit-address-queries.txt
    python3 peers/address_peers.py "$HK" /tmp/geokit-address-queries.txt || echo "peer skipped: pip install pyogrio rapidfuzz"
fi
if command -v ogr2ogr >/dev/null && [ -d ../../shared/data ]; then
    echo "== geokit convert against ogr2ogr: single files, then folders"
    BENCH_DATA="$DATA" sh convert-files.sh
    python3 convert-folder.py all
    python3 convert-folder.py subset
fi
echo "== ordo-one/benchmark suite (100k points)"
swift package benchmark --no-progress || true
