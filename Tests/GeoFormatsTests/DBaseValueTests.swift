import Foundation
import GeoKit
import TestSupport
import Testing

/// dBase values read byte by byte: numbers, dates, code pages. The files are built here,
/// byte for byte from the dBase III layout, so that every case is known exactly.
@Suite struct DBaseValueTests {
    /// A shapefile of null shapes with the given dBase columns (name, type, length,
    /// decimals) and records (each value's bytes, already padded to the column's length).
    static func write(_ base: String, columns: [(String, Character, Int, Int)], records: [[[UInt8]]], languageDriver: UInt8) throws {
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16) }
        func be32(_ v: Int) -> [UInt8] { le32(v).reversed() }
        let recordLength = 1 + columns.reduce(0) { $0 + $1.2 }
        var dbf: [UInt8] = [0x03, 126, 11, 22] + le32(records.count) + le16(32 + 32 * columns.count + 1) + le16(recordLength)
        dbf += [UInt8](repeating: 0, count: 17) + [languageDriver, 0, 0]
        for (name, type, length, decimals) in columns {
            dbf += Array(name.utf8) + [UInt8](repeating: 0, count: 11 - name.utf8.count)
            dbf += [UInt8(type.asciiValue!), 0, 0, 0, 0, UInt8(length), UInt8(decimals)] + [UInt8](repeating: 0, count: 14)
        }
        dbf.append(0x0D)
        for record in records { dbf += [0x20] + record.flatMap { $0 } }
        dbf.append(0x1A)
        // Null shapes: a 100-byte header, then 12 bytes per record (header + type 0).
        func header(fileLength: Int) -> [UInt8] {
            be32(9994) + [UInt8](repeating: 0, count: 20) + be32(fileLength / 2) + le32(1000) + le32(0) + [UInt8](repeating: 0, count: 64)
        }
        let shpLength = 100 + 12 * records.count, shxLength = 100 + 8 * records.count
        var shp = header(fileLength: shpLength), shx = header(fileLength: shxLength)
        for i in records.indices {
            shp += be32(i + 1) + be32(2) + le32(0)
            shx += be32((100 + 12 * i) / 2) + be32(2)
        }
        try Data(shp).write(to: URL(fileURLWithPath: base + ".shp"))
        try Data(shx).write(to: URL(fileURLWithPath: base + ".shx"))
        try Data(dbf).write(to: URL(fileURLWithPath: base + ".dbf"))
    }

    static func padded(_ text: String, _ length: Int, right: Bool = false, bytes: [UInt8]? = nil) -> [UInt8] {
        let raw = bytes ?? Array(text.utf8)
        let pad = [UInt8](repeating: 0x20, count: length - raw.count)
        return right ? pad + raw : raw + pad
    }

    @Test func numbersDatesAndCodePages() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let base = directory + "/values"
        // Language driver 0x02: code page 850. "Düsseldorf" has ü = 0x81 there.
        let dusseldorf: [UInt8] = [0x44, 0x81, 0x73, 0x73, 0x65, 0x6C, 0x64, 0x6F, 0x72, 0x66]
        try Self.write(base, columns: [("NAME", "C", 12, 0), ("AREA", "N", 12, 3), ("COUNT", "N", 6, 0), ("SINCE", "D", 8, 0), ("RATIO", "F", 20, 10)],
                       records: [
                           [Self.padded("", 12, bytes: dusseldorf), Self.padded("-217.410", 12, right: true), Self.padded("42", 6, right: true),
                            Self.padded("19990131", 8), Self.padded("1.2345678901234567", 20, right: true)],
                           [Self.padded("Plain ASCII", 12), Self.padded(".5", 12, right: true), Self.padded("", 6),
                            Self.padded("", 8), Self.padded("6.02e23", 20, right: true)],
                           [Self.padded("", 12), Self.padded("**********", 12, right: true), Self.padded("-7", 6, right: true),
                            Self.padded("2024", 8), Self.padded("0.1", 20, right: true)],
                       ],
                       languageDriver: 0x02)
        let layer = try Shapefile.readLayer(atPath: base + ".shp")
        #expect(layer.features.count == 3)
        #expect(layer.fields.map(\.type) == [.string, .real, .integer, .date, .real])
        let first = layer.features[0].properties, second = layer.features[1].properties, third = layer.features[2].properties
        #expect(first["NAME"] == .string("Düsseldorf"))
        #expect(first["AREA"] == .double(-217.41))
        #expect(first["COUNT"] == .integer(42))
        #expect(first["SINCE"] == .string("1999-01-31"))
        // 17 significant digits: past the exact fast path, read by the full parser.
        #expect(first["RATIO"] == .double(1.2345678901234567))
        #expect(second["NAME"] == .string("Plain ASCII"))
        #expect(second["AREA"] == .double(0.5))
        #expect(second["COUNT"] == .null)
        #expect(second["SINCE"] == .null)
        #expect(second["RATIO"] == .double(6.02e23))
        #expect(third["NAME"] == .null, "an empty text is null, as GDAL reads it")
        #expect(third["AREA"] == .null, "asterisks mark an overflowed number")
        #expect(third["COUNT"] == .integer(-7))
        #expect(third["SINCE"] == .string("2024"), "a date that is not YYYYMMDD stays as written")
        #expect(third["RATIO"] == .double(0.1))
        #expect(layer.features[0].geometry == nil)
    }

    @Test func decimalsParseToTheNearestDouble() throws {
        // Every plain decimal up to 15 digits must equal Swift's own (correctly rounded) parse.
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let texts = ["0", "-0.0", "123456789012345", "0.000000000000001", "999999.999999999", "3.141592653589793", "-2.5", "100.10", "7."]
        try Self.write(directory + "/d", columns: [("V", "N", 18, 15)], records: texts.map { [Self.padded($0, 18, right: true)] }, languageDriver: 0x57)
        let layer = try Shapefile.readLayer(atPath: directory + "/d.shp")
        for (feature, text) in zip(layer.features, texts) {
            #expect(feature.properties["V"] == .double(Double(text)!), "\(text)")
        }
    }
}
