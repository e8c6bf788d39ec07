import Foundation
import GeoCore

/// The type of one CSV column, decided over every value of the file so that a column has
/// one type and no value changes its text: a column is numeric only when *every*
/// non-empty value is a number written the one way that number is written back
/// (`42`, `-7`, `13.74`; not `04229`, `+3`, ` 12`, `1.50` or `1e5`), else it is text and
/// each value keeps its exact text.
struct CSVColumnType: Equatable {
    /// What the values seen so far allow.
    fileprivate(set) var kind: Kind = .empty

    enum Kind: Equatable {
        /// No value yet (every value empty).
        case empty
        /// `true`/`false`, lower case.
        case boolean
        /// Canonical integers only.
        case integer
        /// Canonical integers and reals.
        case real
        /// Anything else.
        case text
    }

    /// The field type a reader declares for the column.
    var fieldType: FieldType {
        switch kind {
        case .empty: .string
        case .boolean: .boolean
        case .integer: .integer
        case .real: .real
        case .text: .string
        }
    }

    /// Takes one more raw value (the field's bytes, in an ASCII-compatible encoding).
    mutating func add(_ bytes: [UInt8], decimalComma: Bool) {
        if kind == .text || bytes.isEmpty { return }
        let valueKind = Self.kind(of: bytes, decimalComma: decimalComma)
        switch (kind, valueKind) {
        case (.empty, let k): kind = k
        case (let a, let b) where a == b: break
        case (.integer, .real), (.real, .integer): kind = .real
        default: kind = .text
        }
    }

    /// The narrowest kind of one non-empty value (decided on the bytes; only a real of 16
    /// or 17 significant digits is parsed, to compare with Swift's own text).
    static func kind(of bytes: [UInt8], decimalComma: Bool) -> Kind {
        if bytes == Self.trueBytes || bytes == Self.falseBytes { return .boolean }
        if integer(bytes) != nil { return .integer }
        switch bytes.withUnsafeBufferPointer({ canonicalReal($0, decimalComma: decimalComma) }) {
        case .yes: return .real
        case .longer: return real(bytes, decimalComma: decimalComma) != nil ? .real : .text
        case .no: return .text
        }
    }

    /// The value of a field in a column of this type: empty text is null.
    func value(_ bytes: [UInt8], decimalComma: Bool, decode: ([UInt8]) -> String) -> JSONValue {
        if bytes.isEmpty { return .null }
        switch kind {
        case .boolean: return .bool(bytes == Self.trueBytes)
        case .integer: if let i = Self.integer(bytes) { return .integer(i) }
        case .real: if let d = Self.real(bytes, decimalComma: decimalComma) ?? Self.integer(bytes).map(Double.init) { return .double(d) }
        case .empty, .text: break
        }
        return .string(decode(bytes))
    }

    private static let trueBytes = Array("true".utf8), falseBytes = Array("false".utf8)

