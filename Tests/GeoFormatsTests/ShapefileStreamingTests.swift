import Foundation
import GeoKit
import TestSupport
import Testing

/// A shapefile written in one pass from features whose shape type and fields are not known
/// up front (a GeoJSON input): the result must equal what a writer told everything before
/// the first feature makes, and GDAL must read it.
@Suite struct ShapefileStreamingTests {
    /// Points, then a null geometry, then multipoints, then a 3D point; fields that appear
    /// late and a column that turns from integers to reals.
    static let features = [
        Feature(geometry: .point(Position(x: 7, y: 51)), properties: ["a": .integer(1)]),
        Feature(geometry: nil, properties: ["a": .double(2.5), "b": .string("x")]),
        Feature(geometry: .multiPoint([Position(x: 7.1, y: 51.1), Position(x: 7.2, y: 51.2)]),
                properties: ["b": .string("längerer Text"), "c": .bool(true)]),
        Feature(geometry: .point(Position(x: 7.3, y: 51.3, z: 42)), properties: ["a": .integer(3)]),
    ]

    func streamed(_ features: [Feature], to path: String) throws -> ShapefileWriter {
        var description = LayerSchema(name: "mixed", crs: .epsg(4326), fields: [])
        description.fieldsMayGrow = true
        let writer = try ShapefileWriter(path: path, layer: description)
        for f in features { try writer.write(f) }
        try writer.finish()
        return writer
    }

    @Test func widenedInOnePassEqualsKnownUpFront() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try streamed(Self.features, to: directory + "/streamed.shp")
        try Shapefile.write(Layer(name: "mixed", crs: .epsg(4326), inferringFieldsFrom: Self.features), toPath: directory + "/known.shp")
        // The records written as points were rewritten as 3D multipoints.
        for ext in ["shp", "shx"] {
            let streamed = try Data(contentsOf: URL(fileURLWithPath: directory + "/streamed." + ext))
            let known = try Data(contentsOf: URL(fileURLWithPath: directory + "/known." + ext))
            #expect(streamed == known, ".\(ext) differs")
        }
        // The .dbf too, but for the date of writing in its header.
        let streamedTable = try Data(contentsOf: URL(fileURLWithPath: directory + "/streamed.dbf"))
        let knownTable = try Data(contentsOf: URL(fileURLWithPath: directory + "/known.dbf"))
        #expect(streamedTable.dropFirst(4) == knownTable.dropFirst(4))
        let back = try Shapefile.readLayer(atPath: directory + "/streamed.shp")
        #expect(back.fields.map(\.name) == ["a", "b", "c"])
        #expect(back.features.map { $0.properties["a"] } == [.double(1), .double(2.5), .null, .double(3)])
        #expect(back.features[2].properties["b"] == .string("längerer Text"))
        #expect(back.features[0].geometry == .multiPoint([Position(x: 7, y: 51, z: 0)]))
        #expect(back.features[3].geometry == .multiPoint([Position(x: 7.3, y: 51.3, z: 42)]))
        guard GDAL.tools(for: "widenedInOnePassEqualsKnownUpFront") != nil else { return }
        let summary = try #require(try GDAL.summary(of: directory + "/streamed.shp"))
        #expect(summary.count == 4)
        #expect(summary.geometryType == "3D Multi Point", "\(summary.geometryType)")
        #expect(summary.fields.map(\.name) == ["a", "b", "c"])
        #expect(summary.fields.first?.type == "Real")
    }

    /// Polygons with holes, then a 3D multipolygon: the 2D records read back, re-encoded
    /// with z = 0, give the same file as a writer told up front.
    @Test func polygonsWidenedTo3DKeepTheirRings() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func square(_ x: Double, _ y: Double, _ size: Double, z: Double? = nil, clockwise: Bool = false) -> [Position] {
            let ring = [Position(x: x, y: y, z: z), Position(x: x + size, y: y, z: z), Position(x: x + size, y: y + size, z: z),
                        Position(x: x, y: y + size, z: z), Position(x: x, y: y, z: z)]
            return clockwise ? ring.reversed() : ring
        }
        let features = [
            Feature(geometry: .polygon([square(0, 0, 10), square(2, 2, 2, clockwise: true)]), properties: ["n": .integer(1)]),
            Feature(geometry: .multiPolygon([[square(20, 0, 5)], [square(30, 0, 5), square(31, 1, 1, clockwise: true)]]), properties: ["n": .integer(2)]),
            Feature(geometry: .polygon([square(40, 0, 3, z: 7)]), properties: ["n": .integer(3)]),
        ]
        _ = try streamed(features, to: directory + "/streamed.shp")
        try Shapefile.write(Layer(name: "mixed", crs: .epsg(4326), inferringFieldsFrom: features), toPath: directory + "/known.shp")
        for ext in ["shp", "shx"] {
            let streamed = try Data(contentsOf: URL(fileURLWithPath: directory + "/streamed." + ext))
            let known = try Data(contentsOf: URL(fileURLWithPath: directory + "/known." + ext))
            #expect(streamed == known, ".\(ext) differs")
        }
        let back = try Shapefile.readLayer(atPath: directory + "/streamed.shp")
        guard case .multiPolygon(let polygons)? = back.features[1].geometry else {
            Issue.record("expected a multipolygon, got \(String(describing: back.features[1].geometry))")
            return
        }
        #expect(polygons.map(\.count) == [1, 2])
        guard case .polygon(let rings)? = back.features[0].geometry else {
            Issue.record("expected a polygon")
            return
        }
        #expect(rings.count == 2 && rings.allSatisfy { $0.allSatisfy { $0.z == 0 } })
    }

    /// A geometry of another family part way through fails the file, naming the feature,
    /// and leaves nothing under the target name.
    @Test func anotherFamilyPartWayFailsWithTheFeature() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let features = Self.features + [Feature(geometry: .lineString([Position(x: 1, y: 2), Position(x: 3, y: 4)]))]
        do {
            _ = try streamed(features, to: directory + "/bad.shp")
            Issue.record("a line among points must not write")
        } catch let error as WriteError {
            #expect(error.featureIndex == 4, "\(error)")
            #expect(error.message.contains("LineString among points"), "\(error)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    /// Without growing fields, properties that are not declared fields are left out, and
    /// declared fields the features lack are blank.
    @Test func declaredFieldsStayAsDeclared() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let description = LayerSchema(name: "fixed", crs: nil, fields: [Field(name: "b", type: .string), Field(name: "n", type: .integer)])
        let writer = try ShapefileWriter(path: directory + "/fixed.shp", layer: description)
        for f in Self.features { try writer.write(f) }
        try writer.finish()
        let back = try Shapefile.readLayer(atPath: directory + "/fixed.shp")
        #expect(back.fields.map(\.name) == ["b", "n"])
        #expect(back.features.map { $0.properties["b"] } == [.null, .string("x"), .string("längerer Text"), .null])
        #expect(back.features.allSatisfy { $0.properties["n"] == .null })
    }
}
