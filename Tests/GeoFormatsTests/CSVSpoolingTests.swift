import Foundation
import GeoKit
import TestSupport
import Testing

/// CSV written in one pass from features whose columns and geometries are not known up
/// front: the same file as the writer told everything before the first feature.
@Suite struct CSVSpoolingTests {
    func streamed(_ features: [Feature], to path: String) throws {
        var description = LayerSchema(name: "rows", crs: nil, fields: [])
        description.fieldsMayGrow = true
        let sink = try CSVSink(path: path, layer: description)
        for f in features { try sink.write(f) }
        try sink.finish()
    }

    static let points = [
        Feature(geometry: .point(Position(x: 6.9583, y: 50.9413)), properties: ["name": .string("Dom, Köln"), "n": .integer(1)]),
        Feature(geometry: nil, properties: ["n": .double(2.5), "note": .string("zwei\nZeilen \"zitiert\"")]),
        Feature(geometry: .point(Position(x: 7, y: 51, z: 40)), properties: ["open": .bool(true), "tags": .object(["a": .integer(1)])]),
    ]

    @Test func pointsGetXYColumnsAndEveryPropertySeen() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try streamed(Self.points, to: directory + "/streamed.csv")
        let layer = Layer(name: "rows", inferringFieldsFrom: Self.points)
        try CSV.write(layer, toPath: directory + "/known.csv", geometry: .xy)
        let streamed = try String(contentsOfFile: directory + "/streamed.csv", encoding: .utf8)
        #expect(streamed == (try String(contentsOfFile: directory + "/known.csv", encoding: .utf8)))
        #expect(streamed.hasPrefix("x,y,name,n,note,open,tags\n"), "\(streamed)")
        // Only the output is left: the spool file is gone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["known.csv", "streamed.csv"])
        let back = try CSV.readLayer(atPath: directory + "/streamed.csv").layer
        #expect(back.features.count == 3)
        #expect(back.features[1].properties["note"] == .string("zwei\nZeilen \"zitiert\""))
    }

    @Test func aPolygonLateTurnsEveryRowToWKT() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let square = [Position(x: 0, y: 0), Position(x: 1, y: 0), Position(x: 1, y: 1), Position(x: 0, y: 0)]
        let features = Self.points + [Feature(geometry: .polygon([square]), properties: ["late": .string("x")])]
        try streamed(features, to: directory + "/streamed.csv")
        try CSV.write(Layer(name: "rows", inferringFieldsFrom: features), toPath: directory + "/known.csv", geometry: .wkt)
        let streamed = try String(contentsOfFile: directory + "/streamed.csv", encoding: .utf8)
        #expect(streamed == (try String(contentsOfFile: directory + "/known.csv", encoding: .utf8)))
        #expect(streamed.hasPrefix("WKT,name,n,note,open,tags,late\nPOINT (6.9583 50.9413),"), "\(streamed)")
        #expect(streamed.contains("POINT Z (7 51 40)"))
    }
}
