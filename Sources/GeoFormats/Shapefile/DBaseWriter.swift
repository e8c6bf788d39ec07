import Foundation
import GeoCore

/// Writes the `.dbf` of a shapefile in two steps: records go to a scratch file at the
/// widest widths dBase allows, and `finish` copies them into the target with each column
/// cut to the widest value actually written (as GDAL's RESIZE option does). Text is UTF-8,
/// announced by the `.cpg` the shapefile writer adds.
struct DBaseWriter: ~Copyable {
    struct Column {
        var name: String
        var type: FieldType
        var dbaseType: UInt8
        var width: Int       // provisional width in the scratch file
        var decimals: Int
        var used = 1         // the widest value written
    }

    private var columns: [Column]
    private let scratchPath: String
    private let scratch: FileHandle
    private var buffer: [UInt8] = []
    private(set) var recordCount = 0
    /// Values cut to dBase's 254 bytes.
    private(set) var truncatedValues = 0
    /// Values of date columns that were not dates (YYYY-MM-DD), written empty.
    private(set) var unwrittenDates = 0
    private let recordWidth: Int
    /// Where each column starts in a record (after the deletion flag).
    private let columnOffsets: [Int]
    /// A record of spaces: every value blank.
    private let blankRecord: [UInt8]
    /// The fields' names, and for each the column it fills (the first, should two fields
    /// share a name).
    private var fieldPositions: KeyPositions
    private let columnOfField: [Int]
    /// One value's bytes while it is formatted.
    private var text: [UInt8] = []

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

    init(fields: [Field], names: [String], scratchPath: String) throws(WriteError) {
        columns = zip(fields, names).map { field, name in
            switch field.type {
            case .boolean: Column(name: name, type: .boolean, dbaseType: UInt8(ascii: "L"), width: 1, decimals: 0)
            case .integer: Column(name: name, type: .integer, dbaseType: UInt8(ascii: "N"), width: 20, decimals: 0)
            case .real: Column(name: name, type: .real, dbaseType: UInt8(ascii: "N"), width: 24, decimals: 15)
            case .date: Column(name: name, type: .date, dbaseType: UInt8(ascii: "D"), width: 8, decimals: 0)
            // dBase has no date with a time: ISO 8601 text, as GDAL writes it.
            case .null, .string, .json, .dateTime: Column(name: name, type: field.type, dbaseType: UInt8(ascii: "C"), width: 254, decimals: 0)
            }
        }
        recordWidth = 1 + columns.reduce(0) { $0 + $1.width }
        var offsets: [Int] = []
        var at = 1
        for column in columns {
            offsets.append(at)
            at += column.width
        }
        columnOffsets = offsets
        blankRecord = [UInt8](repeating: 0x20, count: recordWidth)
        var positions = KeyPositions()
        var columnOfField: [Int] = []
        for (i, field) in fields.enumerated() where positions.position(of: field.name) == nil {
            positions.append(field.name)
            columnOfField.append(i)
        }
        fieldPositions = positions
        self.columnOfField = columnOfField
        self.scratchPath = scratchPath
        guard FileManager.default.createFile(atPath: scratchPath, contents: nil), let handle = FileHandle(forUpdatingAtPath: scratchPath) else {
            throw WriteError(file: scratchPath, message: "cannot create a scratch file")
        }
        scratch = handle
    }

