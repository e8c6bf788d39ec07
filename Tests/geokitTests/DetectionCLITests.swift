import Foundation
import TestSupport
import Testing

/// Files are read by what they hold, not what they are called; a file GeoKit cannot read
/// gets a reason in a line, never kilobytes of its content.
@Suite struct DetectionCLITests {
    func geokit(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try run(CLITests.geokit, arguments)
    }

    @Test func contentDecidesAndStrangersGetAReason() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func file(_ name: String, _ bytes: [UInt8]) throws -> String {
            let path = directory + "/" + name
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
        // GeoJSON named .txt, a GeoPackage named .db, gzip without .gz.
        let geojson = try Data(contentsOf: URL(fileURLWithPath: Paths.fixture("aed/koeln_osm_aed.geojson")))
        let txt = try file("aed.txt", [UInt8](geojson))
        let db = try file("layers.db", [UInt8](try Data(contentsOf: URL(fileURLWithPath: Paths.fixture("geopackage/layers_of_every_kind.gpkg")))))
        let gz = directory + "/aed_compressed"
        #expect(try run("/bin/sh", ["-c", "gzip -c '\(Paths.fixture("aed/koeln_osm_aed.geojson"))' > '\(gz)'"]).status == 0)
        for (path, expected) in [(txt, "features:    22"), (db, "layer:       opening_hours"), (gz, "features:    22")] {
            let result = try geokit(["info", path])
            #expect(result.status == 0, "\(path): \(result.stderr)")
            #expect(result.stdout.contains(expected), "\(path): \(result.stdout)")
        }
        // XML, a zip without a shapefile, binary noise, an empty file: one short line each.
        let longLine = "<?xml version=\"1.0\"?><wfs:FeatureCollection " + String(repeating: "x", count: 5000) + ">"
        let strangers: [(String, [UInt8], String)] = [
            ("wfs.gml", Array(longLine.utf8), "XML (GML, KML or a WFS response) is not supported yet"),
            ("notzip.zip", [0x50, 0x4B, 0x05, 0x06] + Array(repeating: 0, count: 18), "a zip archive without a shapefile"),
            ("noise.bin", (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }, "binary data"),
            ("empty.csv", [], "the file is empty"),
        ]
        for (name, bytes, message) in strangers {
            let result = try geokit(["info", try file(name, bytes)])
            #expect(result.status == 1, "\(name)")
            #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
            #expect(result.stderr.count < 300, "\(name): \(result.stderr.count) characters of error")
        }
        // A CSV header of 5,000 characters without coordinate columns is quoted in part.
        let wide = try file("wide.csv", Array(((0..<500).map { "column\($0)" }.joined(separator: ",") + "\n1,2\n").utf8))
        let result = try geokit(["info", wide])
        #expect(result.status == 1)
        #expect(result.stderr.contains("more characters") && result.stderr.count < 400, "\(result.stderr.count): \(result.stderr)")
    }

    @Test func versionNegativeDistancesAndPrjWithoutAt() throws {
        let version = try geokit(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("geokit ") && version.stdout.contains("GEOS 3.") && version.stdout.contains("PROJ "))
        let shrunk = try geokit(["geom", "buffer", "POLYGON((0 0,100 0,100 100,0 100,0 0))", "-10", "--join", "mitre"])
        #expect(shrunk.status == 0, "\(shrunk.stderr)")
        #expect(shrunk.stdout.contains("POLYGON ((10 10") || shrunk.stdout.contains("POLYGON ((10 90") || shrunk.stdout.contains("90 10"), "\(shrunk.stdout)")
        let area = try geokit(["geom", "area", shrunk.stdout.trimmingCharacters(in: .whitespacesAndNewlines)])
        #expect(area.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "6400", "\(area.stdout)")
        let prj = try geokit(["crs", Paths.fixture("crs/vg5000_krs_gk3.prj")])
        #expect(prj.status == 0, "\(prj.stderr)")
        #expect(prj.stdout.hasPrefix("EPSG:31467"), "\(prj.stdout)")
    }
}

