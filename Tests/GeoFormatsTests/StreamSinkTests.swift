import Foundation
import GeoKit
import TestSupport
import Testing

/// Sinks that write to a byte stream, as a server writes a response body.
@Suite struct StreamSinkTests {
    final class Buffer: @unchecked Sendable {
        var bytes: [UInt8] = []
        var chunks = 0
    }

    @Test func aStorePageStreamsAsGeoJSON() async throws {
        let store = LayerStore(StoreConformance.layer)
        let page = try await store.features(matching: FeatureQuery(predicate: try FeaturePredicate(parsing: "count > 40"), limit: 50))
        let buffer = Buffer()
        let sink = GeoJSONSink(layer: LayerSchema(name: "points", crs: .epsg(25832), fields: store.schema.fields)) { chunk in
            buffer.bytes += chunk
            buffer.chunks += 1
        }
        try sink.write(contentsOf: page.features)
        try sink.finish()
        let document = try GeoJSON.decode(String(decoding: buffer.bytes, as: UTF8.self))
        #expect(document.object.features == page.features && buffer.chunks >= 1)
        // A stream that fails (the client went away) is a write error with the cause.
        struct Gone: Error {}
        let failing = GeoJSONSink(layer: LayerSchema(name: "x", crs: .crs84, fields: []), sequence: true) { _ in throw Gone() }
        do {
            try failing.write(contentsOf: page.features)
            try failing.finish()
            Issue.record("a failing stream must fail the sink")
        } catch {
            #expect(error.cause is Gone && error.file == "x", "\(error)")
        }
    }

    /// Every built-in format that is one file writes to a stream the same bytes (GeoJSON,
    /// CSV) or the same features (GeoPackage, built in a temporary folder) as to a path.
    @Test func everyOneFileFormatWritesToAStream() throws {
        let read = try GeoJSON.readLayer(atPath: Paths.fixture("aed/koeln_aed_register.geojson"))
        let directory = try temporaryDirectory()
        for format in [VectorFormat.geojson, .geojsonSeq, .csv, .geopackage] {
            // What LayerIO.write hands a table format: the ids kept in a field.
            let layer = format.isTable ? read.carryingIDsAsField() : read
            let buffer = Buffer()
            let sink = try format.driver.makeSink(layer: LayerSchema(of: layer)) { chunk in
                buffer.bytes += chunk
                buffer.chunks += 1
            }
            try sink.write(contentsOf: layer.features)
            try sink.finish()
            let path = directory + "/direct." + format.driver.fileExtensions[0]
            try LayerIO.write(layer, toPath: path, format: format, overwrite: false)
            let streamed = directory + "/streamed." + format.driver.fileExtensions[0]
            #expect(FileManager.default.createFile(atPath: streamed, contents: Data(buffer.bytes)))
            if format == .geopackage {
                let a = try LayerIO.read(path: path).layer, b = try LayerIO.read(path: streamed).layer
                #expect(a.features == b.features && a.fields == b.fields && a.crs == b.crs && b.features.count == 121)
            } else {
                #expect(buffer.bytes == [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), "\(format)")
            }
        }
    }

    @Test func aShapefileIsRefusedAndAFailingStreamIsAnError() throws {
        let schema = LayerSchema(name: "x", crs: .crs84, fields: [])
        #expect {
            _ = try VectorFormat.shapefile.driver.makeSink(layer: schema) { _ in }
        } throws: { "\($0)".contains("several files") }
        // A GeoPackage built for a stream that fails: the error has the cause.
        struct Gone: Error {}
        do {
            let sink = try VectorFormat.geopackage.driver.makeSink(layer: schema) { _ in throw Gone() }
            try sink.write(Feature(geometry: .point(Position(x: 7, y: 51))))
            try sink.finish()
            Issue.record("a failing stream must fail the sink")
        } catch {
            #expect(error.cause is Gone, "\(error)")
        }
    }

    /// A format registered from outside gets a stream sink without writing one.
    @Test func aRegisteredFormatStreamsThroughATemporaryFile() throws {
        let buffer = Buffer()
        let sink = try WKTLinesDriver().makeSink(layer: LayerSchema(name: "l", crs: .crs84, fields: [])) { buffer.bytes += $0 }
        try sink.write(contentsOf: [Feature(geometry: .point(Position(x: 1, y: 2))), Feature(geometry: .point(Position(x: 3, y: 4)))])
        try sink.finish()
        #expect(String(decoding: buffer.bytes, as: UTF8.self) == "POINT (1 2)\nPOINT (3 4)\n")
    }

    /// What a sink learns before the first feature: a scan and a layer give the extent and
    /// the count (GML's `numberMatched` and `boundedBy`).
    @Test func schemasCarryExtentAndCountBeforeTheFirstFeature() throws {
        let path = Paths.fixture("aed/koeln_aed_register.geojson")
        let scanned = try LayerSchema.scanning(try GeoJSONSource(path: path))
        let layer = try GeoJSON.readLayer(atPath: path)
        let described = LayerSchema(of: layer)
        #expect(scanned.featureCount == 121 && described.featureCount == 121)
        #expect(scanned.extent == layer.boundingBox && described.extent == layer.boundingBox && layer.boundingBox != nil)
        #expect(scanned.geometryType == .point && scanned.geometryTypes == [.point])
        #expect(scanned.fields.map(\.name) == described.fields.map(\.name))
        // Setting one type sets the set; a mixed set has no single type.
        var mixed = scanned
        mixed.geometryTypes = [.point, .lineString]
        #expect(mixed.geometryType == nil)
        mixed.geometryType = .polygon
        #expect(mixed.geometryTypes == [.polygon])
    }
}
