import Foundation
import GeoKit
import TestSupport
import Testing

/// GeoPackages as other tools leave them (built by `Fixtures/geopackage/make_fixtures.py`):
/// every readable layer is read, a broken table is named and does not hide the others, and
/// one bad geometry costs only that geometry.
@Suite struct GeoPackageOddFilesTests {
    static func fixture(_ name: String) -> String { Paths.fixture("geopackage/" + name) }

    @Test func attributeTablesAndViewsAreLayers() throws {
        let path = Self.fixture("layers_of_every_kind.gpkg")
        let layers = try GeoPackage.layers(atPath: path)
        #expect(layers.map(\.name) == ["aeds", "opening_hours", "aeds_leipzig"])
        let hours = try LayerIO.read(path: path, layer: "opening_hours").layer
        #expect(hours.features.map { $0.properties["hours"] } == [.string("24/7"), .string("Mo-Fr 08:00-18:00")])
        #expect(hours.features.allSatisfy { $0.geometry == nil })
        #expect(layers[1].geometryColumn == nil && layers[1].crs == nil)
        // The view has no primary key; its integer fid column gives the ids, as in GDAL.
        let view = try LayerIO.read(path: path, layer: "aeds_leipzig").layer
        #expect(view.features.map(\.id) == [.integer(2)])
        #expect(view.features.first?.properties["name"] == .string("Rathaus"))
    }

    @Test func attributeTablesAreCarriedOverIntoAGeoPackageGDALReads() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = directory + "/all.gpkg"
        let writer = try GeoPackageWriter(path: output)
        for info in try GeoPackage.layers(atPath: Self.fixture("layers_of_every_kind.gpkg")) {
            let source = try GeoPackageReader(path: Self.fixture("layers_of_every_kind.gpkg"), layer: info.name)
            let sink = try writer.layerSink(for: { var d = LayerSchema(name: info.name, crs: info.crs, fields: info.fields); d.hasGeometry = info.geometryColumn != nil; return d }())
            while let f = try source.next() { try sink.write(f) }
            try sink.finish()
        }
        try writer.finish()
        let hours = try #require(try GDAL.summary(of: output, layer: "opening_hours"))
        #expect(hours.count == 2)
        #expect(hours.fields.map(\.name) == ["aed", "hours"])
    }

    @Test func gdalsPlaceholderIsNoLayer() throws {
        #expect {
            _ = try GeoPackage.layers(atPath: Self.fixture("placeholder_only.gpkg"))
        } throws: { error in
            "\(error)".contains("no vector layer")
        }
    }

    @Test func brokenMetadataNamesItsTableAndTheOthersAreRead() throws {
        let contents = try GeoPackage.contents(atPath: Self.fixture("broken_metadata.gpkg"))
        #expect(contents.layers.map(\.name) == ["good", "text_extent", "text_key"])
        #expect(contents.unreadable.count == 2)
        #expect(contents.unreadable.contains { $0.message.contains("\"null_column_name\"") && $0.message.contains("column_name is NULL") })
        #expect(contents.unreadable.contains { $0.message.contains("\"missing\"") && $0.message.contains("no such table") })
        // A text extent is no extent; a text primary key is a field, the rows get rowids.
        #expect(contents.layers[1].extent == nil)
        let keyed = try LayerIO.read(path: Self.fixture("broken_metadata.gpkg"), layer: "text_key").layer
        #expect(keyed.features.map { $0.properties["code"] } == [.string("A1"), .string("B2")])
        #expect {
            _ = try GeoPackageReader(path: Self.fixture("broken_metadata.gpkg"), layer: "null_column_name")
        } throws: { error in
            "\(error)".contains("column_name is NULL")
        }
    }

    @Test func oneBadGeometryCostsOnlyThatGeometry() throws {
        let reading = try LayerIO.read(path: Self.fixture("odd_geometries.gpkg"))
        let byWhat = Dictionary(uniqueKeysWithValues: reading.layer.features.map { ($0.properties["what"]!.stringValue!, $0.geometry) })
        #expect(byWhat.count == 10)
        #expect(byWhat["point"] == .point(Position(x: 7, y: 51)))
        #expect(byWhat["three-position ring"]! == nil)
        #expect(byWhat["unclosed ring"] == .polygon([[Position(x: 0, y: 0), Position(x: 1, y: 0), Position(x: 1, y: 1), Position(x: 0, y: 1), Position(x: 0, y: 0)]]))
        #expect(byWhat["unknown type 99"]! == nil)
        #expect(byWhat["not a geometry"]! == nil)
        #expect(byWhat["point with M"] == .lineString([Position(x: 0, y: 0), Position(x: 1, y: 1)]))
        // The half circle from (0 0) over (1 1) to (2 0): every vertex on the unit circle
        // around (1 0), the ends exact.
        guard case .lineString(let arc)? = byWhat["circular string"] else { Issue.record("no line"); return }
        #expect(arc.first == Position(x: 0, y: 0) && arc.last == Position(x: 2, y: 0))
        #expect(arc.count == 46)
        #expect(arc.allSatisfy { abs(hypot($0.x - 1, $0.y) - 1) < 1e-12 && $0.y >= -1e-12 })
        guard case .lineString(let compound)? = byWhat["compound curve"] else { Issue.record("no line"); return }
        #expect(compound.last == Position(x: 3, y: 0) && compound.count == 47)
        guard case .polygon(let circle)? = byWhat["curve polygon"] else { Issue.record("no polygon"); return }
        #expect(circle[0].first == circle[0].last && circle[0].count == 91)
        guard case .multiPolygon(let surfaces)? = byWhat["multi surface"] else { Issue.record("no multipolygon"); return }
        #expect(surfaces.count == 1)
        let messages = reading.warnings.map(\.message)
        for expected in ["four or more positions", "unclosed rings were closed", "CircularString", "CurvePolygon", "M (measure)",
                         "unknown WKB geometry type code 99", "magic 'GP'"] {
            #expect(messages.contains { $0.contains(expected) }, "no warning about \(expected): \(messages)")
        }
        #expect(reading.warnings.allSatisfy { $0.location.file?.hasSuffix("odd_geometries.gpkg") == true && $0.location.featureIndex != nil })
    }
}
