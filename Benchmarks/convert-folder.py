#!/usr/bin/env python3
"""Folder benchmark of issue 5: real open-data files converted to one GeoPackage each.

  geokit convert, one job held to one core (taskset): the single-threaded figure
  geokit convert --jobs 1 (each file read on a second thread while it is written)
  geokit convert --jobs 2
  an ogr2ogr loop over the same files (one process per file, as a script would do it)
  a GeoPandas loop (pyogrio read_file / to_file), when geopandas is installed

Folders (first argument):
  subset  the 22 files of sessions 2 and 3 (Köln and VG5000 shapefiles, GeoJSON): 30 MB
  all     every file of ../shared/data that both tools read: shapefiles, GeoJSON (also
          gzipped), CSV and GeoPackage (every table): 51 inputs, 100 MB (default)

The machine's speed drifts by up to 30 % between processes, so the geokit runs alternate
round by round (ROUNDS, default 9) and the figures are medians; the ratio of two jobs over
one is taken within each round. The peers run PEER_ROUNDS times (default 3).
Needs a release build (swift build -c release) and gdal-bin.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = os.path.join(root, "..", "shared", "data")
geokit = os.path.join(root, ".build", "release", "geokit")
work = os.path.join(os.environ.get("TMPDIR", "/tmp"), "geokit-folder-bench")
rounds = int(os.environ.get("ROUNDS", "9"))
peer_rounds = int(os.environ.get("PEER_ROUNDS", "3"))
which = sys.argv[1] if len(sys.argv) > 1 else "all"


def subset_folder():
    """The session 2/3 folder, copied flat into work/in."""
    folder = os.path.join(work, "in")
    os.makedirs(folder)
    admin = os.path.join(data, "admin")
    for name in os.listdir(os.path.join(admin, "bkg_vg5000_2021_shp")):
        if name.startswith("VG5000_"):
            shutil.copy(os.path.join(admin, "bkg_vg5000_2021_shp", name), folder)
    for name in os.listdir(os.path.join(data, "koeln_shp")):
        shutil.copy(os.path.join(data, "koeln_shp", name), folder)
    singles = [os.path.join(data, "schools", "koeln_osm_amenity_school_2017.geojson"),
               os.path.join(data, "buildings", "nrw_lod2_wesel_koeln_ground_footprints_25832.geojson")]
    singles += [os.path.join(data, "aed", n) for n in os.listdir(os.path.join(data, "aed")) if n.endswith(".geojson")]
    singles += [os.path.join(admin, n) for n in os.listdir(admin) if n.startswith("geoGermany_vg5000_2021_") and n.endswith(".geojson")]
    singles += [os.path.join(data, "misc", n) for n in os.listdir(os.path.join(data, "misc")) if n.endswith(".geojson")]
    for path in singles:
        shutil.copy(path, folder)
    return folder


def data_files(folder):
    """The files both tools read, as geokit finds them in the folder."""
    found = []
    for directory, _, names in os.walk(folder):
        for name in names:
            lower = name.lower()
            if lower.endswith((".shp", ".geojson", ".geojson.gz", ".csv", ".gpkg")):
                found.append(os.path.join(directory, name))
    return sorted(found)


reported = set()


def timed(command):
    """Wall seconds and peak resident MB of one command, or None when it failed."""
    result = subprocess.run(["/usr/bin/time", "-f", "TIME %e %M"] + command,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    line = [l for l in result.stderr.splitlines() if l.startswith("TIME ")][-1].split()
    for failure in sorted(set(l for l in result.stderr.splitlines() if "FAILED on" in l) - reported):
        reported.add(failure)
        print("  peer " + failure)
    if result.returncode != 0:
        print(f"  FAILED ({result.returncode}): {' '.join(command[:4])} …: {result.stderr.strip().splitlines()[:2]}")
        return None
    return float(line[1]), int(line[2]) / 1024


def geokit_run(folder, jobs, one_core):
    out = os.path.join(work, "out")
    shutil.rmtree(out, ignore_errors=True)
    command = [geokit, "convert", folder, "-o", out, "--to", "gpkg", "--jobs", str(jobs)]
    return timed((["taskset", "-c", "0"] if one_core else []) + command)


OGR_LOOP = r'''
set -u
out="$1"; shift
status=0
for f in "$@"; do
    name=$(echo "$f" | tr '/' '_')
    case "$f" in
        *.gz) src="/vsigzip/$f" ;;
        *) src="$f" ;;
    esac
    case "$f" in
        *.csv) opts="-oo X_POSSIBLE_NAMES=lon,longitude,x -oo Y_POSSIBLE_NAMES=lat,latitude,y -oo AUTODETECT_TYPE=YES" ;;
        *) opts="" ;;
    esac
    ogr2ogr -f GPKG $opts "$out/${name%%.*}.gpkg" "$src" 2>/dev/null || { echo "ogr2ogr FAILED on $f" >&2; status=1; }
done
exit $status
'''

PANDAS_LOOP = r'''
import os, sys, warnings
import geopandas, pyogrio
warnings.filterwarnings("ignore")
out = sys.argv[1]
for path in sys.argv[2:]:
    source = "/vsigzip/" + path if path.endswith(".gz") else path
    options = {}
    if path.endswith(".csv"):
        options = dict(X_POSSIBLE_NAMES="lon,longitude,x", Y_POSSIBLE_NAMES="lat,latitude,y", AUTODETECT_TYPE="YES")
    layers = [l[0] for l in pyogrio.list_layers(source)] if path.endswith(".gpkg") else [None]
    for layer in layers:
        try:
            frame = geopandas.read_file(source, layer=layer, engine="pyogrio", **options)
            name = path.replace("/", "_").split(".")[0] + (("_" + layer) if layer else "")
            frame.to_file(os.path.join(out, name + ".gpkg"), driver="GPKG", engine="pyogrio")
        except Exception as error:
            print("FAILED on", os.path.basename(path), layer or "", str(error).splitlines()[0][:120], file=sys.stderr)
'''


def peer_run(kind, files):
    out = os.path.join(work, "peer")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    if kind == "ogr2ogr":
        return timed(["sh", "-c", OGR_LOOP, "sh", out] + files)
    return timed([sys.executable, "-c", PANDAS_LOOP, out] + files)


def main():
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    folder = subset_folder() if which == "subset" else os.path.realpath(data)
    files = data_files(folder)
    size = sum(os.path.getsize(f) for f in files)
    for shp in (f for f in files if f.lower().endswith(".shp")):
        for extension in (".dbf", ".shx", ".prj", ".cpg"):
            if os.path.exists(shp[:-4] + extension):
                size += os.path.getsize(shp[:-4] + extension)
    size /= 1e6
    print(f"folder: {which}, {len(files)} files, {size:.0f} MB; {rounds} rounds")
    runs = {"one core": [], "jobs 1": [], "jobs 2": []}
    for _ in range(rounds):
        runs["one core"].append(geokit_run(folder, 1, True))
        runs["jobs 1"].append(geokit_run(folder, 1, False))
        runs["jobs 2"].append(geokit_run(folder, 2, False))
    if any(r is None for rs in runs.values() for r in rs):
        sys.exit("geokit failed")
    for name, rs in runs.items():
        times = [t for t, _ in rs]
        print(f"geokit {name:9s}: median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f}), "
              f"peak {max(m for _, m in rs):.0f} MB")
    over_core = [a[0] / b[0] for a, b in zip(runs["one core"], runs["jobs 2"])]
    over_job = [a[0] / b[0] for a, b in zip(runs["jobs 1"], runs["jobs 2"])]
    print(f"--jobs 2 over one job on one core, per round: median {statistics.median(over_core):.2f}× "
          f"({', '.join(f'{r:.2f}' for r in over_core)})")
    print(f"--jobs 2 over --jobs 1, per round: median {statistics.median(over_job):.2f}× "
          f"({', '.join(f'{r:.2f}' for r in over_job)})")
    peers = ["ogr2ogr"]
    if subprocess.run([sys.executable, "-c", "import geopandas, pyogrio"], capture_output=True).returncode == 0:
        peers.append("GeoPandas")
    for peer in peers:
        rs = [peer_run(peer, files) for _ in range(peer_rounds)]
        ok = [r for r in rs if r is not None]
        if not ok:
            print(f"{peer}: every run failed")
            continue
        median = statistics.median(t for t, _ in ok)
        one = statistics.median(t for t, _ in runs["one core"])
        two = statistics.median(t for t, _ in runs["jobs 2"])
        print(f"{peer} loop: median {median:.3f} s of {len(ok)} ({', '.join(f'{t:.2f}' for t, _ in ok)}), "
              f"peak {max(m for _, m in ok):.0f} MB; geokit one core {median / one:.1f}×, --jobs 2 {median / two:.1f}×")


if __name__ == "__main__":
    main()
