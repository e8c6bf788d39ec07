import Foundation
import GeoKit
import TestSupport
import Testing

/// Date and date-time fields keep their type through GeoPackage and Shapefile, both ways,
/// as GDAL reads them; values are ISO 8601 text in GeoKit.
@Suite struct DateFieldTests {
    static func layer() -> Layer {
        let fields = [Field(name: "name", type: .string), Field(name: "checked", type: .date), Field(name: "edited", type: .dateTime)]
        let rows: [(String, JSONValue, JSONValue)] = [
            ("Rathaus", .string("2024-01-31"), .string("2024-01-31T12:30:00Z")),
            ("Dom", .null, .string("2023-12-24T08:00:00Z")),
        ]
        let features = rows.enumerated().map { i, row in
            Feature(geometry: .point(Position(x: 6.95 + Double(i) * 0.01, y: 50.94)),
                    properties: ["name": .string(row.0), "checked": row.1, "edited": row.2])
        }
        return Layer(name: "checks", crs: .epsg(4326), features: features, fields: fields)
    }

    @Test func geoPackageDeclaresDateAndDateTime() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/checks.gpkg"
        try GeoPackageWriter.write(Self.layer(), toPath: path)
        let back = try GeoPackage.readLayer(atPath: path)
        #expect(back.fields.map(\.type) == [.string, .date, .dateTime])
        #expect(back.features.map { $0.properties } == Self.layer().features.map { $0.properties })
        guard GDAL.tools(for: "geoPackageDeclaresDateAndDateTime") != nil else { return }
        let summary = try #require(try GDAL.summary(of: path))
        let types = Dictionary(summary.fields.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
        #expect(types["checked"] == "Date" && types["edited"] == "DateTime", "\(types)")
        let features = try GDAL.features(of: path)
        #expect(features.first?.properties["checked"] == .string("2024-01-31"))
        #expect(features.last?.properties["checked"] == .null)
    }

    @Test func shapefileWritesDatesAsDBaseDates() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/checks.shp"
        var layer = Self.layer()
        layer.features.append(Feature(geometry: .point(Position(x: 7, y: 51)), properties: ["name": "Bad", "checked": "soon", "edited": .null]))
        let warnings = try Shapefile.write(layer, toPath: path)
        #expect(warnings.contains { $0.contains("1 values of date fields were not dates") }, "\(warnings)")
        let back = try Shapefile.readLayer(atPath: path)
        // dBase has dates but no date-times: those stay ISO 8601 text.
        #expect(back.fields.map(\.type) == [.string, .date, .string])
        #expect(back.features.map { $0.properties["checked"] } == [.string("2024-01-31"), .null, .null])
        #expect(back.features[0].properties["edited"] == .string("2024-01-31T12:30:00Z"))
        guard GDAL.tools(for: "shapefileWritesDatesAsDBaseDates") != nil else { return }
        let summary = try #require(try GDAL.summary(of: path))
        let types = Dictionary(summary.fields.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
        #expect(types["checked"] == "Date", "\(types)")
        #expect(try GDAL.features(of: path).first?.properties["checked"] == .string("2024-01-31"))
    }

    @Test func datesWidenLikeText() {
        #expect(FieldType.date.widened(with: .null) == .date)
        #expect(FieldType.date.widened(with: .dateTime) == .dateTime)
        #expect(FieldType.date.widened(with: .integer) == .string)
        #expect(FieldType.string.widened(with: .dateTime) == .string)
        // Text is never taken for a date: only formats that declare dates make them.
        #expect(FieldType(of: .string("2024-01-31")) == .string)
    }
}
