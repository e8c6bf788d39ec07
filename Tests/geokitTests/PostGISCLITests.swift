import Foundation
import GeoCore
import GeoKit
import TestSupport
import Testing

/// `postgresql://` on the command line: loads, reads, serves; a killed load changes
/// nothing; readers during a load see the old table or the new one; passwords and
/// injected SQL do nothing.
@Suite(.serialized) struct PostGISCLITests {
    static let aed = Paths.fixture("aed/koeln_aed_register.geojson")

    func geokit(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try run(CLITests.geokit, arguments)
    }

    func count(_ table: String) throws -> String {
        try PostGISTesting.psql("SELECT count(*) FROM \"\(table)\"").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(.enabled(if: PostGISTesting.url != nil, "no PostGIS database: GEOKIT_TEST_POSTGRES_URL is not set (make test starts one with scripts/postgis.sh)"))
    func loadsReadsAndRefusesToReplaceUnasked() throws {
        let table = PostGISTesting.uniqueTable("aed")
        defer { _ = try? PostGISTesting.psql("DROP TABLE IF EXISTS \"\(table)\"") }
        let loaded = try geokit(["convert", Self.aed, "-o", PostGISTesting.url!, "--table", table])
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(loaded.stderr.contains("121 written to 1 tables"), "\(loaded.stderr)")
        #expect(try PostGISTesting.psql("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '\"\(table)\"'::regclass AND attname = 'geom'").stdout.contains("geometry(Point,4326)"))
        let info = try geokit(["info", PostGISTesting.url(table: table)])
        #expect(info.status == 0 && info.stdout.contains("features:    121") && info.stdout.contains("EPSG:4326"), "\(info.stdout)\(info.stderr)")
        // Back to GeoJSON: the same features and values (the GeoJSON ids became the `id` column).
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let back = try geokit(["convert", PostGISTesting.url(table: table), "-o", directory + "/back.geojson"])
        #expect(back.status == 0, "\(back.stderr)")
        let original = try LayerIO.read(path: Self.aed).layer, returned = try LayerIO.read(path: directory + "/back.geojson").layer
        #expect(returned.features.count == 121)
        for (a, b) in zip(original.features, returned.features) {
            #expect(a.geometry == b.geometry)
            for (key, value) in a.properties { #expect(b.properties[key] == value, "\(key)") }
        }
        // Without --overwrite an existing table stays; with it, it is replaced.
        let again = try geokit(["convert", Self.aed, "-o", PostGISTesting.url!, "--table", table])
        #expect(again.status == 1 && again.stderr.contains("exists") && again.stderr.contains("--overwrite"), "\(again.stderr)")
        let replaced = try geokit(["convert", Paths.fixture("schools/koeln_osm_schools_sample.geojson"), "-o", PostGISTesting.url!, "--table", table, "--overwrite", "--cluster"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try count(table) != "121")
        // --cluster ordered the rows by the GiST index.
        #expect(try PostGISTesting.psql("SELECT indisclustered FROM pg_index WHERE indrelid = '\"\(table)\"'::regclass AND NOT indisprimary").stdout.contains("t"))
        #expect(try geokit(["convert", Self.aed, "-o", "x.geojson", "--cluster"]).status == 2)
    }

    @Test(.enabled(if: PostGISTesting.url != nil, "no PostGIS database: GEOKIT_TEST_POSTGRES_URL is not set (make test starts one with scripts/postgis.sh)"))
    func aKilledLoadLeavesTheOldTableAndReadersNeverSeeHalfATable() throws {
        let table = PostGISTesting.uniqueTable("replaced")
        defer { _ = try? PostGISTesting.psql("DROP TABLE IF EXISTS \"\(table)\"") }
        #expect(try geokit(["convert", Self.aed, "-o", PostGISTesting.url!, "--table", table]).status == 0)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let big = directory + "/points.geojson"
        let total = 200_000
        var text = "{\"type\":\"FeatureCollection\",\"features\":[\n"
        for i in 0..<total {
            text += "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(6 + Double(i % 1000) / 1000),\(50 + Double(i / 1000) / 1000)]},\"properties\":{\"n\":\(i),\"name\":\"p\(i)\"}}"
            text += i == total - 1 ? "\n]}\n" : ",\n"
        }
        try text.write(toFile: big, atomically: true, encoding: .utf8)

        // Killed while COPY runs: the old table is as it was.
        let killed = Process()
        killed.executableURL = URL(fileURLWithPath: CLITests.geokit)
        killed.arguments = ["convert", big, "-o", PostGISTesting.url!, "--table", table, "--overwrite"]
        killed.standardError = FileHandle.nullDevice
        try killed.run()
        var copying = false
        for _ in 0..<600 where killed.isRunning {
            let progress = try PostGISTesting.psql("""
                SELECT coalesce(max(p.tuples_processed), 0) FROM pg_stat_progress_copy p JOIN pg_stat_activity a ON a.pid = p.pid
                WHERE a.application_name = 'geokit \(killed.processIdentifier)'
                """).stdout
            if (Int(progress.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 0 { copying = true; break }
            usleep(20_000)
        }
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()
        #expect(copying, "the load ended before COPY was seen")
        #expect(try count(table) == "121")
        #expect(try PostGISTesting.psql("SELECT count(*) FROM pg_class WHERE relname LIKE 'geokit_load_%'").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0")

        // Readers during a whole load: the old count or the new one, nothing between.
        let load = Process()
        load.executableURL = URL(fileURLWithPath: CLITests.geokit)
        load.arguments = ["convert", big, "-o", PostGISTesting.url!, "--table", table, "--overwrite"]
        load.standardError = FileHandle.nullDevice
        try load.run()
        var seen: Set<String> = []
        while load.isRunning {
            seen.insert(try count(table))
            usleep(10_000)
        }
        #expect(load.terminationStatus == 0)
        seen.insert(try count(table))
        #expect(seen.isSubset(of: ["121", "\(total)"]), "readers saw \(seen)")
        #expect(seen.contains("\(total)"))
    }

    @Test(.enabled(if: PostGISTesting.url != nil, "no PostGIS database: GEOKIT_TEST_POSTGRES_URL is not set (make test starts one with scripts/postgis.sh)"))
    func injectedSQLAndPasswordsDoNothing() throws {
        let table = PostGISTesting.uniqueTable("target")
        defer { _ = try? PostGISTesting.psql("DROP TABLE IF EXISTS \"\(table)\"") }
        #expect(try geokit(["convert", Self.aed, "-o", PostGISTesting.url!, "--table", table]).status == 0)
        // A table name that is an attack is only a name.
        let odd = "x\"; DROP TABLE \"\(table)\"; --"
        let named = try geokit(["convert", Self.aed, "-o", PostGISTesting.url!, "--table", odd])
        defer { _ = try? PostGISTesting.psql("DROP TABLE IF EXISTS \"\(odd.replacingOccurrences(of: "\"", with: "\"\""))\"") }
        #expect(named.status == 0, "\(named.stderr)")
        #expect(try count(table) == "121")
        // A --where that is an attack matches nothing.
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let filtered = try geokit(["convert", PostGISTesting.url(table: table), "-o", directory + "/none.geojson", "--where", "name = 'x''; DROP TABLE \"\(table)\"; --'"])
        #expect(filtered.status == 0, "\(filtered.stderr)")
        #expect(try count(table) == "121")
        // A refused connection names the place and never the password.
        let refused = try geokit(["info", "postgresql://geokit:hunter2@127.0.0.1:1/geokit?table=x"])
        #expect(refused.status == 1 && refused.stderr.contains("connection refused"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("hunter2") && !refused.stdout.contains("hunter2"))
    }

    @Test(.enabled(if: PostGISTesting.url != nil, "no PostGIS database: GEOKIT_TEST_POSTGRES_URL is not set (make test starts one with scripts/postgis.sh)"))
    func servesATableAsACollection() throws {
        let table = PostGISTesting.uniqueTable("served")
        defer { _ = try? PostGISTesting.psql("DROP TABLE IF EXISTS \"\(table)\"") }
        #expect(try geokit(["convert", Self.aed, "-o", PostGISTesting.url!, "--table", table]).status == 0)
        let server = try ServerProcess(CLITests.geokit, ["serve", PostGISTesting.url(table: table), "--port", "0"])
        defer { _ = server.stop() }
        let items = try httpRequest(server.url + "/collections/\(table)/items?bbox=6.9,50.9,7.0,51.0&limit=5")
        #expect(items.status == 200, "\(items.body)")
        let document = try JSONSerialization.jsonObject(with: Data(items.body.utf8)) as? [String: Any]
        let expected = try LayerIO.read(path: Self.aed).layer.features.filter { feature in
            guard case .point(let p)? = feature.geometry else { return false }
            return p.x >= 6.9 && p.x <= 7.0 && p.y >= 50.9 && p.y <= 51.0
        }.count
        #expect(document?["numberMatched"] as? Int == expected)
        #expect((document?["features"] as? [Any])?.count == min(5, expected))
        let one = try httpRequest(server.url + "/collections/\(table)/items/17")
        #expect(one.status == 200 && one.body.contains("\"id\":17"), "\(one.body.prefix(300))")
    }
}
