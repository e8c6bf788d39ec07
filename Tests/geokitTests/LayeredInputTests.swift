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

/// GeoPackages with broken tables, attribute tables and no layer at all, through the CLI.
@Suite struct OddGeoPackageCLITests {
    func geokit(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try run(CLITests.geokit, arguments)
    }

    @Test func infoDescribesWhatItCanNamesWhatItCannotAndExitsOne() throws {
        let result = try geokit(["info", Paths.fixture("geopackage/broken_metadata.gpkg")])
        #expect(result.status == 1)
        for layer in ["good", "text_extent", "text_key"] { #expect(result.stdout.contains("layer:       \(layer)"), "\(result.stdout)") }
        #expect(result.stderr.contains("table \"null_column_name\""))
        #expect(result.stderr.contains("table \"missing\""))
        let empty = try geokit(["info", Paths.fixture("geopackage/placeholder_only.gpkg")])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("no vector layer"))
    }

    @Test func convertCarriesAttributeTablesAndKeepsTheGoodTablesOfABrokenFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let all = try geokit(["convert", Paths.fixture("geopackage/layers_of_every_kind.gpkg"), "-o", directory + "/all.gpkg"])
        #expect(all.status == 0, "\(all.stderr)")
        let hours = try #require(try GDAL.summary(of: directory + "/all.gpkg", layer: "opening_hours"))
        #expect(hours.count == 2 && hours.geometryType == "None", "\(hours)")
        let broken = try geokit(["convert", Paths.fixture("geopackage/broken_metadata.gpkg"), "-o", directory + "/good.gpkg"])
        #expect(broken.status == 1)
        for (layer, count) in [("good", 1), ("text_extent", 1), ("text_key", 2)] {
            #expect(try GDAL.summary(of: directory + "/good.gpkg", layer: layer)?.count == count, "\(layer)")
        }
    }
}

/// `--where` and `--select` either work or are errors: never "0 written" with exit 0.
@Suite struct FilterCLITests {
    @Test func filtersWithAndOrOnTextAndNumbers() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let shp = Paths.fixture("shapefile/koeln_stadtbezirk.shp")
        let out = directory + "/some.geojson"
        let kept = try run(CLITests.geokit, ["convert", shp, "-o", out, "--where", "STB_NAME LIKE 'K%' OR (STB_NR IN (1, 2) AND SHAPE_AREA > 0)", "--json"])
        #expect(kept.status == 0, "\(kept.stderr)")
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written.contains("\"Innenstadt\"") && written.contains("\"Kalk\"") && !written.contains("\"Porz\""), "\(written)")
        let syntax = try run(CLITests.geokit, ["convert", shp, "-o", directory + "/x.geojson", "--where", "STB_NAME = 'Kalk' AND"])
        #expect(syntax.status == 2)
        #expect(syntax.stderr.contains("column 22") && syntax.stderr.contains("expected a field name"), "\(syntax.stderr)")
        // GeoJSON declares no fields: a field no feature has is found out by reading, and
        // the output is not written either.
        let geojson = try run(CLITests.geokit, ["convert", Paths.fixture("aed/koeln_osm_aed.geojson"), "-o", directory + "/z.geojson", "--where", "nmae = 'x'"])
        #expect(geojson.status == 1 && geojson.stderr.contains("no feature has a field \"nmae\""), "\(geojson.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/z.geojson"))
        for arguments in [["--where", "NAME = 'Kalk'"], ["--select", "STB_NAME,NAME"]] {
            let unknown = try run(CLITests.geokit, ["convert", shp, "-o", directory + "/y.geojson"] + arguments)
            #expect(unknown.status == 1)
            #expect(unknown.stderr.contains("no field \"NAME\""), "\(unknown.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory + "/y.geojson"))
        }
    }
}

/// Several inputs into one GeoPackage that all fail leave no GeoPackage behind.
@Suite struct EmptyPackageCLITests {
    @Test func noLayerNoFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "".write(toFile: directory + "/empty.csv", atomically: true, encoding: .utf8)
        try "<?xml version=\"1.0\"?><a/>".write(toFile: directory + "/x.gml", atomically: true, encoding: .utf8)
        let result = try run(CLITests.geokit, ["convert", directory + "/empty.csv", directory + "/x.gml", "-o", directory + "/none.gpkg"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("not written, no input could be converted"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["empty.csv", "x.gml"])
    }
}

/// Output names that come from the data (table names) stay inside the output folder, and
/// names that differ only by case do not overwrite each other.
@Suite struct OutputNameCLITests {
    @Test func tableNamesCannotEscapeTheOutputFolder() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let package = directory + "/in.gpkg"
        #expect(try run(CLITests.geokit, ["convert", Paths.fixture("aed/koeln_osm_aed.geojson"), Paths.fixture("aed/koeln_aed_register.geojson"), "-o", package, "--quiet"]).status == 0)
        let rename = """
            import sqlite3
            db = sqlite3.connect("\(package)")
            for old, new in [("koeln_osm_aed", "../../escape"), ("koeln_aed_register", ".hidden")]:
                db.execute(f'ALTER TABLE "{old}" RENAME TO "{new}"')
                for table in ["gpkg_contents", "gpkg_geometry_columns", "gpkg_extensions"]:
                    db.execute(f"UPDATE {table} SET table_name = ? WHERE table_name = ?", (new, old))
            db.commit()
            """
        #expect(try run(which("python3")!, ["-c", rename]).status == 0)
        let output = directory + "/a/b/out"
        let result = try run(CLITests.geokit, ["convert", package, "-o", output, "--to", "geojson"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output).sorted() == ["_.._.._escape.geojson", "_.hidden.geojson"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/a").sorted() == ["b"], "nothing written above the output folder")
        #expect(!FileManager.default.fileExists(atPath: directory + "/escape.geojson"))
    }

    @Test func namesThatDifferOnlyByCaseGetTwoFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(atPath: Paths.fixture("aed/koeln_osm_aed.geojson"), toPath: directory + "/AED.geojson")
        try FileManager.default.copyItem(atPath: Paths.fixture("aed/koeln_aed_register.geojson"), toPath: directory + "/aed.json")
        let result = try run(CLITests.geokit, ["convert", directory + "/AED.geojson", directory + "/aed.json", "-o", directory + "/out", "--to", "gpkg"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/out").sorted() == ["AED.gpkg", "aed_json.gpkg"])
    }
}
