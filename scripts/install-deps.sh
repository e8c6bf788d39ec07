#!/bin/sh
# Installs the Debian packages GeoKit needs, only those missing, with one apt-get update.
#   scripts/install-deps.sh          build and run: GEOS, PROJ (+ proj.db), SQLite, zlib, libxml2
#                                    (INSPIRE schema validation), pkg-config
#   scripts/install-deps.sh --test   also gdal-bin (ogrinfo, the reference reader in tests),
#                                    libxml2-utils (xmllint, the reference validator), and from
#                                    PyPI the clients that read `geokit serve` in tests: OWSLib,
#                                    ogctests (the OGC API - Features core suite) and
#                                    openapi-spec-validator; chromium (headless, opens the server's
#                                    HTML pages); PostgreSQL and PostGIS (a throw-away cluster,
#                                    scripts/postgis.sh, holds the GeoPostGIS tests' tables)
# As root it calls apt-get directly; otherwise through sudo. Elsewhere it says what to install.
set -eu
packages="libgeos-dev libproj-dev proj-data libsqlite3-dev zlib1g-dev libxml2-dev pkg-config"
if [ "${1:-}" = "--test" ]; then packages="$packages gdal-bin libxml2-utils chromium postgresql"; fi
if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    if pkg-config --exists geos proj sqlite3 zlib libxml-2.0 2>/dev/null; then exit 0; fi
    echo "GeoKit needs GEOS >= 3.11, PROJ >= 9 (with proj.db), SQLite 3, zlib, libxml2 and pkg-config." >&2
    case "$(uname -s)" in
        Darwin) echo "On macOS: brew install geos proj sqlite libxml2 pkg-config   (and gdal for the tests)" >&2 ;;
        *) echo "Install them with your system's package manager (Fedora: dnf install geos-devel proj-devel sqlite-devel zlib-devel libxml2-devel pkgconf gdal)." >&2 ;;
    esac
    exit 1
fi
# The Python clients of the server tests, from PyPI, when python3 is there and they are not.
if [ "${1:-}" = "--test" ] && command -v python3 >/dev/null 2>&1; then
    if ! python3 -c "import owslib, ogctests, httpx, openapi_spec_validator" >/dev/null 2>&1; then
        echo "Installing from PyPI: owslib ogctests openapi-spec-validator"
        python3 -m pip install --quiet --disable-pip-version-check owslib ogctests openapi-spec-validator ||
            echo "warning: pip could not install the server tests' Python clients; those tests will say they skip" >&2
    fi
fi
# PostGIS for the server version that is (or will be) installed: bookworm's 15 by default.
if [ "${1:-}" = "--test" ]; then
    version=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
    packages="$packages postgresql-${version:-15}-postgis-3"
fi
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
        echo "Missing Debian packages:$missing — run as root: apt-get install$missing" >&2
        exit 1
    fi
fi
echo "Installing:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
