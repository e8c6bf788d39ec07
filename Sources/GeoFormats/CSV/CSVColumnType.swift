import GeoCore

/// The type of one CSV column, decided over every value of the file so that a column has
/// one type and no value changes its text: a column is numeric only when *every*
/// non-empty value is a number written the one way that number is written back
/// (`42`, `-7`, `13.74`; not `04229`, `+3`, ` 12`, `1.50` or `1e5`), else it is text and
/// each value keeps its exact text.
struct CSVColumnType: Equatable {
    /// What the values seen so far allow.
    private(set) var kind: Kind = .empty

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

    /// The narrowest kind of one non-empty value.
    static func kind(of bytes: [UInt8], decimalComma: Bool) -> Kind {
        if bytes == Self.trueBytes || bytes == Self.falseBytes { return .boolean }
        if integer(bytes) != nil { return .integer }
        if real(bytes, decimalComma: decimalComma) != nil { return .real }
        return .text
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

    /// A real written exactly as its shortest round-trip form (`13.74`, `-0.5`; with a
    /// decimal comma file `13,74`): reading it and writing it back gives the same text.
    static func real(_ bytes: [UInt8], decimalComma: Bool) -> Double? {
        let separator = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        guard bytes.contains(separator), bytes.count <= 24 else { return nil }
        guard let value = bytes.withUnsafeBytes({ PlainDecimal.parse($0, separator: separator) }), value.isFinite else { return nil }
        if bytes.first == UInt8(ascii: "+") { return nil }
        // The text Swift (and so every GeoKit writer) writes for this value.
        var written = Array(value.description.utf8)
        if decimalComma, let point = written.firstIndex(of: UInt8(ascii: ".")) { written[point] = separator }
        return written == bytes ? value : nil
    }
}
