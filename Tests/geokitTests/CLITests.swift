import Foundation
import GeoCore
import GeoKit
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

    @Test func crsDescribesACRS() throws {
        let text = try geokit(["crs", "EPSG:25832"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("ETRS89 / UTM zone 32N"))
        #expect(text.stdout.contains("PROJCRS["))
        let json = try geokit(["crs", "--json", "urn:ogc:def:crs:EPSG::4326"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["code"] as? String == "4326")
        #expect(object?["northingFirst"] as? Bool == true)
        let unknown = try geokit(["crs", "EPSG:999999"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("EPSG:999999"))
    }

    @Test func transformReadsLinesAndReportsBadOnes() throws {
        let input = "6.9583 50.9413\n7,51,100\n# comment\nabc 1\n7 91\n13.4 52.5\n"
        let result = try geokit(["transform", "--from", "EPSG:4326", "--to", "EPSG:25832"], stdin: Data(input.utf8))
        #expect(result.status == 1, "bad lines make the run fail after finishing the others")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "356560.260 5645282.136")
        #expect(lines[1].hasSuffix(" 100.000"))
        #expect(lines[2] == "# comment")
        #expect(lines[3] == "* *" && lines[4] == "* *")
        #expect(lines[5] == "798609.521 5825756.242")
        #expect(result.stderr.contains("line 4:") && result.stderr.contains("line 5:"))
        let back = try geokit(["transform", "--from", "EPSG:4326", "--to", "EPSG:25832", "--inverse", "--precision", "6"],
                              stdin: Data("356560.260 5645282.136\n".utf8))
        #expect(back.status == 0)
        #expect(back.stdout == "6.958300 50.941300\n")
        #expect(try geokit(["transform", "--from", "EPSG:4326"]).status == 2)
        #expect(try geokit(["transform", "--from", "EPSG:4326", "--to", "EPSG:999999"], stdin: Data()).status == 1)
    }

    @Test func reprojectWritesALayerGDALReadsInTheTargetCRS() throws {
        let directory = try temporaryDirectory()
        let out = directory + "/aed25832.geojson"
        let result = try geokit(["reproject", Self.fixture("aed/koeln_osm_aed.geojson"), out, "--to", "EPSG:25832"])
        #expect(result.status == 0, "\(result.stderr)")
        let info = try geokit(["info", "--json", out])
        let summary = try #require((try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(summary["crs"] as? String == "EPSG:25832")
        #expect(summary["featureCount"] as? Int == 22)
        // An existing output is not replaced without --overwrite.
        let again = try geokit(["reproject", Self.fixture("aed/koeln_osm_aed.geojson"), out, "--to", "EPSG:25832"])
        #expect(again.status == 1 && again.stderr.contains("--overwrite"))
        if let ogrinfo = which("ogrinfo") {
            let gdal = try run(ogrinfo, ["-ro", "-so", "-al", out])
            #expect(gdal.stdout.contains("Feature Count: 22"))
            #expect(gdal.stdout.contains("ID[\"EPSG\",25832]]"))
        }
        // A file without a crs member, declared with --from.
        let swapped = directory + "/back.geojson"
        let back = try geokit(["reproject", out, swapped, "--from", "EPSG:25832", "--to", "EPSG:4326"])
        #expect(back.status == 0)
        // A position the target cannot hold fails with the feature named, and no output file.
        let bad = directory + "/bad.geojson"
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[7,50]}},{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[7,91]}}]}"#.write(toFile: bad, atomically: true, encoding: .utf8)
        let failed = try geokit(["reproject", bad, directory + "/never.geojson", "--to", "EPSG:3857"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("feature 1"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/never.geojson"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
        // Standard input to standard output, through the same conversion.
        let input = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("aed/koeln_osm_aed.geojson")))
        let piped = try geokit(["reproject", "-", "-", "--t-crs", "EPSG:25832"], stdin: input)
        #expect(piped.status == 0 && piped.stdout.contains("urn:ogc:def:crs:EPSG::25832") && piped.stdout.contains("[353900.5889"), "\(piped.stderr)")
        // --check-area refuses latitude and longitude swapped; without it PROJ moves them.
        let swappedPoint = directory + "/swapped.geojson"
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[50.9,6.9]}}]}"#.write(toFile: swappedPoint, atomically: true, encoding: .utf8)
        let checked = try geokit(["reproject", swappedPoint, directory + "/checked.geojson", "--t-crs", "EPSG:25832", "--check-area"])
        #expect(checked.status == 1 && checked.stderr.contains("are the coordinates swapped"), "\(checked.stderr)")
        let unchecked = try geokit(["reproject", swappedPoint, directory + "/unchecked.geojson", "--t-crs", "EPSG:25832"])
        #expect(unchecked.status == 0 && unchecked.stderr.contains("1 features OGC:CRS84 → EPSG:25832"), "\(unchecked.stderr)")
    }

    /// `-o -` writes any one-file format to standard output. A GeoPackage went into a file
    /// named `-` in the working folder before, with nothing on standard output.
    @Test func standardOutputTakesAnyOneFileFormat() throws {
        let directory = try temporaryDirectory()
        let input = Self.fixture("aed/koeln_aed_register.geojson")
        let shell = "cd '\(directory)' && '\(Self.geokit)' convert '\(input)' -o - --to gpkg > piped.gpkg"
        let piped = try run("/bin/sh", ["-c", shell])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/-"))
        let layer = try LayerIO.read(path: directory + "/piped.gpkg").layer
        #expect(layer.features.count == 121 && layer.name == "koeln_aed_register")
        let csv = try geokit(["convert", input, "-o", "-", "--to", "csv"])
        #expect(csv.status == 0 && csv.stdout.hasPrefix("x,y,address,") && csv.stdout.split(separator: "\n").count == 122, "\(csv.stderr)")
        let shapefile = try geokit(["convert", input, "-o", "-", "--to", "shp"])
        #expect(shapefile.status == 1 && shapefile.stderr.contains("several files") && shapefile.stdout.isEmpty, "\(shapefile.stderr)")
    }

    @Test func projDataOverridesTheDatabaseLocation() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.geokit)
        process.arguments = ["crs", "EPSG:25832"]
        var environment = ProcessInfo.processInfo.environment
        environment["PROJ_DATA"] = "/nonexistent-proj-data"
        environment["PROJ_LIB"] = "/nonexistent-proj-data"
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "with PROJ_DATA pointing nowhere, proj.db cannot be found")
        #expect(message.contains("EPSG:25832"))
    }

    @Test func geomRunsGEOSOperationsLikeGeosop() throws {
        let a = "POLYGON((0 0,10 0,10 10,0 10,0 0))", b = "POLYGON((5 5,15 5,15 15,5 15,5 5))"
        #expect(try geokit(["geom", "intersection", a, b]).stdout == "POLYGON ((10 10, 10 5, 5 5, 5 10, 10 10))\n")
        #expect(try geokit(["geom", "area", a]).stdout == "100\n")
        #expect(try geokit(["geom", "intersects", a, b]).stdout == "true\n")
        #expect(try geokit(["geom", "relate", a, b]).stdout == "212101212\n")
        #expect(try geokit(["geom", "is-valid", "--reason", "POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))"]).stdout.hasPrefix("Self-intersection"))
        let circle = try geokit(["geom", "buffer", "POINT(0 0)", "10", "--quadsegs", "8", "--geojson"])
        #expect(circle.stdout.hasPrefix("{\"type\":\"Polygon\""))
        // A batch from stdin: a bad line is reported with its line number, the others still run.
        let batch = try geokit(["geom", "length", "-"], stdin: Data("LINESTRING(0 0, 3 4)\nPOINT(1 1\nLINESTRING(0 0, 0 2)\n".utf8))
        #expect(batch.status == 1)
        #expect(batch.stdout == "5\nERROR\n2\n")
        #expect(batch.stderr.contains("stdin:2:") && batch.stderr.contains("column 10"))
        // A GeoJSON file of features.
        let inside = try geokit(["geom", "contains", Self.fixture("admin/wesel_kreis_vg5000.geojson"), "POINT(6.6 51.6)"])
        #expect(inside.stdout == "true\n")
        #expect(try geokit(["geom", "--list"]).stdout.contains("make-valid A"))
        #expect(try geokit(["geom", "buffer", "POINT(0 0)"]).status == 2)
        #expect(try geokit(["geom", "no-such-op", "POINT(0 0)"]).status == 2)
        #expect(try geokit(["geom", "area", "POLYGON((0 0, 1 1))"]).status == 1)
    }

    @Test func nearestWithinAndAtAnswerInMetres() throws {
        let aeds = Self.fixture("aed/koeln_aed_register.geojson")
        let nearest = try geokit(["nearest", aeds, "--at", "6.9583,50.9413", "-k", "3"])
        #expect(nearest.status == 0, "\(nearest.stderr)")
        let lines = nearest.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("1. Kölner Dom  41.2 m, azimuth 350°  at 6.958200, 50.941665"), "\(lines[0])")
        let json = try geokit(["nearest", aeds, "--at", "356560,5645282", "--crs", "EPSG:25832", "--json", "--within", "1km", "-k", "50"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(!rows.isEmpty && rows.count < 50)
        #expect(rows.allSatisfy { ($0["distanceMetres"] as? Double ?? 2000) <= 1000 })
        let within = try geokit(["within", aeds, "--at", "6.9583,50.9413", "--distance", "0.5km"])
        #expect(within.stdout.split(separator: "\n").count == 11)
        let at = try geokit(["at", Self.fixture("admin/wesel_gemeinden_vg5000.geojson"), "--at", "6.62,51.66"])
        #expect(at.stdout.contains("Wesel"))
        let swapped = try geokit(["nearest", aeds, "--at", "50.9413,6.9583"])
        #expect(swapped.status == 1 && swapped.stderr.contains("swapped"))
        #expect(try geokit(["nearest", aeds, "--at", "6.9"]).status == 2)
        #expect(try geokit(["within", aeds, "--at", "6.9,50.9", "--distance", "far"]).status == 2)
        #expect(try geokit(["nearest", Self.fixture("bad/truncated.geojson"), "--at", "6.9,50.9"]).status == 1)
    }

    @Test func nearestOpenAtATime() throws {
        let directory = try temporaryDirectory()
        let path = directory + "/aeds.geojson"
        let text = #"{"type":"FeatureCollection","features":["# +
            #"{"type":"Feature","properties":{"name":"Weekend","opening_hours":"Sa-Su 10:00-12:00"},"geometry":{"type":"Point","coordinates":[7.000,51]}},"# +
            #"{"type":"Feature","properties":{"name":"Untagged"},"geometry":{"type":"Point","coordinates":[7.001,51]}},"# +
            #"{"type":"Feature","properties":{"name":"Always","opening_hours":"24/7","access":"yes"},"geometry":{"type":"Point","coordinates":[7.003,51]}}]}"#
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let monday = try geokit(["nearest", path, "--at", "7,51", "--at-time", "2026-11-23T10:00"])
        #expect(monday.status == 0, "\(monday.stderr)")
        #expect(monday.stdout.hasPrefix("1. Always  210."), "\(monday.stdout)")
        #expect(monday.stdout.contains("availability unknown") && monday.stdout.contains("Untagged"))
        let saturday = try geokit(["nearest", path, "--at", "7,51", "--at-time", "2026-11-28T11:00"])
        #expect(saturday.stdout.hasPrefix("1. Weekend  0.0 m"), "\(saturday.stdout)")
        #expect(try geokit(["nearest", path, "--at", "7,51", "--at-time", "yesterday"]).status == 2)
        #expect(try geokit(["nearest", path, "--at", "7,51", "--open-now", "--at-time", "2026-11-28T11:00"]).status == 2)
    }

    @Test func joinSplitAndCoverage() throws {
        let directory = try temporaryDirectory()
        let schools = Self.fixture("schools/koeln_osm_schools_sample.geojson"), aeds = Self.fixture("aed/koeln_aed_register.geojson")
        let out = directory + "/joined.geojson"
        let join = try geokit(["join", schools, aeds, "--predicate", "nearest", "-o", out, "--prefix", "aed_"])
        #expect(join.status == 0, "\(join.stderr)")
        #expect(join.stderr.contains("50 features") && join.stderr.contains("0 without a match"))
        let info = try geokit(["info", "--json", out])
        let fields = (try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [[String: Any]])?.first?["fields"] as? [[String: Any]]
        #expect(fields?.contains { $0["name"] as? String == "distance_m" } == true)
        #expect(fields?.contains { $0["name"] as? String == "aed_name" } == true)
        let coverage = try geokit(["coverage", "--targets", schools, "--facilities", aeds, "--within", "300m", "--json"])
        let report = try JSONSerialization.jsonObject(with: Data(coverage.stdout.utf8)) as? [String: Any]
        #expect(report?["targets"] as? Int == 50)
        #expect((report?["covered"] as? Int ?? -1) + ((report?["uncovered"] as? [Int])?.count ?? -1) == 50)
        let gemeinden = Self.fixture("admin/wesel_gemeinden_vg5000.geojson")
        let split = try geokit(["split", gemeinden, "--by", gemeinden, "--name-field", "GEN", "-o", directory + "/parts"])
        #expect(split.status == 0, "\(split.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/parts").filter { $0.hasSuffix(".geojson") }.count == 13)
        #expect(try geokit(["join", schools, aeds, "--predicate", "touching", "-o", out]).status == 2)
        #expect(try geokit(["join", schools, Self.fixture("bad/truncated.geojson"), "--predicate", "within", "-o", directory + "/x.geojson"]).status == 1)
        #expect(!FileManager.default.fileExists(atPath: directory + "/x.geojson"))
    }

    @Test func convertFilesAndFolders() throws {
        let directory = try temporaryDirectory()
        let inputs = directory + "/in"
        try FileManager.default.createDirectory(atPath: inputs, withIntermediateDirectories: true)
        for f in ["aed/koeln_aed_register.geojson", "aed/koeln_osm_aed.geojson", "bad/truncated.geojson"] {
            try FileManager.default.copyItem(atPath: Self.fixture(f), toPath: inputs + "/" + (f as NSString).lastPathComponent)
        }
        try "name;Längengrad;Breitengrad\nRathaus;6,9584;50,9384\nohne Ort;;\n".write(toFile: inputs + "/koeln_aed_register.csv", atomically: true, encoding: .utf8)
        // A folder: one output per input; the bad one is reported, the others written.
        let out = directory + "/out"
        let folder = try geokit(["convert", inputs, "-o", out, "--to", "geojson"])
        #expect(folder.status == 1)
        #expect(folder.stderr.contains("truncated.geojson:3:"))
        let written = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(written == ["koeln_aed_register.geojson", "koeln_aed_register_geojson.geojson", "koeln_osm_aed.geojson"], "\(written)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).allSatisfy { !$0.contains(".tmp-") })
        // One file, reprojected; GDAL reads the CRS we wrote.
        let utm = directory + "/aed_25832.geojson"
        let single = try geokit(["convert", inputs + "/koeln_aed_register.geojson", "-o", utm, "--t-srs", "EPSG:25832", "--where", "city_district=Innenstadt", "--select", "name,address"])
        #expect(single.status == 0, "\(single.stderr)")
        if let ogrinfo = which("ogrinfo") {
            let gdal = try run(ogrinfo, ["-ro", "-so", "-al", utm])
            #expect(gdal.stdout.contains("ID[\"EPSG\",25832]]"))
            #expect(gdal.stdout.contains("name: String") && !gdal.stdout.contains("city_district"))
        }
        // Existing output without --overwrite fails and keeps the file.
        #expect(try geokit(["convert", inputs + "/koeln_osm_aed.geojson", "-o", utm]).status == 1)
        // Merge with a source_file field; CSV output with x/y columns.
        let merged = directory + "/all.csv"
        let merge = try geokit(["convert", inputs + "/koeln_osm_aed.geojson", inputs + "/koeln_aed_register.csv", "--merge", "-o", merged])
        #expect(merge.status == 0, "\(merge.stderr)")
        let text = try String(contentsOfFile: merged, encoding: .utf8)
        #expect(text.hasPrefix("x,y,"))
        #expect(text.contains("koeln_aed_register.csv") && text.contains("Rathaus") && text.contains("6.9584"))
        #expect(text.split(separator: "\n").count == 1 + 22 + 2)
    }

    /// A mixed folder (Shapefile, GeoJSON, CSV, one bad file) to GeoPackages with two jobs:
    /// GDAL opens every output with the input's count; the bad one is named and exits 1;
    /// a shapefile reprojected and merged into one GeoPackage keeps every feature.
    @Test func mixedFolderToGeoPackagesWithTwoJobs() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let inputs = directory + "/in"
        try FileManager.default.createDirectory(atPath: inputs, withIntermediateDirectories: true)
        for f in ["shapefile/koeln_stadtbezirk.shp", "shapefile/koeln_stadtbezirk.shx", "shapefile/koeln_stadtbezirk.dbf", "shapefile/koeln_stadtbezirk.prj",
                  "aed/koeln_osm_aed.geojson", "admin/wesel_gemeinden_vg5000.geojson", "bad/truncated.geojson"] {
            try FileManager.default.copyItem(atPath: Self.fixture(f), toPath: inputs + "/" + (f as NSString).lastPathComponent)
        }
        try "name;Längengrad;Breitengrad\nRathaus;6,9584;50,9384\n".write(toFile: inputs + "/rathaus.csv", atomically: true, encoding: .utf8)
        let out = directory + "/out"
        let result = try geokit(["convert", inputs, "-o", out, "--to", "gpkg", "--jobs", "2", "--json"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("truncated.geojson:3:"))
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(report?["featuresWritten"] as? Int == 9 + 22 + 13 + 1)
        #expect((report?["failed"] as? [String])?.count == 1)
        let made = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(made == ["koeln_osm_aed.gpkg", "koeln_stadtbezirk.gpkg", "rathaus.gpkg", "wesel_gemeinden_vg5000.gpkg"], "\(made)")
        // One job reads each file on a thread of its own (the pipelined path); two jobs do
        // not. Both give the same outputs and the same failure.
        let outOne = directory + "/out-one"
        let one = try geokit(["convert", inputs, "-o", outOne, "--to", "gpkg", "--jobs", "1", "--json"])
        #expect(one.status == 1)
        #expect(one.stderr.contains("truncated.geojson:3:"))
        let reportOne = try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any]
        #expect(reportOne?["featuresWritten"] as? Int == report?["featuresWritten"] as? Int)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outOne).sorted() == made)
        let merged = directory + "/koeln.gpkg"
        let merge = try geokit(["convert", inputs + "/koeln_stadtbezirk.shp", inputs + "/koeln_osm_aed.geojson", "--merge", "--t-srs", "EPSG:25832", "-o", merged])
        #expect(merge.status == 0, "\(merge.stderr)")
        guard GDAL.tools(for: "mixedFolderToGeoPackagesWithTwoJobs") != nil else { return }
        for (file, count) in [("koeln_osm_aed.gpkg", 22), ("koeln_stadtbezirk.gpkg", 9), ("rathaus.gpkg", 1), ("wesel_gemeinden_vg5000.gpkg", 13)] {
            #expect(try GDAL.summary(of: out + "/" + file)?.count == count, "\(file)")
        }
        let summary = try #require(try GDAL.summary(of: merged))
        #expect(summary.count == 31)
        #expect(summary.epsg == 25832)
        #expect(summary.fields.contains { $0.name == "source_file" } && summary.fields.contains { $0.name == "STB_NAME" })
        let features = try GDAL.features(of: merged)
        #expect(features.contains { $0.properties["STB_NAME"] == "Mülheim" })
        // Köln in UTM 32N: every position is within the city's extent.
        #expect(features.allSatisfy { f in
            var inside = true
            f.geometry?.forEachPosition { p in inside = inside && (340_000...375_000).contains(p.x) && (5_630_000...5_665_000).contains(p.y) }
            return inside
        })
    }

    /// Several inputs into one `.gpkg`: a table per input; a bad input leaves no table. A
    /// quoted pattern is expanded. --make-valid repairs a bow-tie polygon.
    @Test func severalInputsIntoOneGeoPackageGlobsAndMakeValid() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let package = directory + "/all.gpkg"
        let result = try geokit(["convert", Self.fixture("aed"), Self.fixture("shapefile"), Self.fixture("bad/truncated.geojson"), "-o", package, "--json"])
        #expect(result.status == 1)
        let info = try geokit(["info", "--json", package])
        let names = (try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["koeln_aed_register", "koeln_osm_aed", "switzerland_osm_aed_sample", "koeln_stadtbezirk"], "\(info.stderr)")
        if GDAL.tools(for: "severalInputsIntoOneGeoPackageGlobsAndMakeValid") != nil {
            #expect(try GDAL.summary(of: package, layer: "koeln_stadtbezirk")?.count == 9)
            #expect(try GDAL.summary(of: package, layer: "truncated") == nil, "the failed input leaves no table")
        }
        let globbed = try geokit(["convert", Self.fixture("aed") + "/koeln_*.geojson", "-o", directory + "/koeln.gpkg", "--json"])
        #expect(globbed.status == 0, "\(globbed.stderr)")
        #expect((try JSONSerialization.jsonObject(with: Data(globbed.stdout.utf8)) as? [String: Any])?["inputs"] as? Int == 2)
        let bowtie = directory + "/bowtie.geojson"
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Schleife"},"geometry":{"type":"Polygon","coordinates":[[[7,51],[7.1,51.1],[7.1,51],[7,51.1],[7,51]]]}}]}"#
            .write(toFile: bowtie, atomically: true, encoding: .utf8)
        let repaired = try geokit(["convert", bowtie, "-o", directory + "/fixed.geojson", "--make-valid", "--json"])
        #expect(repaired.status == 0, "\(repaired.stderr)")
        #expect((try JSONSerialization.jsonObject(with: Data(repaired.stdout.utf8)) as? [String: Any])?["repaired"] as? Int == 1)
        let fixed = try geokit(["info", "--json", directory + "/fixed.geojson"])
        let types = (try JSONSerialization.jsonObject(with: Data(fixed.stdout.utf8)) as? [[String: Any]])?.first?["geometryTypes"] as? [String: Int]
        #expect(types == ["MultiPolygon": 1], "a bow tie becomes two triangles: \(String(describing: types))")
    }

    @Test(.enabled(if: Paths.shared != nil, "../shared is not beside the repository"))
    func infoDescribesEveryLayerOfAGeoPackage() throws {
        let shared = Paths.shared!
        let result = try geokit(["info", "--json", shared + "/data/admin/vg5000_2021_derived_25832.gpkg"])
        #expect(result.status == 0, "\(result.stderr)")
        let summaries = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        #expect(summaries?.map { $0["name"] as? String } == ["vg5000_lan", "vg5000_krs", "vg5000_gem"])
        #expect(summaries?.map { $0["featureCount"] as? Int } == [25, 401, 10997])
        #expect(summaries?.first?["crs"] as? String == "EPSG:25832")
    }

    @Test func streamingConvertKeepsTheCRSAndLeavesNothingOnFailure() throws {
        let directory = try temporaryDirectory()
        let out = directory + "/roofs.geojsonl"
        let roofs = Self.fixture("buildings/wesel_roofs_sample_25832.geojson")
        #expect(try geokit(["convert", roofs, "-o", out]).status == 0)
        let info = try geokit(["info", "--json", out])
        let summary = (try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [[String: Any]])?.first
        #expect(summary?["featureCount"] as? Int == 30)
        #expect(summary?["crs"] as? String == "OGC:CRS84", "a text sequence has no crs member: reproject to WGS 84 first")
        let kept = directory + "/roofs.geojson"
        #expect(try geokit(["convert", roofs, "-o", kept]).status == 0)
        let keptInfo = try geokit(["info", "--json", kept])
        #expect((try JSONSerialization.jsonObject(with: Data(keptInfo.stdout.utf8)) as? [[String: Any]])?.first?["crs"] as? String == "EPSG:25832")
        let csv = directory + "/roofs.csv"
        #expect(try geokit(["convert", roofs, "-o", csv]).status == 0)
        #expect(try String(contentsOfFile: csv, encoding: .utf8).hasPrefix("WKT,"))
        let failed = try geokit(["convert", Self.fixture("bad/truncated.geojson"), "-o", directory + "/never.geojson"])
        #expect(failed.status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("never") || $0.contains(".tmp-") }.isEmpty)
    }
}
