import Foundation
import GeoKit
import TestSupport
import Testing

/// Shapefile reading, judged by GDAL on the real shapefiles of `../shared/data`: the same
/// count, field names, CRS, attribute values (umlauts included) and geometries.
@Suite struct ShapefileTests {
    static func realShapefiles() -> [String] {
        guard let shared = Paths.shared else { return [] }
        var files: [String] = []
        for folder in ["/data/koeln_shp", "/data/admin/bkg_vg5000_2021_shp"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: shared + folder)) ?? []
            files += names.filter { $0.hasSuffix(".shp") }.sorted().map { shared + folder + "/" + $0 }
        }
        return files
    }

    @Test func everyRealShapefileReadsAsGDALReadsIt() throws {
        guard Paths.shared != nil else {
            print("SKIPPED ShapefileTests: ../shared/data is not beside the repository")
            return
        }
        guard GDAL.tools(for: "everyRealShapefileReadsAsGDALReadsIt") != nil else { return }
        let files = Self.realShapefiles()
        #expect(files.count >= 13)
        var umlauts = 0
        for file in files {
            let layer = try Shapefile.readLayer(atPath: file)
            let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            let summary = try #require(try GDAL.summary(of: file, layer: name))
            #expect(layer.features.count == summary.count, "\(name)")
            #expect(layer.fields.map(\.name) == summary.fields.map(\.name), "\(name)")
            #expect(layer.crs?.epsgCode == summary.epsg, "\(name): GDAL says EPSG \(summary.epsg.map(String.init) ?? "none")")
            let gdal = try GDAL.features(of: file, layer: name)
            #expect(gdal.count == layer.features.count)
            var mismatches = 0
            for (ours, theirs) in zip(layer.features, gdal) {
                if !GDAL.nearlyEqual(ours.geometry, theirs.geometry) { mismatches += 1 }
                for (key, value) in theirs.properties {
                    let mine = ours.properties[key] ?? .null
                    if value != mine, !(value.doubleValue != nil && value.doubleValue == mine.doubleValue) {
                        mismatches += 1
                        if mismatches < 4 { Issue.record("\(name) \(key): GDAL \(value), GeoKit \(mine)") }
                    }
                }
                if ours.properties.values.contains(where: { $0.stringValue?.contains(where: { "äöüÄÖÜß".contains($0) }) ?? false }) { umlauts += 1 }
            }
            #expect(mismatches == 0, "\(name): \(mismatches) geometries or values differ from GDAL's")
        }
        #expect(umlauts > 100, "German names (Köln, Düsseldorf…) decode from UTF-8 and Windows-1252 files")
    }

    @Test func badShapefilesGiveClearErrors() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Not a shapefile.
        let fake = directory + "/fake.shp"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: fake))
        #expect(throws: ReadError.self) { try Shapefile.readLayer(atPath: fake) }
        guard let shared = Paths.shared else {
            print("SKIPPED truncated shapefile check: ../shared/data not present")
            return
        }
        // A truncated copy: the error names the record's byte offset and feature index.
        let source = shared + "/data/koeln_shp/Stadtteil"
        let data = try Data(contentsOf: URL(fileURLWithPath: source + ".shp"))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: directory + "/cut.shp"))
        try FileManager.default.copyItem(atPath: source + ".dbf", toPath: directory + "/cut.dbf")
        do {
            _ = try Shapefile.readLayer(atPath: directory + "/cut.shp")
            Issue.record("a truncated shapefile must not read")
        } catch {
            #expect(error.location.featureIndex != nil && error.location.byteOffset != nil)
            #expect(error.description.contains("cut.shp"))
        }
    }
}
