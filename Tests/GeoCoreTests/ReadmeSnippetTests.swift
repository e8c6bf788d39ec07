import GeoKit
import TestSupport
import Testing

// The README's "Use it as a library" snippet, verbatim apart from the returned values
// that the test checks.
func describeDefibrillators(at path: String) throws -> (name: String, count: Int, open24h: Int, wkt: String, crs: String, metres: Int) {
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

    // Reproject to ETRS89 / UTM 32N and measure in metres on the ellipsoid.
    let utm = try Transformer(from: "EPSG:4326", to: "EPSG:25832").transform(layer)
    let dom = Position(longitude: 6.9583, latitude: 50.9413)
    let metres = Geodesic.wgs84.distance(from: dom, to: Position(longitude: 7.0, latitude: 51.0))
    print(utm.crs?.identifier ?? "", Int(metres))
    return (layer.name, layer.features.count, open24h, WKT.encode(try WKB.decode(wkb)), utm.crs?.identifier ?? "", Int(metres))
}

@Suite struct ReadmeSnippetTests {
    @Test func snippetRuns() throws {
        let result = try describeDefibrillators(at: Paths.fixture("aed/switzerland_osm_aed_sample.geojson"))
        #expect(result.name == "switzerland_osm_emergency_defibrillator_2020" || result.name == "switzerland_osm_aed_sample")
        #expect(result.count == 60)
        #expect(result.open24h > 0)
        #expect(result.wkt == "POINT (6.9578 50.9413)")
        #expect(result.crs == "EPSG:25832")
        #expect(result.metres > 7_000 && result.metres < 7_300, "\(result.metres)")
    }
}