    /// An integer written as Swift and every GIS tool write it back: an optional minus,
    /// digits without a leading zero, no `-0`, within 64 bits.
    static func integer(_ bytes: [UInt8]) -> Int64? {
        var i = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { i = 1 }
        let digits = bytes.count - i
        guard digits > 0, digits <= 19 else { return nil }
        if bytes[i] == UInt8(ascii: "0") && (digits > 1 || negative) { return nil }
        var value: Int64 = 0
        while i < bytes.count {
            let d = bytes[i] &- 0x30
            guard d <= 9 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(d))
            guard !o1, !o2 else { return nil }
            value = sum
            i += 1
        }
        return negative ? -value : value
    }

    /// A real written exactly as its shortest round-trip form (`13.74`, `-0.5`, `5.0`; with a
    /// decimal comma file `13,74`): reading it and writing it back gives the same text.
    /// Decided on the bytes: at most 15 significant digits (so the text is the shortest
    /// form of its double), no leading zero, no trailing zero after the separator (but
    /// `5.0`), at least 0.0001 (smaller ones are written with an exponent).
    static func real(_ bytes: [UInt8], decimalComma: Bool) -> Double? {
        let separator = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        switch bytes.withUnsafeBufferPointer({ canonicalReal($0, decimalComma: decimalComma) }) {
        case .no:
            return nil
        case .yes:
            if let fast = bytes.withUnsafeBytes({ PlainDecimal.parse($0, separator: separator) }) { return fast }
            return parsed(bytes, separator: separator)
        case .longer:
            // 16 or 17 significant digits: canonical only when Swift writes it back so.
            guard let value = parsed(bytes, separator: separator) else { return nil }
            var written = Array(value.description.utf8)
            if decimalComma, let point = written.firstIndex(of: UInt8(ascii: ".")) { written[point] = separator }
            return written == bytes ? value : nil
        }
    }

    private static func parsed(_ bytes: [UInt8], separator: UInt8) -> Double? {
        var text = bytes
        if separator != UInt8(ascii: "."), let i = text.firstIndex(of: separator) { text[i] = UInt8(ascii: ".") }
        return Double(String(decoding: text, as: UTF8.self)).flatMap { $0.isFinite ? $0 : nil }
    }

    enum Canonical { case no, yes, longer }

    static func canonicalReal(_ bytes: UnsafeBufferPointer<UInt8>, decimalComma: Bool) -> Canonical {
        let separator = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        var i = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        let integerStart = i
        while i < bytes.count, bytes[i] &- 0x30 <= 9 { i += 1 }
        let integerDigits = i - integerStart
        guard integerDigits > 0, i < bytes.count, bytes[i] == separator else { return .no }
        if integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0") { return .no }
        i += 1
        let fractionStart = i
        while i < bytes.count, bytes[i] &- 0x30 <= 9 { i += 1 }
        let fractionDigits = i - fractionStart
        guard i == bytes.count, fractionDigits > 0 else { return .no }
        let integerIsZero = bytes[integerStart] == UInt8(ascii: "0")
        if bytes[bytes.count - 1] == UInt8(ascii: "0") {
            // Only `N.0` ends in a zero (and `0.0`).
            guard fractionDigits == 1 else { return .no }
            return integerDigits <= 15 ? .yes : .longer
        }
        var significant = integerIsZero ? 0 : integerDigits
        if integerIsZero {
            var leadingZeros = 0
            while bytes[fractionStart + leadingZeros] == UInt8(ascii: "0") { leadingZeros += 1 }
            if leadingZeros > 3 { return .no }  // below 0.0001
            significant += fractionDigits - leadingZeros
        } else {
            significant += fractionDigits
        }
        // Up to 15 significant digits a decimal is the shortest text of its double; 16 and
        // 17 may be, which the caller checks the slow way.
        return significant <= 15 ? .yes : (significant <= 17 ? .longer : .no)
    }
}

extension CSVColumnType {
    /// The types of a file's columns, decided in one pass over its bytes (no row is built):
    /// the rows after line `headerLine` (a units row included in `skippingThrough`), all
    /// but the `ignored` (coordinate) columns.
    static func scan(path: String, delimiter: UInt8, columns: Int, ignored: Set<Int>, skippingThrough lastSkippedLine: Int,
                     decimalComma: Bool) -> [CSVColumnType] {
        var types = Array(repeating: CSVColumnType(), count: columns)
        for i in ignored where i < columns { types[i].kind = .text }
        guard let handle = FileHandle(forReadingAtPath: path) else { return types }
        defer { try? handle.close() }
        enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
        var state = State.fieldStart
        var field = 0, line = 1, rowLine = 1
        var value: [UInt8] = []
        value.reserveCapacity(32)
        var tooLong = false
        var skipLineFeed = false
        var first = true
        func finishField() {
            if rowLine > lastSkippedLine, field < columns, types[field].kind != .text {
                if tooLong { types[field].kind = .text } else { types[field].add(value, decimalComma: decimalComma) }
            }
            field += 1
            value.removeAll(keepingCapacity: true)
            tooLong = false
        }
        func finishRow() {
            finishField()
            field = 0
            rowLine = line
        }
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { raw in
                var start = 0
                if first {
                    first = false
                    if raw.count >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF { start = 3 }
                }
                for index in start..<raw.count {
                    let b = raw[index]
                    if skipLineFeed {
                        skipLineFeed = false
                        if b == 0x0A { continue }
                    }
                    switch state {
                    case .quoted:
                        if b == 0x22 { state = .quoteInQuoted; continue }
                        if b == 0x0A { line += 1 }
                    case .quoteInQuoted where b == 0x22:
                        state = .quoted  // a doubled quote: one quote of the value
                    case .fieldStart where b == 0x22:
                        state = .quoted
                        continue
                    case .quoteInQuoted, .fieldStart, .unquoted:
                        // Outside quotes: a delimiter or line break ends the field.
                        if b == delimiter { finishField(); state = .fieldStart; continue }
                        if b == 0x0A || b == 0x0D {
                            line += 1
                            skipLineFeed = b == 0x0D
                            finishRow()
                            state = .fieldStart
                            continue
                        }
                        state = .unquoted
                    }
                    // A byte of the value: kept while the column may still be a number.
                    if field < columns, types[field].kind != .text, !tooLong {
                        if value.count < 32 { value.append(b) } else { tooLong = true }
                    }
                }
            }
        }
        if field > 0 || !value.isEmpty { finishRow() }
        return types
    }
}
