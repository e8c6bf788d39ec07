#!/bin/sh
# Builds the API reference with DocC: one archive per library module (its symbols and its
# catalog in Sources/<Module>/<Module>.docc) in .build/docs. Any DocC warning fails it.
set -eu
cd "$(dirname "$0")/.."
swift package dump-symbol-graph >/dev/null
graphs="$(swift build --show-bin-path)/../symbolgraph"
out=.build/docs
rm -rf "$out"
mkdir -p "$out"
for module in GeoKit GeoCore GeoPROJ GeoGEOS GeoQuery GeoFormats GeoINSPIRE GeoServer GeoPostGIS; do
    dir=$(mktemp -d)
    cp "$graphs/$module.symbols.json" "$dir/"
    for extension in "$graphs/$module@"*.symbols.json; do [ -e "$extension" ] && cp "$extension" "$dir/"; done
    docc convert "Sources/$module/$module.docc" --additional-symbol-graph-dir "$dir" \
        --fallback-display-name "$module" --fallback-bundle-identifier "org.geokit.$module" \
        --output-path "$out/$module.doccarchive" --warnings-as-errors >"$out/$module.log" 2>&1 || { cat "$out/$module.log"; rm -rf "$dir"; exit 1; }
    rm -rf "$dir"
    echo "docs: $out/$module.doccarchive"
done
