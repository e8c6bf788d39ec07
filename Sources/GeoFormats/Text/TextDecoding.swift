import GeoCore

/// The text encodings open-data CSVs arrive in.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
    /// UTF-8 (a leading byte-order mark is skipped).
    case utf8 = "utf-8"
    /// Windows-1252, the usual "ANSI" of German Excel exports (€ and „“ differ from Latin-1).
    case windows1252 = "windows-1252"
    /// ISO-8859-1 (Latin-1).
    case latin1 = "iso-8859-1"

    /// Parses a name such as `utf-8`, `cp1252`, `latin1`.
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "windows-1252", "cp1252", "ansi": self = .windows1252
        case "iso-8859-1", "latin1", "latin-1", "iso8859-1": self = .latin1
        default: return nil
        }
    }

    /// UTF-8 when the bytes are valid UTF-8, otherwise Windows-1252 (which reads every
    /// Latin-1 text the same, except for the rarely used C1 control range).
    public static func detect(_ bytes: [UInt8]) -> TextEncoding {
        bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidByte(in: $0) == nil } ? .utf8 : .windows1252
    }

    /// Windows-1252's characters for 0x80–0x9F (the rest equals Latin-1).
    static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Decodes bytes; invalid UTF-8 becomes U+FFFD (callers detect first).
    public func decode(_ bytes: [UInt8]) -> String {
        var slice = bytes[...]
        if self == .utf8 {
            if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
            return String(decoding: slice, as: UTF8.self)
        }
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for b in slice {
            let value = self == .windows1252 && (0x80...0x9F).contains(b) ? TextEncoding.windows1252High[Int(b) - 0x80] : UInt32(b)
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }
}
