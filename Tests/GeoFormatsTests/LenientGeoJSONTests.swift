import Foundation
import GeoKit
import TestSupport
import Testing

/// GeoJSON as it is found on portals: lenient where GDAL is (with a warning and where),
/// and never a silently mislabelled output.
@Suite struct LenientGeoJSONTests {
    func file(_ text: String, named name: String) throws -> (directory: String, path: String) {
        let directory = try temporaryDirectory()
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (directory, path)
    }

    static let lateCRS = """
        {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1},"geometry":{"type":"Point","coordinates":[356560,5645282]}}],
        "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25832"}},"generator":"portal 1.0"}
        """

    @Test func aCRSMemberAfterTheFeaturesFailsAStreamButLabelsAWholeRead() throws {
        let (directory, path) = try file(Self.lateCRS, named: "late.geojson")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Whole layer: the CRS labels every feature, and the foreign member is a warning.
        let reading = try LayerIO.read(path: path)
        #expect(reading.layer.crs == .epsg(25832))
        #expect(reading.warnings.contains { $0.message.contains("foreign member \"generator\" ignored") && $0.location.line == 2 })
        // Streaming: the first feature was handed out as CRS84, so the late member is an error.
        let source = try VectorFormat.geojson.openSource(path: path)
        _ = try source.next()
        #expect(source.crs == .crs84)
        #expect {
            _ = try source.next()
        } throws: { error in
            "\(error)".contains("comes after the features") && "\(error)".contains("late.geojson")
        }
    }

    @Test func convertRefusesToMislabelAndTakesAGivenSourceCRS() throws {
        let (directory, path) = try file(Self.lateCRS, named: "late.geojson")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let geokit = Paths.repository + "/.build/debug/geokit"
        let refused = try run(geokit, ["convert", path, "-o", directory + "/late.gpkg"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("comes after the features"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/late.gpkg"))
        let given = try run(geokit, ["convert", path, "-o", directory + "/late.gpkg", "--s-srs", "EPSG:25832"])
        #expect(given.status == 0, "\(given.stderr)")
        #expect(try GeoPackageReader(path: directory + "/late.gpkg").layer.crs == .epsg(25832))
    }

    @Test func aSequenceRecordMayBeAFeatureCollectionAndFeaturesMayLackProperties() throws {
        let text = "\u{1E}{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":7,\"properties\":{\"a\":1},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}},"
            + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[3,4]}}]}\n"
            + "\u{1E}{\"type\":\"Feature\",\"id\":\"x\",\"properties\":null,\"geometry\":null}\n"
        let (directory, path) = try file(text, named: "records.geojsons")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let reading = try LayerIO.read(path: path)
        #expect(reading.layer.features.count == 3)
        #expect(reading.layer.features.map(\.id) == [.integer(7), nil, .string("x")])
        #expect(reading.layer.features[1].properties.isEmpty)
        let warning = try #require(reading.warnings.first { $0.message.contains("without a \"properties\" member") })
        #expect(warning.location.line == 1)
        #expect(!reading.warnings.contains { $0.message.contains("foreign member") }, "\(reading.warnings)")
    }
}
