import Foundation
import GeoKit
import TestSupport
import Testing

@Suite struct CSVTests {
    @Test(.enabled(if: Paths.shared != nil, "../shared is not beside the repository"))
    func commaSeparatedLonLatWithEmptyCoordinates() throws {
        let shared = Paths.shared!
        let result = try CSV.readLayer(atPath: shared + "/data/aed/koeln_aed_register_2017.csv")
        #expect(result.layer.features.count == 145)
        #expect(result.rowsWithoutGeometry == 24, "the README says 24 rows have empty coordinates")
        #expect(result.layer.crs == .crs84)
        #expect(result.layer.features[0][property: "name"] == "Sparkasse KölnBonn")
        #expect(result.layer.features[0][property: "postalcode"] == .integer(50765))
        #expect(result.layer.features[0].geometry == .point(Position(x: 6.897402, y: 51.0216619)))
        // The same rows as the published GeoJSON of the register.
        let geojson = try GeoJSON.readLayer(atPath: shared + "/data/aed/koeln_aed_register_2017.geojson")
        let csvPoints = Set(result.layer.features.compactMap { f -> String? in f.geometry.map { WKT.encode($0) } })
        let jsonPoints = Set(geojson.features.compactMap { f -> String? in f.geometry.map { WKT.encode($0) } })
        #expect(csvPoints == jsonPoints)
    }

    @Test(.enabled(if: Paths.shared != nil, "../shared is not beside the repository"))
    func simStadtSemicolonsDecimalCommaPreambleAndUnitsRow() throws {
        let shared = Paths.shared!
        let path = shared + "/data/solar/berlin_mierendorffinsel_simstadt_pv_potential_roofsurfaces.csv"
        let result = try CSV.readLayer(atPath: path, options: CSV.ReadOptions(crs: .epsg(25833)))
        #expect(result.layer.features.count == 2540)
        #expect(result.detected.contains("UTF-8 with BOM"))
        #expect(result.detected.contains("decimal comma"))
        #expect(result.detected.contains { $0.hasPrefix("header on line") })
        #expect(result.detected.contains { $0.hasPrefix("units row") })
        #expect(result.rowsWithoutGeometry == 0)
        // Compare with the GeoJSON derived from the same CSV in ../shared.
        let derived = try GeoJSON.readLayer(atPath: shared + "/data/solar/berlin_mierendorffinsel_simstadt_pv_potential_roofsurfaces_25833.geojson")
        #expect(result.layer.features.map(\.geometry) == derived.features.map(\.geometry))
        #expect(result.layer.features[0][property: "Area"]?.doubleValue == derived.features[0][property: "Area"]?.doubleValue)
    }

    @Test func latin1SemicolonFileAndBadRows() throws {
        let directory = try temporaryDirectory()
        let path = directory + "/aed-latin1.csv"
        let text = "Name;Straße;Längengrad;Breitengrad\nRathaus Gießen;Berliner Platz 1;8,6727;50,5841\nLüneburg;Am Markt;;\nKaputt;x;abc;51\n"
        try Data(text.data(using: .isoLatin1)!).write(to: URL(fileURLWithPath: path))
        let result = try CSV.readLayer(atPath: path)
        #expect(result.detected.contains("windows-1252"))
        #expect(result.layer.features.count == 3)
        #expect(result.layer.features[0][property: "Name"] == "Rathaus Gießen")
        #expect(result.layer.features[0][property: "Straße"] == "Berliner Platz 1")
        #expect(result.layer.features[0].geometry == .point(Position(x: 8.6727, y: 50.5841)))
        #expect(result.rowsWithoutGeometry == 2)
        #expect(result.warnings.first?.location.line == 4)
        // Too many fields on a row: an error naming the line.
        let bad = directory + "/bad.csv"
        try "lon,lat,name\n7,51,a\n7,51,b,extra\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect { _ = try CSV.readLayer(atPath: bad) } throws: { ($0 as? ReadError)?.location.line == 3 }
        let unterminated = directory + "/quote.csv"
        try "lon,lat,name\n7,51,\"open\n".write(toFile: unterminated, atomically: true, encoding: .utf8)
        #expect { _ = try CSV.readLayer(atPath: unterminated) } throws: { ($0 as? ReadError)?.location.line == 2 }
        let noCoordinates = directory + "/none.csv"
        try "a,b\n1,2\n".write(toFile: noCoordinates, atomically: true, encoding: .utf8)
        #expect { _ = try CSV.readLayer(atPath: noCoordinates) } throws: { "\($0)".contains("name the x and y columns") }
    }

