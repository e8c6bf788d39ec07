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

/// Stand-alone checks on the Köln Stadtbezirke fixture (no ../shared needed).
@Suite struct ShapefileFixtureTests {
    @Test func kölnStadtbezirkeDecodeWindows1252AndTheirOddPRJ() throws {
        let layer = try Shapefile.readLayer(atPath: Paths.fixture("shapefile/koeln_stadtbezirk.shp"))
        #expect(layer.features.count == 9)
        #expect(layer.fields.map(\.name) == ["STB_NR", "STB_NAME", "SHAPE_AREA", "SHAPE_LEN"])
        #expect(layer.fields.map(\.type) == [.string, .string, .real, .real])
        let names = Set(layer.features.compactMap { $0.properties["STB_NAME"]?.stringValue })
        #expect(names.contains("Mülheim"), "language driver 87 is Windows-1252: \(names)")
        #expect(layer.features.allSatisfy { [.polygon, .multiPolygon].contains($0.geometry?.type) })
        // The custom UTM (False_Easting 2,500,000) has no EPSG code; PROJ still moves it
        // to where Köln is.
        guard case .other(let wkt)? = layer.crs else {
            Issue.record("expected the .prj's WKT, got \(String(describing: layer.crs))")
            return
        }
        let box = try Transformer(from: wkt, to: "EPSG:4326").transform(layer).boundingBox
        let b = try #require(box)
        #expect(b.minX > 6.7 && b.maxX < 7.2 && b.minY > 50.8 && b.maxY < 51.1, "\(b)")
        // Shells are clockwise in a shapefile; every polygon keeps its rings closed.
        for f in layer.features {
            f.geometry?.forEachPosition { _ in }
            if case .polygon(let rings)? = f.geometry { #expect(rings.allSatisfy { $0.first == $0.last && $0.count >= 4 }) }
        }
    }
}
