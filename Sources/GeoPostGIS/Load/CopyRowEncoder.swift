import GeoCore

/// Rows in PostgreSQL's `COPY … FROM STDIN` text format: columns separated by tabs, rows
/// by newlines, `\N` for null, backslash escapes in text, geometries as hexadecimal EWKB
/// (with the SRID, so that a typed column takes them). PostGIS reads the same EWKB that
/// its binary format carries, from its hexadecimal text.
struct CopyRowEncoder {
    var bytes: [UInt8] = []
    private var scratch: [UInt8] = []
    private static let digits = Array("0123456789ABCDEF".utf8)

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Appends one row: the id, the geometry, then each column's value.
    /// - Throws: `WriteError` for a text holding a NUL character, which PostgreSQL text cannot hold.
    mutating func append(id: Int64, geometry: Geometry?, srid: Int32, values: [JSONValue?], columns: [PostGISColumn], featureIndex: Int) throws(WriteError) {
        writeInteger(id)
        bytes.append(0x09)
        if let geometry { writeEWKB(geometry, srid: srid) } else { writeNull() }
        for (value, column) in zip(values, columns) {
            bytes.append(0x09)
            try write(value ?? .null, as: column, featureIndex: featureIndex)
        }
        bytes.append(0x0A)
    }

    private mutating func writeNull() {
        bytes.append(0x5C)
        bytes.append(UInt8(ascii: "N"))
    }

    private mutating func writeInteger(_ value: Int64) {
        bytes.append(contentsOf: String(value).utf8)
    }

    private mutating func write(_ value: JSONValue, as column: PostGISColumn, featureIndex: Int) throws(WriteError) {
        switch value {
        case .null: writeNull()
        case .bool(let b):
            if column.type == .json || column.type == .string { writeText(b ? "true" : "false") } else { bytes.append(b ? UInt8(ascii: "t") : UInt8(ascii: "f")) }
        case .integer(let i): writeInteger(i)
        case .double(let d):
            if column.type == .json && !d.isFinite { writeNull() } else { bytes.append(contentsOf: d.description.utf8) }
        case .string(let s):
            guard !s.utf8.contains(0) else {
                throw WriteError(featureIndex: featureIndex, message: "field \"\(column.name)\" holds a NUL character, which PostgreSQL text cannot hold", code: .other)
            }
            if column.type == .json {
                var json = ByteWriter(capacity: s.utf8.count + 2)
                json.write(jsonString: s)
                writeEscaped(json.bytes)
            } else {
                writeText(s)
            }
        case .array, .object:
            var json = ByteWriter(capacity: 64)
            json.writeJSON(value: value)
            guard !json.bytes.contains(0) else {
                throw WriteError(featureIndex: featureIndex, message: "field \"\(column.name)\" holds a NUL character, which PostgreSQL text cannot hold", code: .other)
            }
            writeEscaped(json.bytes)
        }
    }

    private mutating func writeText(_ text: String) {
        var text = text
        text.withUTF8 { writeEscaped($0) }
    }

    private mutating func writeEscaped<C: Collection<UInt8>>(_ utf8: C) {
        for byte in utf8 {
            switch byte {
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
            case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
            default: bytes.append(byte)
            }
        }
    }

    /// EWKB as hexadecimal text: the outer header gets the SRID flag and PostGIS's Z
    /// flag; members keep their ISO codes, which PostGIS also reads.
    private mutating func writeEWKB(_ geometry: Geometry, srid: Int32) {
        scratch.removeAll(keepingCapacity: true)
        WKB.append(geometry, to: &scratch)
        let iso = UInt32(scratch[1]) | UInt32(scratch[2]) << 8 | UInt32(scratch[3]) << 16 | UInt32(scratch[4]) << 24
        var type = (iso % 1000) | 0x2000_0000
        if iso / 1000 == 1 || iso / 1000 == 3 { type |= 0x8000_0000 }
        writeHex(1)
        for shift in stride(from: 0, to: 32, by: 8) { writeHex(UInt8(truncatingIfNeeded: type >> UInt32(shift))) }
        let s = UInt32(bitPattern: srid)
        for shift in stride(from: 0, to: 32, by: 8) { writeHex(UInt8(truncatingIfNeeded: s >> UInt32(shift))) }
        for byte in scratch[5...] { writeHex(byte) }
    }

    @inline(__always)
    private mutating func writeHex(_ byte: UInt8) {
        bytes.append(Self.digits[Int(byte >> 4)])
        bytes.append(Self.digits[Int(byte & 0xF)])
    }
}
