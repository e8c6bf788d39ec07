import Foundation
import GeoKit
import TestSupport
import Testing

/// What `geokit split` and `geokit geom` do besides parsing, as library calls: split parts
/// written to files with safe, distinct names; features' labels; geometry arguments.
@Suite struct LayerSplitFilesTests {
    @Test func partsGetSafeDistinctFileNames() throws {
        let square = { (x: Double) in Geometry.polygon([[Position(x: x, y: 0), Position(x: x + 1, y: 0), Position(x: x + 1, y: 1), Position(x: x, y: 1), Position(x: x, y: 0)]]) }
        let boundaries = Layer(name: "b", crs: .crs84, inferringFieldsFrom: [
            Feature(geometry: square(0), properties: ["GEN": "Neustadt", "AGS": "05111"]),
            Feature(geometry: square(2), properties: ["GEN": "Neustadt", "AGS": "05112"]),
            Feature(geometry: square(4), properties: ["GEN": "../etc", "AGS": "1"]),
            Feature(geometry: square(6), properties: ["GEN": "leer", "AGS": "2"]),
        ])
        let points = Layer(name: "p", crs: .crs84, inferringFieldsFrom: [0.5, 2.5, 4.5].map { Feature(geometry: .point(Position(x: $0, y: 0.5))) })
        let split = try points.split(by: boundaries, nameField: "GEN")
        #expect(split.fileNames(boundaries: boundaries, keyField: "AGS") == ["Neustadt_05111", "Neustadt_05112", "___etc", "leer"])
        #expect(split.fileNames(boundaries: boundaries) == ["Neustadt_0", "Neustadt_1", "___etc", "leer"])
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let written = try split.write(intoFolder: directory + "/out", boundaries: boundaries, keyField: "AGS")
        #expect(written.map { ($0.path as NSString).lastPathComponent } == ["Neustadt_05111.geojson", "Neustadt_05112.geojson", "___etc.geojson"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/out").count == 3, "nothing written outside the folder, no empty part")
        #expect(throws: WriteError.self) { try split.write(intoFolder: directory + "/out", boundaries: boundaries) }
        #expect(try split.write(intoFolder: directory + "/all", boundaries: boundaries, includingEmpty: true).count == 4)
    }

    @Test func labelsNameWhatAPersonRecognises() {
        #expect(Feature(geometry: nil, properties: ["NAME": "Dom", "strasse": "Domkloster"]).label == "Dom")
        #expect(Feature(geometry: nil, properties: ["strasse": "Domkloster", "hausnummer": "4"]).label == "Domkloster 4")
        #expect(Feature(geometry: nil, properties: ["plz": "50667", "ort": "Köln"]).label == "Köln")
        #expect(Feature(id: 7, geometry: nil, properties: ["n": 3]).label == "id 7")
    }

    @Test func geometryArgumentsAreTextFilesOrLayers() throws {
        let literal = try GeometryArgument.geometries("POINT (1 2)", name: "A")
        let first = try literal[0].geometry.get()
        #expect(literal.count == 1 && first == .point(Position(x: 1, y: 2)))
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "# lines\nPOINT (1 2)\nPOINT (1 x)\n{\"type\": \"Point\", \"coordinates\": [3, 4]}\n".write(toFile: directory + "/g.wkt", atomically: true, encoding: .utf8)
        let lines = try GeometryArgument.geometries(directory + "/g.wkt", name: "A")
        #expect(lines.map(\.label) == [directory + "/g.wkt:2", directory + "/g.wkt:3", directory + "/g.wkt:4"])
        if case .failure(let error) = lines[1].geometry { #expect(error.location.column == 10 && error.location.line == 3 && error.location.file == directory + "/g.wkt", "\(error)") } else { Issue.record("line 3 must fail") }
        let layer = try GeometryArgument.geometries(Paths.fixture("shapefile/koeln_stadtbezirk.shp"), name: "A")
        #expect(layer.count == 9 && layer[0].label.hasSuffix("koeln_stadtbezirk.shp: feature 0"))
        #expect(throws: ReadError.self) { try GeometryArgument.geometries(directory + "/missing.wkt", name: "A") }
        // A file of several layers is not read by guess.
        #expect {
            try GeometryArgument.geometries(Paths.fixture("geopackage/layers_of_every_kind.gpkg"), name: "A")
        } throws: { ($0 as? ReadError)?.message.contains("layers") == true }
    }
}
