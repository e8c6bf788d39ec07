import Foundation
import GeoCore
import TestSupport
import Testing

/// The GeoJSON conformance corpora in `../shared/peer-suites/geojson` (geojson/schema,
/// mapbox/geojsonhint, mapbox/geojson-fixtures), driven by their `INDEX.json` verdicts.
@Suite struct PeerCorpusTests {
    /// Fixtures the index calls invalid (or "warning") that RFC 7946 lets a reader accept;
    /// GeoKit reads them and reports a warning instead. Each with the reason.
    static let acceptedWithWarning: [String: String] = [
        "geojsonhint/test/data/bad/bad-polygon-interiorring-rhr.geojson": "winding order is a SHOULD (RFC 7946 §3.1.6); a reader must accept either",
        "geojsonhint/test/data/bad/polygon_winding_order.geojson": "winding order is a SHOULD (RFC 7946 §3.1.6)",
        "geojsonhint/test/data/bad/point-toomany.geojson": "positions with more than 3 elements: §3.1.1 says parsers SHOULD NOT extend positions, extra values are dropped",
        "geojsonhint/test/data/bad/geometrycollection_nested.geojson": "nested GeometryCollections are a SHOULD avoid (RFC 7946 §3.1.8)",
        "geojsonhint/test/data/bad/geometrycollection_single.geojson": "single-member GeometryCollections are a SHOULD avoid (RFC 7946 §3.1.8)",
        "geojson-schema/test/fixtures/invalid/feature/no-properties.json": "a Feature without properties is read as one with none, as GDAL, Fiona and GeoPandas read it",
    ]

    struct Index: Decodable {
        let fixtures: [Entry]
    }

    struct Entry: Decodable {
        let path: String
        let expected: String
    }

    static func entries() -> [Entry] {
        guard let shared = Paths.shared,
              let data = FileManager.default.contents(atPath: shared + "/peer-suites/geojson/INDEX.json"),
              let index = try? JSONDecoder().decode(Index.self, from: data)
        else { return [] }
        return index.fixtures
    }

    @Test(.enabled(if: Paths.shared != nil, "../shared is absent: the GeoJSON peer corpora cannot be checked"))
    func corpusIsPresent() throws {
        #expect(Self.entries().count == 144)
    }

    @Test(.enabled(if: Paths.shared != nil, "../shared is not beside the repository"))
    func everyFixtureGetsItsVerdict() throws {
        let shared = Paths.shared!
        var accepted = 0, rejected = 0, warned = 0
        for entry in Self.entries() {
            let path = shared + "/peer-suites/geojson/" + entry.path
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let isAcceptedException = Self.acceptedWithWarning[entry.path] != nil
            if entry.expected == "valid" || isAcceptedException || entry.expected == "warning" {
                let document: GeoJSONDocument
                do { document = try GeoJSON.decode(data, file: path) } catch {
                    Issue.record("valid fixture rejected: \(error)")
                    continue
                }
                // Round trip: write and read back, same object.
                let features = document.object.features
                let written = try GeoJSON.encode(Layer(name: "t", crs: document.crs, inferringFieldsFrom: features))
                let again = try GeoJSON.decode(written)
                #expect(again.object.features == features, "\(entry.path)")
                if isAcceptedException || entry.expected == "warning" {
                    #expect(!document.warnings.isEmpty, "\(entry.path) accepted without a warning")
                    #expect(Self.acceptedWithWarning[entry.path] != nil, "\(entry.path) is a warning fixture missing from the list")
                    warned += 1
                } else {
                    accepted += 1
                }
            } else {
                do {
                    _ = try GeoJSON.decode(data, file: path)
                    Issue.record("invalid fixture accepted: \(entry.path)")
                } catch {
                    #expect(!error.message.isEmpty)
                    #expect(error.location.line != nil)
                    rejected += 1
                }
            }
        }
        #expect(accepted == 65)
        #expect(warned == 6)
        #expect(rejected == 73)
    }
}

