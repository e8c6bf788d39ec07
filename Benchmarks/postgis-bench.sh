#!/bin/sh
# PostGIS benchmarks of issue 17, in one run on one server: loading the 1M-point GeoJSON
# with `geokit convert` against `ogr2ogr -f PostgreSQL` (both COPY, both create the primary
# key and the GiST index; --cluster also orders the rows by that index), three rounds each; then PostGISStore's latency for a box page
# of 100, a feature by id and a filtered count on the loaded table (store-queries).
# Needs release builds (swift build -c release; and in Benchmarks/, the store-queries
# product), gdal-bin, PostgreSQL with PostGIS (scripts/postgis.sh starts a throw-away
# cluster when none runs), and the data of ../shared/bench in $BENCH_DATA:
#   BENCH_DATA=/tmp/bench-data python3 ../shared/bench/gen_data.py
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
data=${BENCH_DATA:-/tmp/bench-data}
points="$data/de_points_1m.geojson"
geokit="$root/.build/release/geokit"
queries="$root/Benchmarks/.build/release/store-queries"
url=$(sh "$root/scripts/postgis.sh" url 2>/dev/null || sh "$root/scripts/postgis.sh" up)
host=$(echo "$url" | sed -E 's|.*@([^:/]+):([0-9]+)/([^?]+).*|\1|')
port=$(echo "$url" | sed -E 's|.*@([^:/]+):([0-9]+)/([^?]+).*|\2|')
db=$(echo "$url" | sed -E 's|.*@([^:/]+):([0-9]+)/([^?]+).*|\3|')
user=$(echo "$url" | sed -E 's|postgresql://([^@:]+).*|\1|')
pg="PG:host=$host port=$port dbname=$db user=$user"
measure() {  # label, command... (a failed command is reported as such, never timed as a result)
    label=$1; shift
    if /usr/bin/time -f "$label: %e s, peak %M KB" "$@" >/dev/null 2>/tmp/postgis-bench-time.log; then
        tail -1 /tmp/postgis-bench-time.log
    else
        echo "$label: FAILED"; tail -3 /tmp/postgis-bench-time.log
    fi
}
echo "PostgreSQL: $(psql "$url" -Atc 'SELECT version()' | cut -d, -f1); PostGIS $(psql "$url" -Atc 'SELECT postgis_lib_version()'); $(ogr2ogr --version)"
for round in 1 2 3; do
    measure "round $round geokit  load 1M points" "$geokit" convert "$points" -o "$url" --table bench_points_geokit --overwrite
    measure "round $round geokit  load 1M points --cluster" "$geokit" convert "$points" -o "$url" --table bench_points_clustered --overwrite --cluster
    measure "round $round ogr2ogr load 1M points" ogr2ogr -f PostgreSQL "$pg" "$points" -nln bench_points_ogr -overwrite -lco GEOMETRY_NAME=geom
done
psql "$url" -Atc "SELECT 'rows: geokit ' || (SELECT count(*) FROM bench_points_geokit) || ', ogr2ogr ' || (SELECT count(*) FROM bench_points_ogr)"
if [ -x "$queries" ]; then
    "$queries" "$url&table=bench_points_geokit" 2000
    "$queries" "$url&table=bench_points_clustered" 2000
else
    echo "store-queries: build it first (cd Benchmarks && swift build -c release --product store-queries)"
fi