    @Test func writerRoundTripsWithQuotesNewlinesAndWKT() throws {
        let layer = Layer(name: "t", crs: .crs84, inferringFieldsFrom: [
            Feature(geometry: .point(Position(x: 7.5, y: 51.25)), properties: ["name": "Dom, \"Köln\"", "note": "two\nlines", "n": 3]),
            Feature(geometry: nil, properties: ["name": "no place", "note": nil, "n": 4]),
        ])
        let directory = try temporaryDirectory()
        let xy = directory + "/xy.csv"
        try CSV.write(layer, toPath: xy, geometry: .xy)
        let back = try CSV.readLayer(atPath: xy)
        #expect(back.layer.features.map(\.geometry) == layer.features.map(\.geometry))
        #expect(back.layer.features[0][property: "name"] == "Dom, \"Köln\"")
        #expect(back.layer.features[0][property: "note"] == "two\nlines")
        #expect(back.layer.features[1][property: "note"] == .null)
        let wkt = directory + "/wkt.csv"
        let polygon = Layer(name: "p", crs: .crs84, inferringFieldsFrom: [Feature(geometry: try WKT.decode("POLYGON ((0 0, 1 0, 1 1, 0 0))"), properties: ["a": 1])])
        try CSV.write(polygon, toPath: wkt)
        #expect(try CSV.readLayer(atPath: wkt).layer.features[0].geometry == polygon.features[0].geometry)
        #expect(throws: WriteError.self) { try CSV.write(polygon, toPath: directory + "/p.csv", geometry: .xy) }
        if let ogrinfo = which("ogrinfo") {
            let gdal = try run(ogrinfo, ["-ro", "-al", "-oo", "X_POSSIBLE_NAMES=x", "-oo", "Y_POSSIBLE_NAMES=y", xy])
            #expect(gdal.stdout.contains("Feature Count: 2") || gdal.stdout.contains("OGRFeature(xy):1"))
            #expect(gdal.stdout.contains("POINT (7.5 51.25)"))
        }
    }
}

/// The streaming CSV reader on files larger than its detection window and its 1 MB chunks.
@Suite struct CSVStreamingTests {
    @Test func largeFileWithQuotedLineBreaksWideningTypesAndALateBadRow() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var text = "name;wert;lon;lat\n"
        for i in 0..<30_000 {
            // Every 997th name holds the delimiter, a doubled quote and a line break.
            let name = i % 997 == 0 ? "\"Halle \(i); \"\"Nord\"\"\nEingang B\"" : "Schule \(i) Düsseldorf"
            // Integers for 20,000 rows, then reals: the type widens after detection.
            let value = i < 20_000 ? "\(i)" : "\(i),5"
            text += "\(name);\(value);6,\(String(format: "%06d", i));51,2\n"
        }
        let path = directory + "/big.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(text.utf8.count > 1 << 20, "more than one 1 MB chunk")
        let reading = try LayerIO.read(path: path)
        let layer = reading.layer
        #expect(layer.features.count == 30_000)
        #expect(layer.features[997].properties["name"] == .string("Halle 997; \"Nord\"\nEingang B"))
        #expect(layer.features[29_999].properties["wert"] == .double(29_999.5))
        #expect(layer.features[29_999].geometry == .point(Position(x: 6.029999, y: 51.2)))
        #expect(layer.fields.first { $0.name == "wert" }?.type == .real, "widened from integer by the values after the detection window")
        // A row with too many fields near the end: the error names its line.
        let bad = directory + "/bad.csv"
        try (text + "zu;viele;felder;hier;5\n").write(toFile: bad, atomically: true, encoding: .utf8)
        let lines = text.filter { $0 == "\n" }.count
        #expect { _ = try LayerIO.read(path: bad) } throws: { ($0 as? ReadError)?.location.line == lines + 1 }
        // GeoPackage output scans the file for its column types first.
        let gpkg = directory + "/big.gpkg"
        let source = try VectorFormat.csv.openSource(path: path)
        let description = try LayerSchema.scanning(source)
        #expect(description.fields.first { $0.name == "wert" }?.type == .real)
        try LayerIO.write(layer, toPath: gpkg, format: .geopackage, overwrite: false)
        #expect(try GeoPackage.readLayer(atPath: gpkg).features[29_999].properties["wert"] == .double(29_999.5))
    }
}

/// CSV as GDAL writes it (x/y columns or a WKT column) reads back with GDAL's values.
@Suite struct CSVFromGDALTests {
    @Test func readsWhatOgr2ogrWrites() throws {
        guard GDAL.tools(for: "readsWhatOgr2ogrWrites") != nil else { return }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (fixture, option) in [("aed/koeln_aed_register.geojson", "GEOMETRY=AS_XY"), ("admin/wesel_gemeinden_vg5000.geojson", "GEOMETRY=AS_WKT")] {
            let source = Paths.fixture(fixture)
            let target = directory + "/" + ((fixture as NSString).lastPathComponent as NSString).deletingPathExtension + ".csv"
            let made = try run(which("ogr2ogr")!, ["-f", "CSV", target, source, "-lco", option])
            #expect(made.status == 0, "\(made.stderr)")
            let original = try GeoJSON.readLayer(atPath: source)
            let csv = try CSV.readLayer(atPath: target).layer
            #expect(csv.features.count == original.features.count, "\(fixture)")
            for (a, b) in zip(original.features, csv.features) {
                #expect(GDAL.nearlyEqual(a.geometry, b.geometry), "\(fixture)")
                for key in ["name", "GEN", "postalcode", "ADE"] where a.properties[key] != nil {
                    let left = a.properties[key]!, right = b.properties[key] ?? .null
                    #expect(left == right || left.stringValue == right.jsonText || left.doubleValue == right.doubleValue, "\(fixture) \(key): \(left) vs \(right)")
                }
            }
        }
    }
}
