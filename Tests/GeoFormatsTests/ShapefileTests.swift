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
        var umlauts = 0, dates = 0
        for file in files {
            let layer = try Shapefile.readLayer(atPath: file)
            let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            let summary = try #require(try GDAL.summary(of: file, layer: name))
            #expect(layer.features.count == summary.count, "\(name)")
            #expect(layer.fields.map(\.name) == summary.fields.map(\.name), "\(name)")
            #expect(layer.crs?.epsgCode == summary.epsg, "\(name): GDAL says EPSG \(summary.epsg.map(String.init) ?? "none")")
            // dBase dates are dates on both sides (VG5000's WSK, "wirksam seit").
            #expect(layer.fields.filter { $0.type == .date }.map(\.name) == summary.fields.filter { $0.type == "Date" }.map(\.name), "\(name)")
            dates += layer.fields.filter { $0.type == .date }.count
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
        #expect(dates > 0, "the VG5000 layers have date fields")
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

/// Shapefile writing, judged by GDAL, and reading what GDAL writes.
@Suite struct ShapefileWriterTests {
    /// The same rings, whichever way round each is stored.
    static func sameRings(_ a: Geometry?, _ b: Geometry?) -> Bool {
        func rings(_ g: Geometry?) -> [[Position]] {
            switch g {
            case .polygon(let r)?: r
            case .multiPolygon(let ps)?: ps.flatMap { $0 }
            default: []
            }
        }
        let left = rings(a), right = rings(b)
        return left.count == right.count && zip(left, right).allSatisfy { p, q in
            GDAL.nearlyEqual(.lineString(p), .lineString(q)) || GDAL.nearlyEqual(.lineString(p), .lineString(q.reversed()))
        }
    }

    @Test func gemeindenPolygonsGDALReadsTheSame() throws {
        let layer = try LayerIO.read(path: Paths.fixture("admin/wesel_gemeinden_vg5000.geojson")).layer
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/gemeinden.shp"
        let warnings = try Shapefile.write(layer, toPath: path)
        #expect(warnings.isEmpty)
        let back = try Shapefile.readLayer(atPath: path)
        #expect(back.crs == .epsg(4326))
        #expect(back.fields.map(\.name) == layer.fields.map(\.name))
        #expect(back.fields.map(\.type) == layer.fields.map(\.type))
        for (a, b) in zip(layer.features, back.features) {
            #expect(Self.sameRings(a.geometry, b.geometry))
            #expect(a.properties == b.properties)
        }
        // Shells are clockwise in the file.
        #expect(back.features.allSatisfy { f in
            if case .polygon(let rings)? = f.geometry { return ShapefileGeometry.isClockwise(rings[0]) }
            return true
        })
        guard GDAL.tools(for: "gemeindenPolygonsGDALReadsTheSame") != nil else { return }
        let summary = try #require(try GDAL.summary(of: path))
        #expect(summary.count == 13)
        #expect(summary.epsg == 4326)
        #expect(summary.geometryType == "Polygon")
        #expect(summary.fields.map(\.name) == layer.fields.map(\.name))
        let types = Dictionary(summary.fields.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
        #expect(types["GEN"] == "String" && types["ADE"] == "Integer")
        let gdal = try GDAL.features(of: path)
        for (a, b) in zip(layer.features, gdal) {
            #expect(Self.sameRings(a.geometry, b.geometry))
            #expect(a.properties["GEN"] == b.properties["GEN"] && a.properties["ADE"] == b.properties["ADE"])
        }
    }

    @Test func roofsInThreeDimensionsAndPointsKeepZCRSAndValues() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let roofs = try LayerIO.read(path: Paths.fixture("buildings/wesel_roofs_sample_25832.geojson")).layer
        let path = directory + "/roofs.shp"
        let warnings = try Shapefile.write(roofs, toPath: path)
        #expect(warnings.contains { $0.contains("\"building_id\" is named \"building_i\"") })
        let back = try Shapefile.readLayer(atPath: path)
        #expect(back.crs == .epsg(25832))
        #expect(zip(roofs.features, back.features).allSatisfy { Self.sameRings($0.geometry, $1.geometry) })
        #expect(back.features.allSatisfy { $0.geometry?.hasZ == true })
        let aeds = try LayerIO.read(path: Paths.fixture("aed/koeln_osm_aed.geojson")).layer
        let points = directory + "/aed.shp"
        try Shapefile.write(aeds, toPath: points)
        let aedBack = try Shapefile.readLayer(atPath: points)
        #expect(aedBack.features.map(\.geometry) == aeds.features.map(\.geometry))
        guard GDAL.tools(for: "roofsInThreeDimensionsAndPointsKeepZCRSAndValues") != nil else { return }
        let summary = try #require(try GDAL.summary(of: path))
        #expect(summary.geometryType == "3D Polygon")
        #expect(summary.epsg == 25832)
        #expect(summary.count == roofs.features.count)
        let gdal = try GDAL.features(of: path)
        #expect(zip(roofs.features, gdal).allSatisfy { Self.sameRings($0.geometry, $1.geometry) })
        #expect(try GDAL.summary(of: points)?.geometryType == "Point")
        #expect(try GDAL.features(of: points).map(\.geometry) == aeds.features.map(\.geometry))
    }

    @Test func whatDoesNotFitIsReportedNotLost() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let long = String(repeating: "Düsseldorf ", count: 40)  // 480 bytes
        let layer = Layer(name: "odd", crs: .epsg(4326), inferringFieldsFrom: [
            Feature(geometry: .point(Position(x: 6.77, y: 51.22)), properties: ["description_long": .string(long), "description_longer": .string("x"), "n": .integer(-12), "v": .double(0.125), "ok": .bool(true)]),
            Feature(geometry: nil, properties: ["description_long": .null, "description_longer": .null, "n": .null, "v": .null, "ok": .null]),
        ])
        let path = directory + "/odd.shp"
        let warnings = try Shapefile.write(layer, toPath: path)
        #expect(warnings.contains { $0.contains("\"description_long\" is named \"descriptio\"") })
        #expect(warnings.contains { $0.contains("\"description_longer\" is named \"descript_1\"") })
        #expect(warnings.contains { $0.contains("1 text values were cut to dBase's 254 bytes") })
        let back = try Shapefile.readLayer(atPath: path)
        #expect(back.features.count == 2)
        let cut = try #require(back.features[0].properties["descriptio"]?.stringValue)
        #expect(cut.utf8.count <= 254 && long.hasPrefix(cut) && cut.hasPrefix("Düsseldorf"))
        #expect(back.features[0].properties["n"] == .integer(-12))
        #expect(back.features[0].properties["v"] == .double(0.125))
        #expect(back.features[0].properties["ok"] == .bool(true))
        #expect(back.features[1].geometry == nil)
        #expect(back.features[1].properties["n"] == .null)
        // Mixed geometry families: refused before anything is written.
        let mixed = Layer(name: "mixed", inferringFieldsFrom: [
            Feature(geometry: .point(Position(x: 1, y: 2))),
            Feature(geometry: .lineString([Position(x: 1, y: 2), Position(x: 3, y: 4)])),
        ])
        #expect(throws: WriteError.self) { try Shapefile.write(mixed, toPath: directory + "/mixed.shp") }
        #expect(!FileManager.default.fileExists(atPath: directory + "/mixed.shp"))
        // An existing target needs overwrite; nothing else is touched.
        #expect(throws: WriteError.self) { try Shapefile.write(layer, toPath: path) }
        try Shapefile.write(layer, toPath: path, overwrite: true)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(left == ["odd.cpg", "odd.dbf", "odd.prj", "odd.shp", "odd.shx"], "\(left)")
    }

    @Test func readsWhatGDALWrites() throws {
        guard GDAL.tools(for: "readsWhatGDALWrites") != nil else { return }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for fixture in ["schools/koeln_osm_schools_sample.geojson", "admin/wesel_gemeinden_vg5000.geojson", "buildings/wesel_roofs_sample_25832.geojson"] {
            let source = Paths.fixture(fixture)
            let target = directory + "/" + ((fixture as NSString).lastPathComponent as NSString).deletingPathExtension + ".shp"
            let made = try run(which("ogr2ogr")!, ["-f", "ESRI Shapefile", target, source])
            #expect(made.status == 0, "\(made.stderr)")
            let ours = try GeoJSON.readLayer(atPath: source)
            let theirs = try Shapefile.readLayer(atPath: target)
            #expect(theirs.features.count == ours.features.count, "\(fixture)")
            for (a, b) in zip(ours.features, theirs.features) {
                if case .point = a.geometry { #expect(GDAL.nearlyEqual(a.geometry, b.geometry)) } else { #expect(Self.sameRings(a.geometry, b.geometry), "\(fixture)") }
            }
            let gdalFeatures = try GDAL.features(of: target)
            for (a, b) in zip(gdalFeatures, theirs.features) {
                for (key, value) in a.properties {
                    #expect(value == b.properties[key] ?? .null || value.doubleValue == b.properties[key]?.doubleValue, "\(fixture) \(key)")
                }
            }
        }
    }
}
