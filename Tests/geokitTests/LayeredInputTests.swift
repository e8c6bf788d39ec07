import Foundation
import TestSupport
import Testing

/// Inputs that hold several layers (a GeoPackage with several tables): every table is an
/// input of its own, so none is left out unnoticed; --layer picks one.
@Suite struct LayeredInputTests {
    func geokit(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try run(CLITests.geokit, arguments)
    }

    /// The fixtures' AED layers and the Köln shapefile as one GeoPackage of four tables.
    func fourTables(in directory: String) throws -> String {
        let package = directory + "/all.gpkg"
        let made = try geokit(["convert", Paths.fixture("aed"), Paths.fixture("shapefile"), "-o", package])
        #expect(made.status == 0, "\(made.stderr)")
        return package
    }

    static let tables = [("koeln_aed_register", 121), ("koeln_osm_aed", 22), ("koeln_stadtbezirk", 9), ("switzerland_osm_aed_sample", 60)]

    @Test func everyTableBecomesAnOutput() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let package = try fourTables(in: directory)
        let folder = directory + "/out"
        let result = try geokit(["convert", package, "-o", folder, "--to", "geojson", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(report?["featuresWritten"] as? Int == 212)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == Self.tables.map { $0.0 + ".geojson" })
        if GDAL.tools(for: "everyTableBecomesAnOutput") != nil {
            for (table, count) in Self.tables {
                #expect(try GDAL.summary(of: folder + "/" + table + ".geojson")?.count == count, "\(table)")
            }
        }
        // A copy into another GeoPackage keeps the four tables.
        let copy = directory + "/copy.gpkg"
        #expect(try geokit(["convert", package, "-o", copy]).status == 0)
        let info = try geokit(["info", "--json", copy])
        let names = (try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names?.sorted() == Self.tables.map(\.0))
    }

    @Test func oneFileOutputNeedsALayerOrMerge() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let package = try fourTables(in: directory)
        let refused = try geokit(["convert", package, "-o", directory + "/all.geojson"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("4 inputs") && refused.stderr.contains("all.gpkg:koeln_aed_register") && refused.stderr.contains("--merge"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/all.geojson"), "no folder named like a file")
        let one = try geokit(["convert", package, "--layer", "koeln_osm_aed", "-o", directory + "/osm.geojson", "--json"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect((try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any])?["featuresWritten"] as? Int == 22)
        let merged = directory + "/merged.geojson"
        let merge = try geokit(["convert", package, "--merge", "-o", merged])
        #expect(merge.status == 0, "\(merge.stderr)")
        let text = try String(contentsOfFile: merged, encoding: .utf8)
        for (table, count) in Self.tables {
            #expect(text.components(separatedBy: "\"source_file\":\"all.gpkg:\(table)\"").count - 1 == count, "\(table)")
        }
    }
}
