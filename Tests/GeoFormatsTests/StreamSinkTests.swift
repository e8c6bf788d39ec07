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
        let sink = GeoJSONSink(layer: LayerDescription(name: "points", crs: .epsg(25832), fields: store.schema.fields)) { chunk in
            buffer.bytes += chunk
            buffer.chunks += 1
        }
        try sink.write(contentsOf: page.features)
        try sink.finish()
        let document = try GeoJSON.decode(String(decoding: buffer.bytes, as: UTF8.self))
        #expect(document.object.features == page.features && buffer.chunks >= 1)
        // A stream that fails (the client went away) is a write error with the cause.
        struct Gone: Error {}
        let failing = GeoJSONSink(layer: LayerDescription(name: "x", crs: .crs84, fields: []), sequence: true) { _ in throw Gone() }
        do {
            try failing.write(contentsOf: page.features)
            try failing.finish()
            Issue.record("a failing stream must fail the sink")
        } catch {
            #expect(error.cause is Gone && error.file == "x", "\(error)")
        }
    }
}
