import Foundation
import GeoCore

/// Splits a CSV file into rows of fields (RFC 4180: quoted fields may hold the delimiter,
/// doubled quotes and line breaks), reading the file in chunks. Works on bytes: the
/// delimiters, quotes and line breaks are the same bytes in every encoding GeoKit reads
/// (UTF-8, Windows-1252, Latin-1, CP850), so fields are decoded only once complete.
struct CSVRowReader {
    struct Row {
        var fields: [[UInt8]]
        /// The line the row starts on (1-based).
        var line: Int
    }

    /// An unterminated quoted field, with where it started.
    struct UnterminatedQuote: Error {
        let line: Int
    }

    private let handle: FileHandle
    private let delimiter: UInt8
    private var buffer: [UInt8] = []
    private var position = 0
    private var exhausted = false
    private var line = 1

    /// Opens a file; a UTF-8 byte-order mark is skipped.
    init?(path: String, delimiter: UInt8) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
        self.delimiter = delimiter
        refill()
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    private mutating func refill() {
        guard !exhausted else { return }
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        let chunk = (try? handle.read(upToCount: 1 << 20)) ?? Data()
        if chunk.isEmpty { exhausted = true } else { buffer.append(contentsOf: chunk) }
    }

    /// The next byte, refilling the buffer as needed.
    private mutating func nextByte() -> UInt8? {
        if position == buffer.count {
            refill()
            if position == buffer.count { return nil }
        }
        defer { position += 1 }
        return buffer[position]
    }

    private mutating func peekByte() -> UInt8? {
        if position == buffer.count {
            refill()
            if position == buffer.count { return nil }
        }
        return buffer[position]
    }

    /// The next row, or nil at the end of the file.
    mutating func next() throws(UnterminatedQuote) -> Row? {
        let quote: UInt8 = 0x22, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        let rowLine = line
        var sawAnything = false
        while let byte = nextByte() {
            sawAnything = true
            if byte == quote && field.isEmpty {
                let quoteLine = line
                var closed = false
                while let inner = nextByte() {
                    if inner == quote {
                        if peekByte() == quote {
                            position += 1
                            field.append(quote)
                        } else {
                            closed = true
                            break
                        }
                    } else {
                        if inner == newline { line += 1 }
                        field.append(inner)
                    }
                }
                if !closed { throw UnterminatedQuote(line: quoteLine) }
                continue
            }
            switch byte {
            case delimiter:
                fields.append(field)
                field = []
            case newline, carriageReturn:
                if byte == carriageReturn, peekByte() == newline { position += 1 }
                line += 1
                fields.append(field)
                return Row(fields: fields, line: rowLine)
            default:
                field.append(byte)
            }
        }
        guard sawAnything else { return nil }
        fields.append(field)
        return Row(fields: fields, line: rowLine)
    }

    /// The first `limit` bytes of a file (for detection).
    static func head(of path: String, limit: Int = 256 << 10) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: limit)) ?? Data())
    }

    /// The delimiter (`,` `;` or tab) that splits the most lines into the same number of
    /// fields, judged on the first lines.
    static func sniffDelimiter(_ head: [UInt8]) -> UInt8 {
        let lines = head.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }).prefix(60)
        var best: (UInt8, Int) = (UInt8(ascii: ","), -1)
        for candidate in [UInt8(ascii: ";"), UInt8(ascii: ","), 0x09] {
            var counts: [Int: Int] = [:]
            for line in lines {
                let n = line.filter { $0 == candidate }.count
                if n > 0 { counts[n, default: 0] += 1 }
            }
            let score = counts.values.max() ?? 0
            if score > best.1 { best = (candidate, score) }
        }
        return best.0
    }
}
