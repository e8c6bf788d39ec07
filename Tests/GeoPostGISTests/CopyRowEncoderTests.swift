import Foundation
import GeoKit
@testable import GeoPostGIS
import Testing

/// The COPY text rows: escapes, nulls, JSON, and EWKB with the SRID as PostGIS writes it.
@Suite struct CopyRowEncoderTests {
    func row(_ geometry: Geometry?, _ values: [JSONValue?], _ columns: [PostGISColumn], srid: Int32 = 4326) throws -> String {
        var encoder = CopyRowEncoder(capacity: 64)
        try encoder.append(id: 7, geometry: geometry, srid: srid, values: values, columns: columns, featureIndex: 0)
        return String(decoding: encoder.bytes, as: UTF8.self)
    }

    @Test func aPointIsEWKBWithItsSRID() throws {
        // What PostGIS prints for SELECT ST_AsEWKB('SRID=4326;POINT(1 2)'), in hex.
        #expect(try row(.point(Position(x: 1, y: 2)), [], []) == "7\t0101000020E6100000000000000000F03F0000000000000040\n")
        // Z sets PostGIS's Z flag (0x80000000) next to the SRID flag: SRID=25832;POINT Z (1 2 3).
        #expect(try row(.point(Position(x: 1, y: 2, z: 3)), [], [], srid: 25832) == "7\t01010000A0E8640000000000000000F03F00000000000000400000000000000840\n")
    }

    @Test func textIsEscapedAndNullsAreBackslashN() throws {
        let columns = [PostGISColumn(name: "a", type: .string), PostGISColumn(name: "b", type: .integer), PostGISColumn(name: "c", type: .boolean),
                       PostGISColumn(name: "d", type: .json), PostGISColumn(name: "e", type: .real)]
        let text = try row(nil, [.string("tab\there\nnew\\line\r"), nil, .bool(false), .object(["k": .string("v\t")]), .double(0.1)], columns)
        #expect(text == "7\t\\N\ttab\\there\\nnew\\\\line\\r\t\\N\tf\t{\"k\":\"v\\\\t\"}\t0.1\n")
    }

    @Test func aNULInTextIsRefusedWithTheFeatureIndex() {
        #expect(throws: WriteError.self) { try row(nil, [.string("a\u{0}b")], [PostGISColumn(name: "a", type: .string)]) }
    }
}
