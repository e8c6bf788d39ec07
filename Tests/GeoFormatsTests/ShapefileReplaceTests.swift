import Foundation
import GeoKit
import TestSupport
import Testing

/// Overwriting a shapefile replaces the whole set: no reader sees old and new members
/// together, even when the replacement stops midway (issue 13, finding 7).
@Suite struct ShapefileReplaceTests {
    func layer(_ count: Int, crs: CRSReference?) -> Layer {
        Layer(name: "l", crs: crs, inferringFieldsFrom: (0..<count).map { i in
            Feature(geometry: .point(Position(x: 7 + Double(i) / 100, y: 51)), properties: ["n": .integer(Int64(i))])
        })
    }

    @Test func membersOfTheOldSetThatTheNewLacksAreRemoved() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.shp"
        try Shapefile.write(layer(3, crs: .epsg(4326)), toPath: path)
        for ext in ["qix", "sbn", "sbx"] { try Data("index of the old records".utf8).write(to: URL(fileURLWithPath: directory + "/s." + ext)) }
        try Shapefile.write(layer(5, crs: nil), toPath: path, overwrite: true)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(files == ["s.cpg", "s.dbf", "s.shp", "s.shx"], "a .prj of the old CRS or an index of old records would describe the new data wrongly")
        #expect(try LayerIO.read(path: path).layer.features.count == 5)
    }

    @Test func aReplacementStoppedMidwayLeavesNoReadableMix() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.shp"
        try Shapefile.write(layer(3, crs: nil), toPath: path)
        // The new .shx cannot be moved into place (a folder took its name): the
        // replacement stops after the .dbf.
        try FileManager.default.removeItem(atPath: directory + "/s.shx")
        try FileManager.default.createDirectory(atPath: directory + "/s.shx", withIntermediateDirectories: false)
        #expect(throws: WriteError.self) { try Shapefile.write(layer(5, crs: nil), toPath: path, overwrite: true) }
        // The old .shp went first, so the new .dbf is never read with old records.
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(throws: ReadError.self) { try LayerIO.read(path: path) }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "temporary members are removed: \(leftovers)")
    }
}
