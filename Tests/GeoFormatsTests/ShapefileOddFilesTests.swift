import Foundation
import GeoKit
import TestSupport
import Testing

/// Shapefiles as they come: MultiPatch read as GDAL reads it, and a .shx or .dbf that
/// disagrees with the .shp named in a warning.
@Suite struct ShapefileOddFilesTests {
    @Test func multiPatchReadsAsGDALReadsIt() throws {
        let path = Paths.fixture("multipatch/multipatch.shp")
        let reading = try LayerIO.read(path: path)
        #expect(reading.layer.features.map { $0.properties["what"] } == ["strip", "fan", "outer and inner", "first and ring"])
        // GDAL reads strips and fans as TINs (which its GeoJSON writer drops), the rings as
        // multipolygons: compared as WKT, a TIN's triangles are a multipolygon's polygons.
        let info = try run(which("ogrinfo")!, ["-ro", "-al", "-q", path])
        let theirs = info.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("TIN") || $0.hasPrefix("MULTIPOLYGON") }
            .map { $0.replacingOccurrences(of: "TIN Z", with: "MULTIPOLYGON Z") }
        #expect(theirs.count == 4, "\(info.stdout)")
        for (ours, wkt) in zip(reading.layer.features, theirs) {
            let mine = WKT.encode(ours.geometry!).replacingOccurrences(of: ", ", with: ",")
            #expect(mine == wkt, "\(ours.properties["what"]!)")
        }
        #expect(reading.layer.features[0].geometry == .multiPolygon([
            [[Position(x: 0, y: 0, z: 1), Position(x: 1, y: 0, z: 1), Position(x: 0, y: 1, z: 2), Position(x: 0, y: 0, z: 1)]],
            [[Position(x: 1, y: 0, z: 1), Position(x: 0, y: 1, z: 2), Position(x: 1, y: 1, z: 2), Position(x: 1, y: 0, z: 1)]],
        ]))
    }

    @Test func anIndexOrTableThatDisagreesIsNamed() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for ext in ["shp", "shx", "dbf", "prj"] {
            try FileManager.default.copyItem(atPath: Paths.fixture("shapefile/koeln_stadtbezirk.\(ext)"), toPath: directory + "/k.\(ext)")
        }
        #expect(try LayerIO.read(path: directory + "/k.shp").warnings.isEmpty, "the fixture agrees with itself")
        // An index of another run: two records fewer.
        let shx = try Data(contentsOf: URL(fileURLWithPath: directory + "/k.shx"))
        try shx.prefix(shx.count - 16).write(to: URL(fileURLWithPath: directory + "/k.shx"))
        let short = try LayerIO.read(path: directory + "/k.shp")
        #expect(short.layer.features.count == 9)
        #expect(short.warnings.contains { $0.message.contains("the .shx indexes 7 records, the .shp holds 9") }, "\(short.warnings)")
        // An index whose offsets point elsewhere.
        var moved = shx
        moved[100 + 8 * 3 + 3] ^= 0x04
        try moved.write(to: URL(fileURLWithPath: directory + "/k.shx"))
        let wrong = try LayerIO.read(path: directory + "/k.shp")
        #expect(wrong.warnings.contains { $0.message.contains("record 3") && $0.location.featureIndex == 3 }, "\(wrong.warnings)")
        // A .dbf with a record count of 8.
        try shx.write(to: URL(fileURLWithPath: directory + "/k.shx"))
        var dbf = try Data(contentsOf: URL(fileURLWithPath: directory + "/k.dbf"))
        dbf[4] = 8
        try dbf.write(to: URL(fileURLWithPath: directory + "/k.dbf"))
        let table = try LayerIO.read(path: directory + "/k.shp")
        #expect(table.warnings.contains { $0.message.contains("the .dbf holds 8 records and the .shp 9") }, "\(table.warnings)")
    }

    @Test func aBareDBaseFileIsATableWithoutGeometry() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(atPath: Paths.fixture("shapefile/koeln_stadtbezirk.dbf"), toPath: directory + "/bezirke.dbf")
        let reading = try LayerIO.read(path: directory + "/bezirke.dbf")
        #expect(reading.layer.features.count == 9)
        #expect(reading.layer.features.allSatisfy { $0.geometry == nil })
        #expect(reading.layer.features.contains { $0.properties["STB_NAME"] == "Mülheim" }, "Windows-1252 decoded by the language driver")
        let output = directory + "/bezirke.gpkg"
        let source = try VectorFormat.identify(path: directory + "/bezirke.dbf").openSource(path: directory + "/bezirke.dbf")
        #expect(!source.hasGeometry)
        var description = LayerSchema(name: source.layerName, crs: nil, fields: source.declaredFields ?? [])
        description.hasGeometry = source.hasGeometry
        let sink = try VectorFormat.geopackage.makeSink(path: output, layer: description)
        while let f = try source.next() { try sink.write(f) }
        try sink.finish()
        let gdal = try #require(try GDAL.summary(of: output))
        #expect(gdal.count == 9 && gdal.geometryType == "None")
    }
}
