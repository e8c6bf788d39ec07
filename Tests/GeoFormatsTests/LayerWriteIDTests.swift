import Foundation
import GeoKit
import TestSupport
import Testing

/// Writing a whole layer to a table format keeps its feature ids: before, the GeoPackage,
/// Shapefile and CSV writers numbered the rows and the GeoJSON ids were gone.
@Suite struct LayerWriteIDTests {
    static let layer = Layer(name: "aed", crs: .crs84, features: [
        Feature(id: "DE-KOE-7", geometry: .point(Position(x: 6.95, y: 50.94)), properties: ["name": "Dom"]),
        Feature(id: "DE-KOE-9", geometry: .point(Position(x: 6.96, y: 50.93)), properties: ["name": "Rathaus"]),
    ], fields: [Field(name: "name", type: .string)])

    @Test func everyTableFormatKeepsStringIDs() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for format in [VectorFormat.geopackage, .shapefile, .csv] {
            let path = directory + "/aed." + format.fileExtension
            try LayerIO.write(Self.layer, toPath: path, format: format, overwrite: false)
            let back = try LayerIO.read(path: path).layer
            #expect(back.features.map { $0[property: "id"]?.stringValue } == ["DE-KOE-7", "DE-KOE-9"], "\(format)")
            #expect(back.features.map { $0[property: "name"]?.stringValue } == ["Dom", "Rathaus"], "\(format)")
        }
        // The format's own whole-layer writers take the same path.
        try GeoPackageWriter.write(Self.layer, toPath: directory + "/direct.gpkg")
        #expect(try GeoPackage.readLayer(atPath: directory + "/direct.gpkg").fields.map(\.name) == ["name", "id"])
        try CSV.write(Self.layer, toPath: directory + "/direct.csv")
        #expect(try String(contentsOfFile: directory + "/direct.csv", encoding: .utf8).contains("DE-KOE-9"))
    }

    @Test func idsThatRowNumbersGiveBackAddNoField() throws {
        var numbered = Self.layer
        numbered.features[0].id = 1
        numbered.features[1].id = 2
        #expect(numbered.carryingIDsAsField() == numbered)
        var gap = numbered
        gap.features[1].id = 5
        let carried = gap.carryingIDsAsField()
        #expect(carried.fields.last == Field(name: "id", type: .integer) && carried.features[1][property: "id"] == 5)
        // A layer with an id field of its own keeps it; no second column.
        var own = Self.layer
        own.fields.append(Field(name: "id", type: .integer))
        own.features[0].properties["id"] = 70
        #expect(own.carryingIDsAsField() == own)
        // Its ids cannot be kept, and the writers say so instead of dropping them silently.
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for warnings in [try LayerIO.write(own, toPath: directory + "/own.shp", format: .shapefile, overwrite: false),
                         try GeoPackageWriter.write(own, toPath: directory + "/own.gpkg"),
                         try CSV.write(own, toPath: directory + "/own.csv")] {
            #expect(warnings.contains { $0.contains("feature ids are not kept") }, "\(warnings)")
        }
        #expect(try GeoPackageWriter.write(numbered, toPath: directory + "/numbered.gpkg").isEmpty)
    }
}
