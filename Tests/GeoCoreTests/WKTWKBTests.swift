import Foundation
import GeoCore
import TestSupport
import Testing

@Suite struct WKTWKBTests {
    static let samples: [String] = [
        "POINT (7.1 50.9)",
        "POINT Z (1 2 3)",
        "POINT EMPTY",
        "LINESTRING (0 0, 1 1, 2 0.5)",
        "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))",
        "MULTIPOINT ((1 2), (3 4))",
        "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))",
        "MULTIPOLYGON Z (((0 0 1, 1 0 1, 1 1 1, 0 0 1)), ((5 5 2, 6 5 2, 6 6 2, 5 5 2)))",
        "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))",
        "GEOMETRYCOLLECTION EMPTY",
        "POLYGON EMPTY",
    ]

    @Test(arguments: samples)
    func wktRoundTripsThroughWKTAndWKB(_ text: String) throws {
        let g = try WKT.decode(text)
        #expect(WKT.encode(g) == text)
        #expect(try WKB.decode(WKB.encode(g)) == g)
        #expect(try WKB.decode(hex: WKB.encodeHex(g)) == g)
    }

    @Test func wktVariantsAreRead() throws {
        #expect(try WKT.decode("point(1 2)") == .point(Position(x: 1, y: 2)))
        #expect(try WKT.decode("MULTIPOINT (1 2, 3 4)") == .multiPoint([Position(x: 1, y: 2), Position(x: 3, y: 4)]))
        #expect(try WKT.decode("POINT ZM (1 2 3 4)") == .point(Position(x: 1, y: 2, z: 3)))
        #expect(try WKT.decode("POINT M (1 2 4)") == .point(Position(x: 1, y: 2)))
        #expect(try WKT.decode("POINTZ (1 2 3)") == .point(Position(x: 1, y: 2, z: 3)))
        let (g, srid) = try WKT.decodeWithSRID("SRID=25832;POINT(356000 5645000)")
        #expect(srid == 25832)
        #expect(g == .point(Position(x: 356_000, y: 5_645_000)))
        #expect(WKT.encode(.point(Position(x: 0.1, y: 1e-7))) == "POINT (0.1 1e-07)")
    }

    @Test func badWKTNamesTheColumn() {
        let cases: [(String, Int, String)] = [
            ("POINT (1)", 9, "expected a number"),
            ("POLYGON ((0 0, 1 0, 1 1, 0 0)", 30, "expected ',' or ')'"),
            ("POINT (1 2) trailing", 13, "unexpected text"),
            ("PUNKT (1 2)", 1, "unknown geometry type \"PUNKT\""),
            ("POLYGON ((0 0, 1 0, 1 1, 0 1))", 1, "must be closed"),
            ("LINESTRING (1 a)", 15, "expected a number"),
        ]
        for (text, column, message) in cases {
            do {
                _ = try WKT.decode(text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.location.column == column, "\(text): \(error)")
                #expect(error.message.contains(message), "\(text): \(error)")
            }
        }
    }

    @Test func wkbReadsBothByteOrdersAndEWKB() throws {
        // Big-endian POINT(1 2).
        let xdr: [UInt8] = [0, 0, 0, 0, 1] + [0x3F, 0xF0, 0, 0, 0, 0, 0, 0] + [0x40, 0, 0, 0, 0, 0, 0, 0]
        #expect(try WKB.decode(xdr) == .point(Position(x: 1, y: 2)))
        // PostGIS EWKB: SRID 4326, Z flag.
        let ewkb = try WKB.decodeWithSRID(hexBytes("01010000A0E6100000000000000000F03F00000000000000400000000000000840"))
        #expect(ewkb.srid == 4326)
        #expect(ewkb.geometry == .point(Position(x: 1, y: 2, z: 3)))
    }

    @Test func badWKBNamesTheByteOffset() {
        let valid = WKB.encode(.lineString([Position(x: 0, y: 0), Position(x: 1, y: 1)]))
        let cases: [([UInt8], Int, String)] = [
            (Array(valid.prefix(20)), 5, "truncated WKB"),
            (valid + [0], valid.count, "unexpected bytes"),
            ([7] + valid.dropFirst(), 0, "byte-order"),
            ([1, 99, 0, 0, 0], 1, "unknown WKB geometry type code 99"),
            ([1, 2, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F], 5, "announced"),
        ]
        for (bytes, offset, message) in cases {
            do {
                _ = try WKB.decode(bytes)
                Issue.record("accepted \(bytes)")
            } catch {
                #expect(error.location.byteOffset == offset, "\(error)")
                #expect(error.message.contains(message), "\(error)")
            }
        }
    }

    func hexBytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var chars = Array(hex.utf8)[...]
        while chars.count >= 2 {
            result.append(UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16)!)
            chars = chars.dropFirst(2)
        }
        return result
    }
}

@Suite struct CodableTests {
    @Test func featureCollectionsWorkInsideUserPayloads() throws {
        struct Response: Codable, Equatable {
            var query: String
            var results: FeatureCollection
        }
        let layer = try GeoJSON.readLayer(atPath: Paths.fixture("aed/koeln_osm_aed.geojson"))
        let response = Response(query: "nearest AED", results: layer.featureCollection)
        let data = try JSONEncoder().encode(response)
        let decoded = try JSONDecoder().decode(Response.self, from: data)
        #expect(decoded.results.features.count == 22)
        #expect(decoded.results.features.map(\.geometry) == layer.features.map(\.geometry))
        #expect(decoded.results.features.map { $0.properties["tags/name"] } == layer.features.map { $0.properties["tags/name"] })
        // What JSONEncoder wrote is GeoJSON that GeoKit's own reader accepts.
        let inner = try JSONEncoder().encode(layer.featureCollection)
        #expect(try GeoJSON.decode(inner).object.features.count == 22)
    }

    @Test func invalidGeometryIsADecodingError() {
        let text = #"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Geometry.self, from: Data(text.utf8)) }
    }
}
