#!/bin/sh
# A throw-away PostgreSQL cluster with PostGIS, for the tests and for trying GeoKit's PostGIS
# driver: `sh scripts/postgis.sh up` creates it (initdb in a temporary folder, as the
# `postgres` user when run as root, since PostgreSQL refuses to run as root), starts it on
# a free loopback port and prints its URL; `down` stops it and removes the folder; `url`
# prints the URL of the running one.
#   GEOKIT_PG_DIR   the cluster's folder (default /tmp/geokit-postgis)
#   GEOKIT_PG_PORT  the port (default: the first free one from 55432)
set -eu
dir="${GEOKIT_PG_DIR:-/tmp/geokit-postgis}"
version=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
bin="/usr/lib/postgresql/$version/bin"

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}

case "${1:-up}" in
up)
    if [ -f "$dir/url" ] && as_owner "$bin/pg_ctl -D '$dir/data' status" >/dev/null 2>&1; then cat "$dir/url"; exit 0; fi
    if [ -z "$version" ] || [ ! -x "$bin/initdb" ]; then
        echo "postgis.sh: no PostgreSQL server installed (sh scripts/install-deps.sh --test installs it)" >&2; exit 1
    fi
    if [ ! -f "/usr/share/postgresql/$version/extension/postgis.control" ]; then
        echo "postgis.sh: PostgreSQL $version has no PostGIS (apt-get install postgresql-$version-postgis-3)" >&2; exit 1
    fi
    port="${GEOKIT_PG_PORT:-}"
    if [ -z "$port" ]; then
        port=$(python3 -c 'import socket
for p in range(55432, 55532):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); print(p); break
    except OSError: pass
    finally: s.close()')
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb -D '$dir/data' -U geokit --auth=trust -E UTF8 --locale=C.UTF-8" >"$dir/initdb.log" 2>&1 ||
        as_owner "$bin/initdb -D '$dir/data' -U geokit --auth=trust -E UTF8 --locale=C" >"$dir/initdb.log" 2>&1 ||
        { echo "postgis.sh: initdb failed:" >&2; cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=200\" start" >/dev/null ||
        { echo "postgis.sh: the server did not start:" >&2; cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/psql -h '$dir' -p $port -U geokit -d postgres -qc 'CREATE DATABASE geokit'" >/dev/null
    as_owner "$bin/psql -h '$dir' -p $port -U geokit -d geokit -qc 'CREATE EXTENSION postgis'" >/dev/null
    echo "postgresql://geokit@127.0.0.1:$port/geokit?sslmode=disable" >"$dir/url"
    chmod 644 "$dir/url"
    cat "$dir/url"
    ;;
down)
    if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl -D '$dir/data' -m fast -w stop" >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
url)
    [ -f "$dir/url" ] && as_owner "$bin/pg_ctl -D '$dir/data' status" >/dev/null 2>&1 || { echo "postgis.sh: no cluster is running in $dir" >&2; exit 1; }
    cat "$dir/url"
    ;;
*)
    echo "usage: sh scripts/postgis.sh up|down|url" >&2; exit 2
    ;;
esac
