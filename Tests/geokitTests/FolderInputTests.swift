import Foundation
import GeoKit
import TestSupport
import Testing

/// What a folder of open data holds besides data (licence and README notes as `.txt`), and
/// the per-conversion lines of the JSON report.
@Suite struct FolderInputTests {
    func geokit(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try run(CLITests.geokit, arguments)
    }

    /// A `.txt` note in a folder is named as ignored, neither failed nor converted; a `.txt`
    /// that is a table with coordinates is converted; a note given by name is still an input
    /// (and fails, saying what is missing).
    @Test func textNotesInAFolderAreIgnoredAndNamed() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let inputs = directory + "/in"
        try FileManager.default.createDirectory(atPath: inputs + "/shp", withIntermediateDirectories: true)
        try "Die hier angebotenen Geodaten stehen unter der Datenlizenz Deutschland.\n".write(toFile: inputs + "/shp/lizenz.txt", atomically: true, encoding: .utf8)
        try "01.01.2021\n".write(toFile: inputs + "/aktualitaet.txt", atomically: true, encoding: .utf8)
        try "name\tlon\tlat\nDom\t6.958\t50.941\nRathaus\t6.959\t50.938\n".write(toFile: inputs + "/standorte.txt", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Paths.fixture("aed/koeln_osm_aed.geojson"), toPath: inputs + "/shp/aed.geojson")
        let out = directory + "/out"
        let result = try geokit(["convert", inputs, "-o", out, "--to", "geojson", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["inputs"] as? Int == 2)
        #expect(report["featuresWritten"] as? Int == 22 + 2)
        let ignored = (report["ignored"] as? [String] ?? []).map { ($0 as NSString).lastPathComponent }
        #expect(ignored == ["aktualitaet.txt", "lizenz.txt"], "\(ignored)")
        #expect((report["failed"] as? [String])?.isEmpty == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["aed.geojson", "standorte.geojson"])
        // The text summary names them too.
        let text = try geokit(["convert", inputs, "-o", directory + "/out-text", "--to", "geojson"])
        #expect(text.stderr.contains("2 files in the folders ignored") && text.stderr.contains("lizenz.txt (no table with coordinates)"), "\(text.stderr)")
        // Named on the command line, a note is an input that fails with its reason.
        let named = try geokit(["convert", inputs + "/aktualitaet.txt", "-o", directory + "/note.geojson"])
        #expect(named.status == 1)
        #expect(named.stderr.contains("aktualitaet.txt:1:") && named.stderr.contains("no coordinate columns"), "\(named.stderr)")
    }

    /// A shapefile converted to a shapefile keeps its declared field types: a dBase date
    /// stays a date (the former scan pass retyped it from the values, as text).
    @Test func shapefileToShapefileKeepsDeclaredDates() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let layer = Layer(name: "stand", crs: .epsg(25832), features: [
            Feature(geometry: .point(Position(x: 356_000, y: 5_645_000)), properties: ["BEGINN": .string("2021-06-20"), "N": .integer(3)]),
        ], fields: [Field(name: "BEGINN", type: .date), Field(name: "N", type: .integer)])
        try Shapefile.write(layer, toPath: directory + "/in.shp")
        let result = try geokit(["convert", directory + "/in.shp", "-o", directory + "/out.shp"])
        #expect(result.status == 0, "\(result.stderr)")
        let back = try Shapefile.readLayer(atPath: directory + "/out.shp")
        #expect(back.fields == [Field(name: "BEGINN", type: .date), Field(name: "N", type: .integer)], "\(back.fields)")
        #expect(back.features.first?.properties["BEGINN"] == .string("2021-06-20"))
    }

    /// Every conversion is a line of the JSON report: its inputs, output, counts and time.
    @Test func theReportListsEveryConversion() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let package = directory + "/aed.gpkg"
        let result = try geokit(["convert", Paths.fixture("aed/koeln_osm_aed.geojson"), Paths.fixture("aed/koeln_aed_register.geojson"),
                                 "-o", package, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let conversions = try #require(report["conversions"] as? [[String: Any]])
        #expect(conversions.count == 2)
        let counts = Dictionary(uniqueKeysWithValues: conversions.map {
            ((($0["inputs"] as? [String])?.first.map { ($0 as NSString).lastPathComponent } ?? ""), $0["featuresWritten"] as? Int ?? -1)
        })
        #expect(counts == ["koeln_osm_aed.geojson": 22, "koeln_aed_register.geojson": 121])
        #expect(conversions.allSatisfy { ($0["output"] as? String) == package && (($0["seconds"] as? Double) ?? -1) >= 0 })
    }
}
