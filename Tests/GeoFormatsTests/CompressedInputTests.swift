import Foundation
import GeoKit
import TestSupport
import Testing

/// Gzip-compressed GeoJSON and zipped shapefiles are read directly, with the original
/// file named in errors. Serialized: one test checks that no scratch folder is left.
@Suite(.serialized) struct CompressedInputTests {
    @Test func gzipAndZipFixturesReadLikeTheOriginals() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = Paths.fixture("aed/koeln_osm_aed.geojson")
        try FileManager.default.copyItem(atPath: source, toPath: directory + "/aed.geojson")
        #expect(try run("/bin/sh", ["-c", "gzip '\(directory)/aed.geojson'"]).status == 0)
        let original = try LayerIO.read(path: source).layer
        let inflated = try LayerIO.read(path: directory + "/aed.geojson.gz").layer
        #expect(inflated.features == original.features)
        #expect(inflated.name == "aed")
        #expect(VectorFormat(fileExtensionOf: "x.geojson.gz") == .geojson)

        // A zip with two shapefiles (one in a folder); the layer picks one.
        let zip = directory + "/koeln.zip"
        let script = """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED)
            for ext in ["shp", "shx", "dbf", "prj"]:
                z.write(sys.argv[2] + "." + ext, "stadtbezirk." + ext)
                z.write(sys.argv[2] + "." + ext, "copy/zweite." + ext)
            z.close()
            """
        let made = try run("/usr/bin/env", ["python3", "-c", script, zip, Paths.fixture("shapefile/koeln_stadtbezirk")])
        guard made.status == 0 else {
            Issue.record("python3 could not build the test archive: \(made.stderr)")
            return
        }
        #expect(VectorFormat.detect(path: zip) == .shapefile)
        let plain = try Shapefile.readLayer(atPath: Paths.fixture("shapefile/koeln_stadtbezirk.shp"))
        let zipped = try LayerIO.read(path: zip).layer
        #expect(zipped.features == plain.features)
        #expect(zipped.name == "stadtbezirk")
        #expect(try LayerIO.read(path: zip, layer: "zweite").layer.name == "zweite")
        #expect(throws: ReadError.self) { try LayerIO.read(path: zip, layer: "dritte") }
        // The scratch copies are gone once the readers are.
        let scratch = (try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())).filter { $0.hasPrefix("geokit-\(getpid())-") }
        #expect(scratch.isEmpty, "\(scratch)")
    }

    @Test func corruptCompressedInputsNameTheOriginalFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(atPath: Paths.fixture("admin/wesel_gemeinden_vg5000.geojson"), toPath: directory + "/g.geojson")
        #expect(try run("/bin/sh", ["-c", "gzip '\(directory)/g.geojson'"]).status == 0)
        let whole = try Data(contentsOf: URL(fileURLWithPath: directory + "/g.geojson.gz"))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: directory + "/cut.geojson.gz"))
        do {
            _ = try LayerIO.read(path: directory + "/cut.geojson.gz")
            Issue.record("a truncated gzip must not read")
        } catch {
            #expect(error.location.file == directory + "/cut.geojson.gz", "\(error)")
        }
        // Valid gzip around broken GeoJSON: the error names the .gz and the line.
        try "{\"type\": \"FeatureCollection\", \"features\": [\n{\"type\": \"Feature\", \"properties\": {}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [1]}}]}".write(toFile: directory + "/bad.geojson", atomically: true, encoding: .utf8)
        #expect(try run("/bin/sh", ["-c", "gzip '\(directory)/bad.geojson'"]).status == 0)
        do {
            _ = try LayerIO.read(path: directory + "/bad.geojson.gz")
            Issue.record("a bad position must not read")
        } catch {
            #expect(error.location.file == directory + "/bad.geojson.gz" && error.location.line == 2, "\(error)")
        }
        // A truncated file says so; a flipped byte in the CRC fails the checksum, not silently.
        do {
            _ = try LayerIO.read(path: directory + "/cut.geojson.gz")
        } catch {
            #expect(error.message.contains("ends early"), "\(error)")
        }
        var flipped = whole
        flipped[flipped.count - 6] ^= 0xFF
        try flipped.write(to: URL(fileURLWithPath: directory + "/crc.geojson.gz"))
        do {
            _ = try LayerIO.read(path: directory + "/crc.geojson.gz")
            Issue.record("a wrong checksum must not read")
        } catch {
            #expect(error.message.contains("checksum") && error.location.byteOffset != nil, "\(error)")
        }
        // Bytes after the last member that are not another member are an error.
        try (whole + Data("trailing".utf8)).write(to: URL(fileURLWithPath: directory + "/tail.geojson.gz"))
        #expect(throws: ReadError.self) { try LayerIO.read(path: directory + "/tail.geojson.gz") }
        try Data("not a zip".utf8).write(to: URL(fileURLWithPath: directory + "/x.zip"))
        #expect(VectorFormat.detect(path: directory + "/x.zip") == nil)
    }

    /// Two gzip members one after the other (`cat a.gz b.gz`) inflate to both, as
    /// `gzip -d` reads them; a CSV split in two members reads whole.
    @Test func concatenatedGzipMembersReadAsOne() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "name;lon;lat\nDom;6.958;50.941\n".write(toFile: directory + "/a.csv", atomically: true, encoding: .utf8)
        try "Rathaus;6.959;50.938\n".write(toFile: directory + "/b.csv", atomically: true, encoding: .utf8)
        let made = try run("/bin/sh", ["-c", "cd '\(directory)' && gzip -c a.csv > both.csv.gz && gzip -c b.csv >> both.csv.gz"])
        #expect(made.status == 0)
        let layer = try LayerIO.read(path: directory + "/both.csv.gz").layer
        #expect(layer.features.map { $0.properties["name"] } == [.string("Dom"), .string("Rathaus")])
    }

    /// The real `.geojson.gz` files under 1.2 MB (every one is also read, decompressed, by
    /// RealDataTests; this checks the direct gzip path against GDAL's /vsigzip/).
    @Test(.enabled(if: Paths.shared != nil, "../shared is not beside the repository"))
    func realGzipFilesReadWithGDALsCount() throws {
        let shared = Paths.shared!
        guard GDAL.tools(for: "realGzipFilesReadWithGDALsCount") != nil else { return }
        let data = shared + "/data"
        let files = ((try? FileManager.default.subpathsOfDirectory(atPath: data)) ?? []).filter { path in
            path.hasSuffix(".geojson.gz") && ((try? FileManager.default.attributesOfItem(atPath: data + "/" + path)[.size] as? Int) ?? 0) < 1_200_000
        }.sorted()
        #expect(files.count >= 2)
        for file in files {
            let reading = try LayerIO.read(path: data + "/" + file)
            let summary = try #require(try GDAL.summary(of: "/vsigzip/" + data + "/" + file))
            #expect(reading.layer.features.count == summary.count, "\(file)")
        }
    }
}