/// A feature that cannot be reprojected names the file and the feature; with
/// --skip-failures the rest of the file is written and the left-out features counted.
@Suite struct SkipFailuresCLITests {
    @Test func badPositionsFailTheFileOrAreLeftOut() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = directory + "/mixed.geojson"
        let features = (0..<12_000).map { i in
            #"{"type":"Feature","properties":{"n":\#(i)},"geometry":{"type":"Point","coordinates":[7,\#(i == 10_500 ? 95 : 51)]}}"#
        }
        try (#"{"type":"FeatureCollection","features":["# + features.joined(separator: ",\n") + "]}").write(toFile: input, atomically: true, encoding: .utf8)
        let failed = try run(CLITests.geokit, ["convert", input, "-o", directory + "/out.gpkg", "--t-srs", "EPSG:25832"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("mixed.geojson: feature 10500:"), "the input index, across batches: \(failed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/out.gpkg"))
        let skipped = try run(CLITests.geokit, ["convert", input, "-o", directory + "/out.gpkg", "--t-srs", "EPSG:25832", "--skip-failures", "--json"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stderr.contains("feature 10500 left out"), "\(skipped.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(skipped.stdout.utf8)) as? [String: Any]
        #expect(report?["featuresWritten"] as? Int == 11_999)
        #expect(report?["notReprojected"] as? Int == 1)
        #expect(try GDAL.summary(of: directory + "/out.gpkg")?.count == 11_999)
    }
}

/// The query commands, geom and reproject read every format convert reads, and a file
/// with several layers needs --layer.
@Suite struct EveryReaderCLITests {
    @Test func queriesGeomAndReprojectReadLayerFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let package = directory + "/four.gpkg"
        #expect(try run(CLITests.geokit, ["convert", Paths.fixture("aed"), Paths.fixture("shapefile"), "-o", package]).status == 0)
        let ambiguous = try run(CLITests.geokit, ["nearest", package, "--at", "6.9583,50.9413"])
        #expect(ambiguous.status == 1)
        #expect(ambiguous.stderr.contains("holds 4 layers") && ambiguous.stderr.contains("--layer"), "\(ambiguous.stderr)")
        let chosen = try run(CLITests.geokit, ["nearest", package, "--layer", "koeln_aed_register", "--at", "6.9583,50.9413"])
        #expect(chosen.stdout.hasPrefix("1. Kölner Dom"), "\(chosen.stdout) \(chosen.stderr)")
        let shp = Paths.fixture("shapefile/koeln_stadtbezirk.shp")
        let at = try run(CLITests.geokit, ["at", shp, "--at", "6.9583,50.9413"])
        #expect(at.stdout.hasPrefix("1. Innenstadt"), "\(at.stdout) \(at.stderr)")
        let areas = try run(CLITests.geokit, ["geom", "area", shp])
        #expect(areas.status == 0)
        #expect(areas.stdout.split(separator: "\n").count == 9 && !areas.stdout.contains("\u{0}"))
        let moved = try run(CLITests.geokit, ["reproject", shp, directory + "/bezirke.gpkg", "--to", "EPSG:4326"])
        #expect(moved.status == 0, "\(moved.stderr)")
        let summary = try #require(try GDAL.summary(of: directory + "/bezirke.gpkg"))
        #expect(summary.count == 9 && summary.epsg == 4326)
    }
}

/// --warnings and --quiet: notes only when asked, warnings in a summary, nothing at all
/// when quiet; and the vocabulary's aliases (--t-crs and --t-srs, --within and --distance).
@Suite struct MessagesCLITests {
    @Test func warningLevels() throws {
        let kreis = Paths.fixture("admin/wesel_kreis_vg5000.geojson")
        let quietByDefault = try run(CLITests.geokit, ["info", kreis])
        #expect(quietByDefault.status == 0 && quietByDefault.stderr.isEmpty, "\(quietByDefault.stderr)")
        let all = try run(CLITests.geokit, ["info", kreis, "--warnings", "all"])
        #expect(all.stderr.contains("note: legacy \"crs\" member") && all.stderr.contains("right-hand rule"), "\(all.stderr)")
        let odd = Paths.fixture("geopackage/odd_geometries.gpkg")
        let summary = try run(CLITests.geokit, ["info", odd])
        #expect(summary.stderr.split(separator: "\n").count == 6, "five kinds and a line saying more: \(summary.stderr)")
        #expect(summary.stderr.contains("more kinds of warning"))
        let none = try run(CLITests.geokit, ["info", odd, "--warnings", "none"])
        #expect(none.stderr.isEmpty && none.stdout.contains("features:    10"))
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let quiet = try run(CLITests.geokit, ["convert", odd, "-o", directory + "/odd.gpkg", "--quiet"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty && quiet.stdout.isEmpty, "\(quiet.stderr)")
    }

    @Test func oneVocabularyWithGDALsSpellingsAsAliases() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let aeds = Paths.fixture("aed/koeln_osm_aed.geojson")
        for (i, option) in ["--t-crs", "--t-srs"].enumerated() {
            let result = try run(CLITests.geokit, ["convert", aeds, "-o", directory + "/\(i).gpkg", option, "EPSG:25832", "--format", "gpkg"])
            #expect(result.status == 0, "\(option): \(result.stderr)")
            #expect(try GDAL.summary(of: directory + "/\(i).gpkg")?.epsg == 25832)
        }
        let within = try run(CLITests.geokit, ["within", aeds, "--at", "6.9583,50.9413", "--within", "500m"])
        let distance = try run(CLITests.geokit, ["within", aeds, "--at", "6.9583,50.9413", "--distance", "500m"])
        #expect(within.status == 0 && within.stdout == distance.stdout && !within.stdout.isEmpty)
        let moved = try run(CLITests.geokit, ["transform", "--s-crs", "EPSG:4326", "--t-crs", "EPSG:25832"], stdin: Data("6.9583 50.9413\n".utf8))
        #expect(moved.stdout.hasPrefix("356"), "\(moved.stdout) \(moved.stderr)")
    }
}

/// split writes no empty layers unless asked, tells boundaries of one name apart by a key
/// field, and reports the features outside every boundary.
@Suite struct SplitCLITests {
    @Test func duplicatesEmptiesAndTheOutside() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func square(_ x: Double, _ name: String, _ ags: String) -> String {
            #"{"type":"Feature","properties":{"GEN":"\#(name)","AGS":"\#(ags)"},"geometry":{"type":"Polygon","coordinates":[[[\#(x),0],[\#(x + 1),0],[\#(x + 1),1],[\#(x),1],[\#(x),0]]]}}"#
        }
        let boundaries = #"{"type":"FeatureCollection","features":["# + [square(0, "Neustadt", "07111"), square(2, "Neustadt", "09222"), square(4, "../Leer", "03333")].joined(separator: ",") + "]}"
        try boundaries.write(toFile: directory + "/gemeinden.geojson", atomically: true, encoding: .utf8)
        let points = #"{"type":"FeatureCollection","features":["# + [0.5, 2.5, 2.6, 9.5].map { #"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[\#($0),0.5]}}"# }.joined(separator: ",") + "]}"
        try points.write(toFile: directory + "/points.geojson", atomically: true, encoding: .utf8)
        let result = try run(CLITests.geokit, ["split", directory + "/points.geojson", "--by", directory + "/gemeinden.geojson", "--name-field", "GEN", "--key-field", "AGS", "-o", directory + "/out"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/out").sorted() == ["Neustadt_07111.geojson", "Neustadt_09222.geojson"])
        #expect(result.stderr.contains("1 boundaries without features not written") && result.stderr.contains("1 features outside every boundary"), "\(result.stderr)")
        let all = try run(CLITests.geokit, ["split", directory + "/points.geojson", "--by", directory + "/gemeinden.geojson", "--name-field", "GEN", "-o", directory + "/all", "--keep-empty"])
        #expect(all.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/all").sorted() == ["Neustadt_0.geojson", "Neustadt_1.geojson", "___Leer.geojson"])
    }
}

/// --holidays: `PH off` means closed on the Land's holidays (Fronleichnam is one in
/// Nordrhein-Westfalen, not in Niedersachsen).
@Suite struct HolidaysCLITests {
    @Test func phOffFollowsTheLandsCalendar() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/aeds.geojson"
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Rathaus","opening_hours":"Mo-Fr 08:00-18:00; PH off","access":"yes"},"geometry":{"type":"Point","coordinates":[7.000,51]}},{"type":"Feature","properties":{"name":"Wache","opening_hours":"24/7","access":"yes"},"geometry":{"type":"Point","coordinates":[7.01,51]}}]}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let fronleichnam = ["nearest", path, "--at", "7,51", "--at-time", "2026-06-04T10:00"]
        let nrw = try run(CLITests.geokit, fronleichnam + ["--holidays", "DE-NW"])
        #expect(nrw.stdout.hasPrefix("1. Wache"), "\(nrw.stdout)")
        let niedersachsen = try run(CLITests.geokit, fronleichnam + ["--holidays", "DE-NI"])
        #expect(niedersachsen.stdout.hasPrefix("1. Rathaus"), "\(niedersachsen.stdout)")
        #expect(try run(CLITests.geokit, fronleichnam + ["--holidays", "XX"]).status == 2)
    }
}

/// `info --json`: every summary names its file, a file that failed has an entry with its
/// error, keys come sorted and slashes are not escaped.
@Suite struct InfoJSONCLITests {
    @Test func pathsErrorsAndKeyOrder() throws {
        let good = Paths.fixture("aed/koeln_osm_aed.geojson")
        let missing = Paths.fixture("no/such.geojson")
        let result = try run(CLITests.geokit, ["info", "--json", good, missing])
        #expect(result.status == 1)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == 2)
        #expect(entries[0]["path"] as? String == good && entries[0]["featureCount"] as? Int == 22)
        #expect(entries[1]["path"] as? String == missing && (entries[1]["error"] as? String)?.contains("No such file") == true)
        #expect(!result.stdout.contains("\\/"), "slashes are written as they are")
        let firstObject = result.stdout.split(separator: "\n").prefix { $0 != "  }," }
        let keys = firstObject.compactMap { line -> String? in
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("\""), let end = t.dropFirst().firstIndex(of: "\""), line.hasPrefix("    \"") && !line.hasPrefix("     ") else { return nil }
            return String(t[t.index(after: t.startIndex)..<end])
        }
        #expect(keys == keys.sorted() && keys.count >= 8, "\(keys)")
    }
}
