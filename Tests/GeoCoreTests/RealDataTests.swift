import Foundation
import GeoCore
import TestSupport
import Testing

/// Every real GeoJSON file in `../shared/data` is read with the feature count that GDAL's
/// `ogrinfo -so -al` reports, and written back to GeoJSON that `ogrinfo` reads with the
/// same count and field names. Skips, saying why, when `../shared` or `ogrinfo` is absent.
@Suite struct RealDataTests {
    static func realFiles() -> [String] {
        guard let shared = Paths.shared else { return [] }
        let data = shared + "/data"
        let all = (try? FileManager.default.subpathsOfDirectory(atPath: data)) ?? []
        return all.filter { $0.hasSuffix(".geojson") || $0.hasSuffix(".geojson.gz") }.sorted().map { data + "/" + $0 }
    }

    /// `ogrinfo -so -al` of a file: feature count and field names.
    static func ogrSummary(_ path: String, ogrinfo: String) throws -> (count: Int, fields: [String]) {
        let source = path.hasSuffix(".gz") ? "/vsigzip/" + path : path
        let result = try run(ogrinfo, ["-ro", "-so", "-al", source])
        #expect(result.status == 0, "ogrinfo failed on \(path): \(result.stderr)")
        var count = -1
        var fields: [String] = []
        let types = ["String", "Integer", "Integer64", "Real", "Date", "DateTime", "Time", "StringList", "IntegerList", "Integer64List", "RealList", "Binary"]
        for line in result.stdout.split(separator: "\n") {
            if line.hasPrefix("Feature Count: ") { count = Int(line.dropFirst("Feature Count: ".count)) ?? -1 }
            // Field lines: "name: Type (width.precision)" or "name: Integer(Boolean) (0.0)";
            // names may contain ':'.
            guard let separator = line.range(of: ": ", options: .backwards) else { continue }
            let rest = line[separator.upperBound...]
            guard let word = rest.split(separator: " ").first, let type = word.split(separator: "(").first,
                  types.contains(String(type)), rest.contains("(") else { continue }
            fields.append(String(line[..<separator.lowerBound]))
        }
        return (count, fields)
    }

    /// The file's bytes, decompressed with gzip when it ends in `.gz`.
    static func plainCopy(of path: String, in directory: String) throws -> String {
        guard path.hasSuffix(".gz") else { return path }
        let target = directory + "/" + ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let result = try run("/bin/sh", ["-c", "gzip -dc '\(path)' > '\(target)'"])
        #expect(result.status == 0)
        return target
    }

    @Test func everyRealGeoJSONFileMatchesOGRInfo() throws {
        guard Paths.shared != nil else {
            print("SKIPPED RealDataTests: ../shared/data is not beside the repository")
            return
        }
        guard let ogrinfo = which("ogrinfo") else {
            print("SKIPPED RealDataTests: ogrinfo (Debian gdal-bin) is not installed; `make test` installs it")
            return
        }
        let files = Self.realFiles()
        #expect(files.count >= 25, "expected the real GeoJSON files of ../shared/data")
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var checked = 0
        for path in files {
            let plain = try Self.plainCopy(of: path, in: directory)
            let layer = try GeoJSON.readLayer(atPath: plain)
            let reference = try Self.ogrSummary(path, ogrinfo: ogrinfo)
            #expect(layer.features.count == reference.count, "\(path): ours \(layer.features.count), ogrinfo \(reference.count)")
            // GDAL turns string feature ids into an extra "id" field (integer ids become its
            // FID); GeoKit keeps them as Feature.id.
            let ours = Set(layer.fields.map(\.name))
            let hasIDs = layer.features.contains { $0.id != nil } && !ours.contains("id")
            #expect(Set(reference.fields).subtracting(hasIDs ? ["id"] : []) == ours,
                    "\(path): ogrinfo fields \(reference.fields.count), ours \(ours.count): \(Set(reference.fields).symmetricDifference(ours))")
            // Write back; GDAL must read the same count and the same fields.
            let out = directory + "/roundtrip-\(checked).geojson"
            try GeoJSON.write(layer, toPath: out)
            let written = try Self.ogrSummary(out, ogrinfo: ogrinfo)
            #expect(written.count == reference.count, "\(path): written file has \(written.count) features in ogrinfo")
            #expect(Set(written.fields) == Set(reference.fields), "\(path): fields differ after writing: \(Set(reference.fields).symmetricDifference(written.fields))")
            // And we read our own output back identically.
            let again = try GeoJSON.readLayer(atPath: out)
            #expect(again.features == layer.features, "\(path): features changed in the round trip")
            try? FileManager.default.removeItem(atPath: out)
            if plain != path { try? FileManager.default.removeItem(atPath: plain) }
            checked += 1
        }
        #expect(checked == files.count)
    }
}