    /// Appends one record: each property goes to the column of the field with its name;
    /// properties without a field are left out, fields without a property are blank.
    mutating func append(_ properties: JSONObject) throws(WriteError) {
        let start = buffer.count
        buffer.append(contentsOf: blankRecord)
        let positions = fieldPositions.positions(of: properties.keys)
        for (i, value) in properties.values.enumerated() {
            let position = positions[i]
            guard position >= 0 else { continue }
            let c = columnOfField[position]
            let column = columns[c]
            text.removeAll(keepingCapacity: true)
            switch value {
            case .null: continue
            case .bool(let b): text.append(b ? UInt8(ascii: "T") : UInt8(ascii: "F"))
            case .integer(let v): text.append(contentsOf: String(v).utf8)
            case .double(let d):
                guard d.isFinite else { continue }
                text.append(contentsOf: Self.number(d, decimals: column.decimals, integral: column.type == .integer).utf8)
            case .string(let s): text.append(contentsOf: s.utf8)
            case let nested: text.append(contentsOf: nested.jsonText.utf8)
            }
            if column.dbaseType == UInt8(ascii: "D") {
                if let date = Self.dBaseDate(text) {
                    text = date
                } else {
                    unwrittenDates += 1
                    continue
                }
            }
            var count = text.count
            if count > column.width {
                // Only text can be too long: cut at a character boundary.
                count = column.width
                while count > 0, text[count] & 0xC0 == 0x80 { count -= 1 }
                truncatedValues += 1
            }
            columns[c].used = max(column.used, count)
            // Text is left-aligned, numbers, booleans and dates right-aligned.
            let at = start + columnOffsets[c] + (column.dbaseType == UInt8(ascii: "C") ? 0 : column.width - count)
            text.withUnsafeBufferPointer { source in
                buffer.withUnsafeMutableBufferPointer { target in
                    _ = UnsafeMutableBufferPointer(rebasing: target[at..<(at + count)]).initialize(from: source.prefix(count))
                }
            }
        }
        recordCount += 1
        if buffer.count > 1 << 20 { try flushScratch() }
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

    private mutating func flushScratch() throws(WriteError) {
        do { try scratch.write(contentsOf: buffer) } catch {
            if let cocoa = error as? CocoaError, cocoa.code == .fileWriteOutOfSpace {
                throw WriteError(file: scratchPath, message: "the disk is full (while writing the .dbf's records)")
            }
            throw WriteError(file: scratchPath, message: "cannot write the .dbf's records: \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes the final `.dbf` into `file`: header, narrowed columns, records.
    mutating func finish(into file: borrowing AtomicFile) throws(WriteError) {
        try flushScratch()
        var final = columns
        for i in final.indices where final[i].dbaseType != UInt8(ascii: "L") && final[i].dbaseType != UInt8(ascii: "D") {
            final[i].width = final[i].type == .real ? max(24, final[i].used) : max(1, final[i].used)
        }
        let finalRecordWidth = 1 + final.reduce(0) { $0 + $1.width }
        let headerLength = 32 + 32 * final.count + 1
        var header: [UInt8] = [0x03]
        let now = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        header += [UInt8((now.year ?? 2000) - 1900), UInt8(now.month ?? 1), UInt8(now.day ?? 1)]
        header.append(littleEndian: UInt32(recordCount))
        header.append(littleEndian: UInt16(headerLength))
        header.append(littleEndian: UInt16(finalRecordWidth))
        header += [UInt8](repeating: 0, count: 20)
        for column in final {
            var name = Array(column.name.utf8.prefix(10))
            name += [UInt8](repeating: 0, count: 11 - name.count)
            header += name + [column.dbaseType, 0, 0, 0, 0, UInt8(column.width), UInt8(column.decimals)] + [UInt8](repeating: 0, count: 14)
        }
        header.append(0x0D)
        try file.write(header)
        // Copy the records, cutting each column to its final width.
        scratch.seek(toFileOffset: 0)
        let chunkRecords = max(1, (1 << 20) / recordWidth)
        var out: [UInt8] = []
        var remaining = recordCount
        while remaining > 0 {
            let count = min(chunkRecords, remaining)
            let data = (try? scratch.read(upToCount: count * recordWidth)) ?? Data()
            guard data.count == count * recordWidth else { throw WriteError(file: scratchPath, message: "the scratch file is shorter than written") }
            let bytes = [UInt8](data)
            out.removeAll(keepingCapacity: true)
            for r in 0..<count {
                var at = r * recordWidth
                out.append(bytes[at])
                at += 1
                for (provisional, target) in zip(columns, final) {
                    let field = bytes[at..<(at + provisional.width)]
                    if provisional.dbaseType == UInt8(ascii: "C") {
                        out.append(contentsOf: field.prefix(target.width))
                    } else {
                        out.append(contentsOf: field.suffix(target.width))
                    }
                    at += provisional.width
                }
            }
            try file.write(out)
            remaining -= count
        }
        try file.write([0x1A])
    }

    deinit {
        try? scratch.close()
        unlink(scratchPath)
    }
}
