import Foundation
import GeoCore

/// Writes the `.dbf` of a shapefile in two steps: each record's values go to a scratch
/// file as text (only the values a feature has), and `finish` lays them out in the target
/// with each column as wide as its widest value (as GDAL's RESIZE option does). Text is
/// UTF-8, announced by the `.cpg` the shapefile writer adds.
///
/// With `growing`, a property without a column gets one when it first appears and each
/// such column's type is the one that holds all its values, so a GeoJSON input is written
/// in one pass; otherwise the columns are the declared fields and other properties are
/// left out.
struct DBaseWriter: ~Copyable {
    struct Column {
        /// The property name (the dBase name is chosen at the end, from all columns).
        var name: String
        var type: FieldType
        /// The widest value written, in bytes.
        var used = 0
    }

    private var columns: [Column]
    private let growing: Bool
    private var positions: KeyPositions
    private let spool: RecordSpool
    /// The record being built.
    private var buffer: [UInt8] = []
    /// One value's bytes while it is formatted.
    private var text: [UInt8] = []
    var recordCount: Int { spool.count }
    /// Values cut to dBase's 254 bytes.
    private(set) var truncatedValues = 0
    /// Values of date columns that were not dates (YYYY-MM-DD), written empty.
    private(set) var unwrittenDates = 0
    /// dBase's limit on a text value, in bytes.
    static let maximumWidth = 254
    /// dBase's limit on columns: the header, 32 bytes a column, must fit 65,535 bytes.
    static let maximumColumns = 2046
    /// The `.dbf` being written, for errors.
    private let path: String

    private func tooManyColumns(_ count: Int) -> WriteError {
        WriteError(file: path, featureIndex: recordCount,
                   message: "\(count) fields: more than a .dbf can hold (\(Self.maximumColumns)); write a GeoPackage (.gpkg) instead")
    }

    /// The dBase names of the fields: at most 10 bytes, unique; with a note for each change.
    static func names(for fields: [Field]) -> (names: [String], notes: [String]) {
        var used: Set<String> = []
        var names: [String] = []
        var notes: [String] = []
        for field in fields {
            var name = String(decoding: Array(field.name.utf8.prefix(10)), as: UTF8.self)
            while name.utf8.count > 10 || name.unicodeScalars.last == "\u{FFFD}" { name = String(name.dropLast()) }
            var candidate = name
            var n = 1
            while used.contains(candidate.uppercased()) {
                let suffix = "_\(n)"
                candidate = String(name.prefix(10 - suffix.count)) + suffix
                n += 1
            }
            if candidate != field.name { notes.append("field \"\(field.name)\" is named \"\(candidate)\" in the .dbf (dBase names have at most 10 bytes)") }
            used.insert(candidate.uppercased())
            names.append(candidate)
        }
        return (names, notes)
    }

    /// - Parameters:
    ///   - fields: the declared columns (two fields with one name make one column).
    ///   - growing: whether properties without a column get one.
    ///   - path: the `.dbf`; the scratch file goes beside it.
    init(fields: [Field], growing: Bool, path: String) throws(WriteError) {
        var positions = KeyPositions()
        var columns: [Column] = []
        for field in fields where positions.position(of: field.name) == nil {
            positions.append(field.name)
            columns.append(Column(name: field.name, type: field.type))
        }
        self.columns = columns
        self.positions = positions
        self.growing = growing
        self.path = path
        guard columns.count <= Self.maximumColumns else {
            throw WriteError(file: path, message: "\(columns.count) fields: more than a .dbf can hold (\(Self.maximumColumns)); write a GeoPackage (.gpkg) instead")
        }
        spool = try RecordSpool(beside: path, suffix: "scratch")
    }

    /// The dBase type letter of a column type.
    static func dBaseType(of type: FieldType) -> UInt8 {
        switch type {
        case .boolean: UInt8(ascii: "L")
        case .integer, .real: UInt8(ascii: "N")
        case .date: UInt8(ascii: "D")
        // dBase has no date with a time: ISO 8601 text, as GDAL writes it.
        case .null, .string, .json, .dateTime: UInt8(ascii: "C")
        }
    }

    /// Appends one record: each property goes to its column; fields without a property
    /// are blank. In the scratch file a record is its byte length, then for each value its
    /// column, length and text.
    mutating func append(_ properties: JSONObject) throws(WriteError) {
        buffer.removeAll(keepingCapacity: true)
        let columnOfKey = positions.positions(of: properties.keys, addingUnknown: growing)
        // Checked before a column index meets the record's 16-bit column numbers.
        guard positions.names.count <= Self.maximumColumns else { throw tooManyColumns(positions.names.count) }
        while columns.count < positions.names.count {
            columns.append(Column(name: positions.names[columns.count], type: .null))
        }
        for (i, value) in properties.values.enumerated() {
            let c = columnOfKey[i]
            guard c >= 0 else { continue }
            if growing { columns[c].type = columns[c].type.widened(with: FieldType(of: value)) }
            let type = columns[c].type
            text.removeAll(keepingCapacity: true)
            switch value {
            case .null: continue
            case .bool(let b): text.append(b ? UInt8(ascii: "T") : UInt8(ascii: "F"))
            case .integer(let v): text.append(contentsOf: String(v).utf8)
            case .double(let d):
                guard d.isFinite else { continue }
                text.append(contentsOf: Self.number(d, decimals: 15, integral: type == .integer).utf8)
            case .string(let s): text.append(contentsOf: s.utf8)
            case let nested: text.append(contentsOf: nested.jsonText.utf8)
            }
            if type == .date {
                guard let date = Self.dBaseDate(text) else {
                    unwrittenDates += 1
                    continue
                }
                text = date
            }
            var count = text.count
            if count > Self.maximumWidth {
                // Cut at a character boundary.
                count = Self.maximumWidth
                while count > 0, text[count] & 0xC0 == 0x80 { count -= 1 }
                truncatedValues += 1
            }
            columns[c].used = max(columns[c].used, count)
            buffer.append(littleEndian: UInt16(c))
            buffer.append(littleEndian: UInt8(count))
            buffer.append(contentsOf: text[..<count])
        }
        try spool.append(buffer)
    }

