#!/bin/sh
# Installs the Debian packages GeoKit needs, only those missing, with one apt-get update.
#   scripts/install-deps.sh          build and run: GEOS, PROJ (+ proj.db), SQLite, zlib, pkg-config
#   scripts/install-deps.sh --test   also gdal-bin (ogrinfo, the reference reader in tests)
set -eu
packages="libgeos-dev libproj-dev proj-data libsqlite3-dev zlib1g-dev pkg-config"
if [ "${1:-}" = "--test" ]; then packages="$packages gdal-bin"; fi
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
