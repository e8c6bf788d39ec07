import GeoKit
import TestSupport
import Testing

// The README's "Use it as a library" snippet, verbatim apart from the returned values
// that the test checks.
func describeDefibrillators(at path: String) throws -> (name: String, count: Int, open24h: Int, wkt: String) {
    // Whole layer in memory (read through the streaming reader).
    let layer = try GeoJSON.readLayer(atPath: path)
    print(layer.name, layer.features.count, layer.crs?.identifier ?? "unknown CRS")

    // Or one feature at a time, for files of any size.
    var reader = try GeoJSONFeatureReader(path: path)
    var open24h = 0
    while let feature = try reader.next() {
        if feature[property: "opening_hours"]?.stringValue == "24/7" { open24h += 1 }
    }

    // Geometries in WKT and WKB, for GEOS, PostGIS and GeoPackage.
    let point = try WKT.decode("POINT (6.9578 50.9413)")
    let wkb = WKB.encode(point)
    print(open24h, WKT.encode(try WKB.decode(wkb)))
    return (layer.name, layer.features.count, open24h, WKT.encode(try WKB.decode(wkb)))
}

@Suite struct ReadmeSnippetTests {
    @Test func snippetRuns() throws {
        let result = try describeDefibrillators(at: Paths.fixture("aed/switzerland_osm_aed_sample.geojson"))
        #expect(result.name == "switzerland_osm_emergency_defibrillator_2020" || result.name == "switzerland_osm_aed_sample")
        #expect(result.count == 60)
        #expect(result.open24h > 0)
        #expect(result.wkt == "POINT (6.9578 50.9413)")
    }
}