    /// An ISO 8601 date (`2024-01-31`, or a date and time, whose time is dropped) as
    /// dBase's YYYYMMDD, or nil when the text is no such date.
    static func dBaseDate(_ text: [UInt8]) -> [UInt8]? {
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { (0x30...0x39).contains(text[$0]) } }
        if text.count == 8, digits(0..<8) { return text }
        guard text.count >= 10, digits(0..<4), text[4] == UInt8(ascii: "-"), digits(5..<7), text[7] == UInt8(ascii: "-"), digits(8..<10),
              text.count == 10 || text[10] == UInt8(ascii: "T") || text[10] == UInt8(ascii: " ") else { return nil }
        return Array(text[0..<4] + text[5..<7] + text[8..<10])
    }

    /// A number as dBase text: integers plainly; reals with up to `decimals` digits.
    static func number(_ value: Double, decimals: Int, integral: Bool) -> String {
        if integral, value == value.rounded(), abs(value) < 1e18 { return String(Int64(value)) }
        let plain = String(value)
        // On bytes: String.contains(String) is Foundation's substring search, ~3,000 instructions.
        if !plain.utf8.contains(UInt8(ascii: "e")), plain.utf8.count <= 24 { return plain }
        return String(format: "%.\(decimals)g", value)
    }

    /// Writes the final `.dbf` into `file`: header, then each record with every column as
    /// wide as its widest value.
    /// - Returns: notes on field names shortened to dBase's 10 bytes.
    mutating func finish(into file: borrowing AtomicFile) throws(WriteError) -> [String] {
        // A column that only ever held nulls is text, one byte wide.
        let types = columns.map { $0.type == .null ? FieldType.string : $0.type }
        let (names, notes) = Self.names(for: zip(columns, types).map { Field(name: $0.name, type: $1) })
        var widths: [Int] = []
        var decimals: [Int] = []
        for (column, type) in zip(columns, types) {
            switch type {
            case .boolean: widths.append(1); decimals.append(0)
            case .date: widths.append(8); decimals.append(0)
            case .real: widths.append(max(24, column.used)); decimals.append(15)
            default: widths.append(max(1, column.used)); decimals.append(0)
            }
        }
        var offsets: [Int] = []
        var at = 1
        for width in widths {
            offsets.append(at)
            at += width
        }
        let recordWidth = at
        guard recordWidth <= Int(UInt16.max), columns.count <= 2046 else {
            throw WriteError(file: file.target, message: "\(columns.count) columns, \(recordWidth) bytes a record: more than a .dbf can hold (65,535 bytes); write a GeoPackage (.gpkg) instead")
        }
        let headerLength = 32 + 32 * columns.count + 1
        var header: [UInt8] = [0x03]
        let now = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        header += [UInt8((now.year ?? 2000) - 1900), UInt8(now.month ?? 1), UInt8(now.day ?? 1)]
        header.append(littleEndian: UInt32(recordCount))
        header.append(littleEndian: UInt16(headerLength))
        header.append(littleEndian: UInt16(recordWidth))
        header += [UInt8](repeating: 0, count: 20)
        for i in columns.indices {
            var name = Array(names[i].utf8.prefix(10))
            name += [UInt8](repeating: 0, count: 11 - name.count)
            header += name + [Self.dBaseType(of: types[i]), 0, 0, 0, 0, UInt8(widths[i]), UInt8(decimals[i])] + [UInt8](repeating: 0, count: 14)
        }
        header.append(0x0D)
        try file.write(header)
        // Lay out the records: text left-aligned, numbers, booleans and dates right-aligned.
        let leftAligned = types.map { Self.dBaseType(of: $0) == UInt8(ascii: "C") }
        var out: [UInt8] = []
        try spool.forEachRecord { bytes, record throws(WriteError) in
            let start = out.count
            out.append(contentsOf: repeatElement(0x20, count: recordWidth))
            var v = record.lowerBound
            while v < record.upperBound {
                let c = Int(bytes[v]) | Int(bytes[v + 1]) << 8
                let count = Int(bytes[v + 2])
                let target = start + offsets[c] + (leftAligned[c] ? 0 : widths[c] - count)
                for k in 0..<count { out[target + k] = bytes[v + 3 + k] }
                v += 3 + count
            }
            if out.count > 1 << 20 {
                try file.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        try file.write(out)
        try file.write([0x1A])
        return notes
    }
}
