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
}
