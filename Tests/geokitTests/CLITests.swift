import Foundation
import TestSupport
import Testing

/// Runs the built `geokit` executable end to end.
@Suite struct CLITests {
    static let repository = Paths.repository

    /// The geokit binary beside the test bundle (same build configuration).
    static let geokit: String = {
        let bundleDirectory = Bundle.main.bundleURL.deletingLastPathComponent().path
        for candidate in [Bundle.main.bundleURL.path + "/geokit", bundleDirectory + "/geokit",
                          repository + "/.build/debug/geokit", repository + "/.build/release/geokit"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return repository + "/.build/debug/geokit"
    }()

    static func fixture(_ name: String) -> String { Paths.fixture(name) }

    func geokit(_ arguments: [String], stdin: Data? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        try run(Self.geokit, arguments, stdin: stdin)
    }

    @Test func infoDescribesALayer() throws {
        let result = try geokit(["info", Self.fixture("aed/koeln_aed_register.geojson")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("features:    121"))
        #expect(result.stdout.contains("Point 121"))
        #expect(result.stdout.contains("CRS:         OGC:CRS84"))
        #expect(result.stdout.contains("osm_node_id"))
    }

    @Test func infoJSONForScripts() throws {
        let result = try geokit(["info", "--json", Self.fixture("solar/berlin_pv_potential_sample_25833.geojson"), Self.fixture("admin/wesel_gemeinden_vg5000.geojson")])
        #expect(result.status == 0, "\(result.stderr)")
        let summaries = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        let first = try #require(summaries?.first)
        #expect(summaries?.count == 2)
        #expect(first["featureCount"] as? Int == 40)
        #expect(first["crs"] as? String == "EPSG:25833")
        let fields = try #require(first["fields"] as? [[String: Any]])
        #expect(fields.contains { $0["name"] as? String == "Building ID" && $0["type"] as? String == "string" })
        let second = try #require(summaries?.last)
        #expect(second["featureCount"] as? Int == 13)
        let bbox = try #require(second["boundingBox"] as? [Double])
        #expect(bbox.count == 4 && bbox[0] > 6 && bbox[2] < 7.2 && bbox[1] > 51 && bbox[3] < 52)
    }

    @Test func infoReadsStandardInput() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("aed/koeln_osm_aed.geojson")))
        let result = try geokit(["info", "-"], stdin: data)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("features:    22"))
    }

    @Test func badFilesGiveOneClearLineAndExitOne() throws {
        let good = Self.fixture("aed/koeln_osm_aed.geojson")
        let bad = Self.fixture("bad/one-number-position.geojson")
        let result = try geokit(["info", good, bad, Self.fixture("does-not-exist.geojson")])
        #expect(result.status == 1)
        #expect(result.stdout.contains("features:    22"), "the good file is still described")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 2, "\(result.stderr)")
        #expect(lines[0].contains("\(bad):3:"))
        #expect(lines[0].contains("feature 1"))
        #expect(lines[1].contains("does-not-exist.geojson"))
        #expect(lines[1].contains("No such file"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try geokit(["info"]).status == 2)
        #expect(try geokit(["info", "--no-such-flag", "x"]).status == 2)
        #expect(try geokit(["no-such-command"]).status == 2)
        #expect(try geokit(["--help"]).status == 0)
    }
}
