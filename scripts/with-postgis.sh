#!/bin/sh
# Runs a command with GEOKIT_TEST_POSTGRES_URL set to a throw-away PostGIS database: the
# one `make postgis-up` started, else a new one (scripts/postgis.sh) that is stopped when
# the command ends. When none can be started, the command runs without it (the PostGIS
# tests then say that they skip) and the reason is printed.
set -u
cd "$(dirname "$0")/.."
started=""
if url=$(sh scripts/postgis.sh url 2>/dev/null) && [ -n "$url" ]; then :; elif url=$(sh scripts/postgis.sh up); then started=1; else
    echo "with-postgis.sh: no PostGIS database for the tests (see above); they will skip" >&2
    url=""
fi
GEOKIT_TEST_POSTGRES_URL="$url" "$@"
status=$?
[ -n "$started" ] && sh scripts/postgis.sh down
exit $status
