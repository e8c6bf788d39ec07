import Foundation
import GeoCore

/// A dBase III table (the `.dbf` of a Shapefile), memory-mapped and read record by record.
struct DBaseTable {
    struct Column {
        var name: String
        var type: UInt8  // 'C', 'N', 'F', 'L', 'D', 'M'…
        var offset: Int
        var length: Int
        var decimals: Int
    }

    let data: Data
    let columns: [Column]
    /// The column names, shared by every record's properties when they are unique.
    private let uniqueNames: [String]?
    let recordCount: Int
    let headerLength: Int
    let recordLength: Int
    let encoding: TextEncoding
    /// The language driver byte (29) of the header.
    let languageDriver: UInt8

    struct Failure: Error {
        var message: String
    }

    /// Reads the header; `encoding` nil uses the `.cpg` file's or the language driver's.
    init(path: String, codePage: String?, encoding override: TextEncoding?) throws(Failure) {
        guard let data = FileContents.read(atPath: path) else {
            throw Failure(message: "cannot open the file")
        }
        guard data.count >= 32 else { throw Failure(message: "the .dbf header is truncated") }
        self.data = data
        func u16(_ at: Int) -> Int { Int(data[data.startIndex + at]) | Int(data[data.startIndex + at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        recordCount = u32(4)
        headerLength = u16(8)
        recordLength = u16(10)
        languageDriver = data[data.startIndex + 29]
        var columns: [Column] = []
        var at = 32
        var offset = 1  // the deletion flag comes first
        let nameEncoding = override ?? Self.encoding(codePage: codePage, languageDriver: languageDriver)
        while at + 32 <= min(headerLength, data.count), data[data.startIndex + at] != 0x0D {
            let raw = data[(data.startIndex + at)..<(data.startIndex + at + 11)].prefix { $0 != 0 }
            let name = nameEncoding.decode(Array(raw)).trimmingCharacters(in: .whitespaces)
            let length = Int(data[data.startIndex + at + 16])
            let decimals = Int(data[data.startIndex + at + 17])
            let type = data[data.startIndex + at + 11]
            columns.append(Column(name: name, type: type, offset: offset, length: type == UInt8(ascii: "C") ? length | decimals << 8 : length, decimals: type == UInt8(ascii: "C") ? 0 : decimals))
            offset += columns.last!.length
            at += 32
        }
        guard offset <= recordLength || recordCount == 0 else {
            throw Failure(message: "the fields (\(offset) bytes) are wider than a record (\(recordLength) bytes)")
        }
        self.columns = columns
        uniqueNames = Set(columns.map(\.name)).count == columns.count ? columns.map(\.name) : nil
        encoding = nameEncoding
    }

    /// The encoding a `.cpg` names, else the language driver's, else ISO-8859-1 (what
    /// GDAL assumes for a dBase file that says nothing).
    static func encoding(codePage: String?, languageDriver: UInt8) -> TextEncoding {
        if let codePage {
            let name = codePage.trimmingCharacters(in: .whitespacesAndNewlines)
            if let known = TextEncoding(name: name) { return known }
            if ["1252", "ansi 1252", "windows 1252"].contains(name.lowercased()) { return .windows1252 }
        }
        switch languageDriver {
        case 0x57, 0x03, 0x58, 0x59: return .windows1252
        case 0x02, 0x10, 0x37, 0x64: return .cp850
        default: return .latin1
        }
    }

    /// The field schema GeoKit uses for the columns.
    var fields: [Field] {
        columns.map { column in
            switch column.type {
            case UInt8(ascii: "N"), UInt8(ascii: "F"):
                Field(name: column.name, type: column.decimals == 0 && column.length < 19 ? .integer : .real)
            case UInt8(ascii: "L"): Field(name: column.name, type: .boolean)
            case UInt8(ascii: "I"), UInt8(ascii: "+"): Field(name: column.name, type: .integer)
            case UInt8(ascii: "O"): Field(name: column.name, type: .real)
            case UInt8(ascii: "D"): Field(name: column.name, type: .date)
            default: Field(name: column.name, type: .string)
            }
        }
    }

    /// Whether record `index` is marked deleted.
    func isDeleted(_ index: Int) -> Bool {
        let start = headerLength + index * recordLength
        return start < data.count && data[data.startIndex + start] == UInt8(ascii: "*")
    }

    /// The attributes of record `index`, in column order.
    func record(_ index: Int, fields: [Field]) throws(Failure) -> JSONObject {
        let start = headerLength + index * recordLength
        guard start + recordLength <= data.count else { throw Failure(message: "record \(index) is beyond the end of the .dbf") }
        return data.withUnsafeBytes { raw in
            var values: [JSONValue] = []
            values.reserveCapacity(columns.count)
            for (column, field) in zip(columns, fields) {
                let bytes = UnsafeRawBufferPointer(rebasing: raw[(start + column.offset)..<(start + column.offset + column.length)])
                values.append(value(bytes, column: column, type: field.type))
            }
            if let uniqueNames, values.count == uniqueNames.count { return JSONObject(uncheckedKeys: uniqueNames, values: values) }
            // Repeated column names: the last one wins, as it always did.
            return JSONObject(zip(columns.map(\.name), values))
        }
    }

    /// The bytes without leading and trailing blanks (spaces and NULs).
    private static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var lower = 0, upper = bytes.count
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0 { upper -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[lower..<upper])
    }

    /// A plain decimal integer (optional sign), or nil.
    private static func integer(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard !bytes.isEmpty, bytes.count <= 19 else { return nil }
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") { negative = bytes[0] == UInt8(ascii: "-"); i = 1 }
        guard i < bytes.count else { return nil }
        var value: Int64 = 0
        while i < bytes.count {
            let d = bytes[i] &- 0x30
            guard d <= 9 else { return nil }
            value = value * 10 + Int64(d)
            i += 1
        }
        return negative ? -value : value
    }

    private func value(_ raw: UnsafeRawBufferPointer, column: Column, type: FieldType) -> JSONValue {
        switch column.type {
        case UInt8(ascii: "C"):
            var end = raw.count
            while end > 0, raw[end - 1] == 0x20 || raw[end - 1] == 0 { end -= 1 }
            // dBase cannot tell an empty text from a missing one; GDAL reads both as null.
            if end == 0 { return .null }
            let slice = UnsafeRawBufferPointer(rebasing: raw[0..<end])
            return .string(encoding.decode(slice))
        case UInt8(ascii: "N"), UInt8(ascii: "F"):
            let text = Self.trimmed(raw)
            if text.isEmpty || text.allSatisfy({ $0 == UInt8(ascii: "*") }) { return .null }
            if type == .integer, let i = Self.integer(text) { return .integer(i) }
            guard let d = PlainDecimal.parse(text) ?? Double(String(decoding: text, as: UTF8.self)) else { return .null }
            return type == .integer && d == d.rounded() && abs(d) < 9e18 ? .integer(Int64(d)) : .double(d)
        case UInt8(ascii: "L"):
            switch raw.first {
            case UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: "Y"), UInt8(ascii: "y"): return .bool(true)
            case UInt8(ascii: "F"), UInt8(ascii: "f"), UInt8(ascii: "N"), UInt8(ascii: "n"): return .bool(false)
            default: return .null
            }
        case UInt8(ascii: "D"):
            let text = Self.trimmed(raw)
            if text.isEmpty { return .null }
            guard text.count == 8, text.allSatisfy({ (0x30...0x39).contains($0) }) else { return .string(String(decoding: text, as: UTF8.self)) }
            // YYYYMMDD as YYYY-MM-DD.
            return .string(String(unsafeUninitializedCapacity: 10) { out in
                for (i, j) in [(0, 0), (1, 1), (2, 2), (3, 3), (4, 5), (5, 6), (6, 8), (7, 9)] { out[j] = text[i] }
                out[4] = UInt8(ascii: "-")
                out[7] = UInt8(ascii: "-")
                return 10
            })
        default:
            let text = Self.trimmed(raw)
            return text.isEmpty ? .null : .string(String(decoding: text, as: UTF8.self))
        }
    }
}
