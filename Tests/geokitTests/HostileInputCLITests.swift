import Foundation
import TestSupport
import Testing

/// Files and arguments from strangers, through the command line: an error with a place,
/// a non-zero exit, never a crash, a hang or a file opened on the data's say (issue 13).
@Suite struct HostileInputCLITests {
    static let geokit = CLITests.geokit

    @Test func aCRSNamingAFIFOFailsTheFileInsteadOfHanging() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for ext in ["shp", "shx", "dbf"] {
            try FileManager.default.copyItem(atPath: Paths.fixture("shapefile/koeln_stadtbezirk.\(ext)"), toPath: directory + "/k.\(ext)")
        }
        let fifo = directory + "/grid.gsb"
        #expect(mkfifo(fifo, 0o600) == 0)
        // Should it regress, a writer opens the FIFO after 20 s so that the test fails instead of hanging.
        Thread {
            Thread.sleep(forTimeInterval: 20)
            let fd = open(fifo, O_WRONLY | O_NONBLOCK)
            if fd >= 0 { close(fd) }
        }.start()
        try "+proj=longlat +ellps=GRS80 +nadgrids=\(fifo)\n".write(toFile: directory + "/k.prj", atomically: true, encoding: .utf8)
        let started = Date()
        let convert = try run(Self.geokit, ["convert", directory + "/k.shp", "-o", directory + "/k.gpkg", "--t-crs", "EPSG:25832"])
        #expect(convert.status == 1)
        #expect(convert.stderr.contains("may not name a file"), "\(convert.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/k.gpkg"))
        let info = try run(Self.geokit, ["crs", directory + "/k.prj"])
        #expect(info.status == 1 && info.stderr.contains("may not name a file"))
        let geojson = directory + "/init.geojson"
        try #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"+init=/etc/passwd:x"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#
            .write(toFile: geojson, atomically: true, encoding: .utf8)
        let fromGeoJSON = try run(Self.geokit, ["convert", geojson, "-o", directory + "/i.gpkg", "--t-crs", "EPSG:25832"])
        #expect(fromGeoJSON.status == 1 && fromGeoJSON.stderr.contains("may not name a file"), "\(fromGeoJSON.stderr)")
        #expect(Date().timeIntervalSince(started) < 15)
    }

    @Test func geometryOperationsThatCrashedGEOSAreErrorsOrAnswers() throws {
        let cases: [(arguments: [String], status: Int32)] = [
            (["frechet", "POINT EMPTY", "LINESTRING (0 0, 1 1)"], 1),
            (["frechet", "MULTIPOINT (EMPTY)", "LINESTRING (0 0, 1 1)"], 1),
            (["densify", "MULTIPOINT (EMPTY, (1 2))", "1"], 0),
            (["point-on-surface", "MULTIPOINT (EMPTY, (1 2))"], 0),
            (["is-simple", "MULTIPOINT (EMPTY, (1 2))"], 0),
            (["intersection", "POINT (NaN 1)", "POINT (1 1)"], 1),
            (["minimum-clearance", "POINT (NaN 1)"], 1),
            (["simplify-topology", "POLYGON ((0 0, 1e-320 0, 1e-320 1e-320, 0 0))", "1e-321"], 1),
            (["simplify-topology", "POLYGON ((0 0, Inf 0, NaN 1, 0 0))", "1"], 1),
            (["buffer", "POINT (1 1)", "1", "--quadsegs", "2147483648"], 1),
        ]
        for (arguments, status) in cases {
            let result = try run(Self.geokit, ["geom"] + arguments)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            if status != 0 { #expect(result.stderr.contains("geokit geom"), "\(arguments): \(result.stderr)") }
        }
    }

    /// Finding 6: a row of 100,000 columns was quadratic (40–70 s); `info` padded every
    /// field line to the longest name. Checked by output, not by time: the seconds are printed.
    @Test func wideAndLongNamedFilesStayLinearAndBounded() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let columns = 100_000
        let wide = directory + "/wide.csv"
        try (["x", "y"] + (0..<columns).map { "c\($0)" }).joined(separator: ",").appending("\n")
            .appending((["6.9", "50.9"] + (0..<columns).map { String($0 % 7) }).joined(separator: ","))
            .appending("\n").write(toFile: wide, atomically: true, encoding: .utf8)
        var started = Date()
        let converted = try run(Self.geokit, ["convert", wide, "-o", directory + "/wide.geojson"])
        print("convert of a row of \(columns) columns: \(Date().timeIntervalSince(started)) s")
        #expect(converted.status == 0, "\(converted.stderr)")
        let text = try String(contentsOfFile: directory + "/wide.geojson", encoding: .utf8)
        #expect(text.contains("\"c99999\":99999 % 7") == false && text.contains("\"c99999\":\(99_999 % 7)"))

        let long = directory + "/long.csv"
        let names = (0..<20).map { String(repeating: "n", count: 5_000) + "\($0)" }
        try (["x", "y"] + names).joined(separator: ",").appending("\n6.9,50.9" + String(repeating: ",1", count: 20) + "\n")
            .write(toFile: long, atomically: true, encoding: .utf8)
        let info = try run(Self.geokit, ["info", long])
        #expect(info.status == 0)
        #expect(info.stdout.utf8.count < 4_000, "\(info.stdout.utf8.count) bytes for 20 fields")

        // 10,000 positions that fail, among good ones: one line of stars each, in order.
        var lines = ""
        for i in 0..<20_000 { lines += i % 2 == 0 ? "6.9 95\n" : "6.9 50.9\n" }
        started = Date()
        let transformed = try run(Self.geokit, ["transform", "--s-crs", "EPSG:4326", "--t-crs", "EPSG:25832"], stdin: Data(lines.utf8))
        print("transform of 20,000 lines, half failing: \(Date().timeIntervalSince(started)) s")
        let out = transformed.stdout.split(separator: "\n")
        #expect(transformed.status == 1 && out.count == 20_000)
        #expect(out.enumerated().allSatisfy { i, line in (i % 2 == 0) == (line == "* *") })
        #expect(transformed.stderr.components(separatedBy: "Invalid latitude").count - 1 == 10_000)
    }

    /// Finding 5: the dBase writer trapped at 65,537 property names.
    @Test func tooManyFieldsForADBaseTableIsAnError() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for count in [2_047, 65_537] {
            var properties = "\"a\":1"
            for i in 0..<count { properties += ",\"p\(i)\":\(i)" }
            let input = directory + "/many.geojson"
            try #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{\#(properties)},"geometry":{"type":"Point","coordinates":[6.9,50.9]}}]}"#
                .write(toFile: input, atomically: true, encoding: .utf8)
            let result = try run(Self.geokit, ["convert", input, "-o", directory + "/many.shp", "--overwrite"])
            #expect(result.status == 1, "\(count)")
            #expect(result.stderr.contains("more than a .dbf can hold"), "\(count): \(result.stderr)")
            let left = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0 != "many.geojson" }
            #expect(left.isEmpty, "\(count): \(left)")
        }
    }

    /// Finding 9: a stopped run leaves no temporary output beside the target and no
    /// unpacked copy in the temporary folder; leftovers of a killed run are swept.
    @Test func aStoppedRunLeavesNoTemporaryFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let scratch = directory + "/tmp"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try FailureTests.points(200_000, at: directory + "/points.geojson")
        _ = try run(which("gzip")!, ["-1", directory + "/points.geojson"])
        for output in ["out.gpkg", "out.shp", "out.csv"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.geokit)
            process.arguments = ["convert", directory + "/points.geojson.gz", "-o", directory + "/" + output]
            process.environment = ["TMPDIR": scratch + "/", "PATH": "/usr/bin:/bin"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: 0.6)
            guard process.isRunning else {
                print("SKIPPED stopped-run check for \(output): the conversion finished within 0.6 s")
                continue
            }
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            if process.terminationStatus == 0 {
                // The run ended between the check and the signal (a release build is fast):
                // a finished run leaves its output and nothing else.
                print("SKIPPED stopped-run check for \(output): the conversion finished before the signal arrived")
                let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0 != "points.geojson.gz" && $0 != "tmp" }
                #expect(files.allSatisfy { $0.hasPrefix("out.") }, "\(output): \(files)")
                for file in files { try FileManager.default.removeItem(atPath: directory + "/" + file) }
                continue
            }
            #expect(process.terminationStatus == 128 + SIGTERM, "\(output)")
            let beside = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0 != "points.geojson.gz" && $0 != "tmp" }
            #expect(beside.isEmpty, "\(output): \(beside)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty, "\(output): the unpacked copy is removed")
        }

        // Leftovers of a run killed with SIGKILL (whose process is gone) are swept by the
        // next run; a scratch file of a running process is not.
        let gone = "\(Int32.max - 7)"
        let leftovers = [".out.gpkg.tmp-\(gone)-1", ".out.gpkg.tmp-\(gone)-1-journal", ".out.dbf.scratch-\(gone)-2", ".out.csv.rows-\(gone)-3"]
        for name in leftovers { FileManager.default.createFile(atPath: directory + "/" + name, contents: Data("x".utf8)) }
        let alive = ".other.gpkg.tmp-\(getpid())-4"
        FileManager.default.createFile(atPath: directory + "/" + alive, contents: Data("x".utf8))
        try FileManager.default.createDirectory(atPath: scratch + "/geokit-\(gone)-5", withIntermediateDirectories: true)
        let converted = try run("/usr/bin/env", ["TMPDIR=\(scratch)/", Self.geokit, "convert", directory + "/points.geojson.gz", "-o", directory + "/swept.gpkg"])
        #expect(converted.status == 0, "\(converted.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".") }
        #expect(left == [alive], "\(left)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)
    }

    /// Finding 9: a small compressed file may not unpack to gigabytes.
    @Test func aDecompressionBombIsRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bomb = directory + "/bomb.geojson.gz"
        _ = try run("/bin/sh", ["-c", "head -c 200000000 /dev/zero | gzip -9 > '\(bomb)'"])
        let size = try FileManager.default.attributesOfItem(atPath: bomb)[.size] as? Int ?? 0
        #expect(size < 1_000_000)
        let scratch = directory + "/tmp"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let refused = try run("/usr/bin/env", ["TMPDIR=\(scratch)/", Self.geokit, "info", bomb])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("decompression bomb") && refused.stderr.contains("GEOKIT_UNPACK_RATIO"), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)
        // An absolute limit, set by the user.
        try FailureTests.points(2_000, at: directory + "/points.geojson")
        _ = try run(which("gzip")!, [directory + "/points.geojson"])
        let limited = try run("/usr/bin/env", ["GEOKIT_UNPACK_LIMIT=10000", Self.geokit, "info", directory + "/points.geojson.gz"])
        #expect(limited.status == 1 && limited.stderr.contains("more than 10000 bytes"), "\(limited.stderr)")
        let allowed = try run(Self.geokit, ["info", directory + "/points.geojson.gz"])
        #expect(allowed.status == 0 && allowed.stdout.contains("features:    2000"), "\(allowed.stdout)")
    }

    /// Finding 10, the smaller points.
    @Test func smallerFindingsAreNamedAndSafe() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A folder with a .zip that is none, a symbolic link and a note: each named.
        let folder = directory + "/in"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Paths.fixture("aed/koeln_aed_register.geojson"), toPath: folder + "/aed.geojson")
        try "not a zip".write(toFile: folder + "/bad_notzip.zip", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder + "/linked.geojson", withDestinationPath: Paths.fixture("aed/koeln_aed_register.geojson"))
        let converted = try run(Self.geokit, ["convert", folder, "-o", directory + "/out"])
        #expect(converted.status == 0)
        #expect(converted.stderr.contains("bad_notzip.zip (not a zip archive"), "\(converted.stderr)")
        #expect(converted.stderr.contains("linked.geojson (a symbolic link; --follow-symlinks reads it)"), "\(converted.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/out") == ["aed.geojson"])
        let followed = try run(Self.geokit, ["convert", folder, "-o", directory + "/followed", "--follow-symlinks"])
        let followedFiles = try FileManager.default.contentsOfDirectory(atPath: directory + "/followed").sorted()
        #expect(followed.status == 0 && followedFiles == ["aed.geojson", "linked.geojson"])

        // Zips made on Windows (backslashes) and a broken .dbf inside a zip.
        let script = """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1], "w")
            for ext in ["shp", "shx", "dbf"]:
                z.write(sys.argv[3] + "." + ext, "dir\\\\sub\\\\k." + ext)
            z.close()
            z = zipfile.ZipFile(sys.argv[2], "w")
            for ext in ["shp", "shx"]:
                z.write(sys.argv[3] + "." + ext, "k." + ext)
            z.writestr("k.dbf", b"\\x03broken")
            z.close()
            """
        let made = try run("/usr/bin/env", ["python3", "-c", script, directory + "/windows.zip", directory + "/broken.zip", Paths.fixture("shapefile/koeln_stadtbezirk")])
        #expect(made.status == 0, "\(made.stderr)")
        let windows = try run(Self.geokit, ["info", directory + "/windows.zip"])
        #expect(windows.status == 0 && windows.stdout.contains("layer:       k\n"), "\(windows.stdout)")
        // A member claiming more compressed bytes than the archive holds made ZIPFoundation,
        // the zip library GeoKit used before its own reader, read forever (found by
        // fuzzing; Tests/Fuzz/regressions/zip).
        let forged = try run(Self.geokit, ["info", Paths.repository + "/Tests/Fuzz/regressions/zip/member-larger-than-archive-hang"])
        #expect(forged.status == 1 && forged.stderr.contains("the archive is truncated or damaged"), "\(forged.stderr)")
        let endless = try run(Self.geokit, ["info", Paths.repository + "/Tests/Fuzz/regressions/zip/deflate-stream-never-ends-hang"])
        #expect(endless.status == 1 && endless.stderr.contains("unpacks to more than the 564 bytes it declares"), "\(endless.stderr)")
        let broken = try run(Self.geokit, ["info", directory + "/broken.zip"])
        #expect(broken.status == 1 && broken.stderr.contains(directory + "/broken.zip/k.dbf"), "\(broken.stderr)")
        #expect(broken.stderr.range(of: #"geokit-\d"#, options: .regularExpression) == nil, "the temporary copy is not named")
        // A truncated zip in a folder is a failed input with its error, not passed over.
        let cut = directory + "/cut"
        try FileManager.default.createDirectory(atPath: cut, withIntermediateDirectories: true)
        let whole = try Data(contentsOf: URL(fileURLWithPath: directory + "/windows.zip"))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: cut + "/half.zip"))
        let truncated = try run(Self.geokit, ["convert", cut, "-o", directory + "/cut-out"])
        #expect(truncated.status == 1 && truncated.stderr.contains("half.zip") && truncated.stderr.contains("no end of central directory"), "\(truncated.stderr)")

        // A CRS of 240 KB that PROJ does not read: a line, not the whole text.
        for ext in ["shp", "shx", "dbf"] {
            try FileManager.default.copyItem(atPath: Paths.fixture("shapefile/koeln_stadtbezirk.\(ext)"), toPath: directory + "/big.\(ext)")
        }
        try ("PROJCS[\"x\"," + String(repeating: "A", count: 240_000) + "]").write(toFile: directory + "/big.prj", atomically: true, encoding: .utf8)
        for output in ["big.gpkg", "big2.shp"] {
            let result = try run(Self.geokit, ["convert", directory + "/big.shp", "-o", directory + "/" + output])
            #expect(result.status == 1 && result.stderr.utf8.count < 1_000, "\(output): \(result.stderr.utf8.count) bytes")
            #expect(result.stderr.contains("the CRS of the data"), "\(result.stderr)")
        }

        // nearest names the layer its error is about.
        let nearest = try run(Self.geokit, ["nearest", directory + "/big.shp", "--at", "7,51"])
        #expect(nearest.status == 1 && nearest.stderr.contains(directory + "/big.shp"), "\(nearest.stderr)")

        // --csv-safe for spreadsheets.
        try "x,y,name,n\n6.9,50.9,=HYPERLINK(\"http://x\"),-3\n6.9,50.9,@SUM(A1),4\n6.9,50.9,plain,5\n".write(toFile: directory + "/f.csv", atomically: true, encoding: .utf8)
        let safe = try run(Self.geokit, ["convert", directory + "/f.csv", "-o", directory + "/safe.csv", "--csv-safe"])
        #expect(safe.status == 0)
        #expect(try String(contentsOfFile: directory + "/safe.csv", encoding: .utf8) == "x,y,name,n\n6.9,50.9,\"'=HYPERLINK(\"\"http://x\"\")\",-3\n6.9,50.9,'@SUM(A1),4\n6.9,50.9,plain,5\n")
        let unsafe = try run(Self.geokit, ["convert", directory + "/f.csv", "-o", directory + "/verbatim.csv"])
        let verbatim = try String(contentsOfFile: directory + "/verbatim.csv", encoding: .utf8)
        #expect(unsafe.status == 0 && verbatim.contains("=HYPERLINK(") && !verbatim.contains("'="))
        let notCSV = try run(Self.geokit, ["convert", directory + "/f.csv", "-o", directory + "/f.gpkg", "--csv-safe"])
        #expect(notCSV.status == 2)
    }
}
