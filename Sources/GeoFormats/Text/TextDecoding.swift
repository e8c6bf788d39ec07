import GeoCore

/// The text encodings open-data CSVs arrive in.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
    /// UTF-8 (a leading byte-order mark is skipped).
    case utf8 = "utf-8"
    /// Windows-1252, the usual "ANSI" of German Excel exports (€ and „“ differ from Latin-1).
    case windows1252 = "windows-1252"
    /// ISO-8859-1 (Latin-1).
    case latin1 = "iso-8859-1"
    /// IBM code page 850 (DOS Latin-1), found in old dBase files.
    case cp850 = "cp850"

    /// Parses a name such as `utf-8`, `cp1252`, `latin1`.
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "windows-1252", "cp1252", "ansi": self = .windows1252
        case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "88591", "8859-1": self = .latin1
        case "cp850", "850", "ibm850", "oem850": self = .cp850
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

    /// Code page 850's characters for 0x80–0xFF.
    static let cp850High: [UInt32] = [
        0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
        0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9, 0x00FF, 0x00D6, 0x00DC, 0x00F8, 0x00A3, 0x00D8, 0x00D7, 0x0192,
        0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA, 0x00BF, 0x00AE, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
        0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00C1, 0x00C2, 0x00C0, 0x00A9, 0x2563, 0x2551, 0x2557, 0x255D, 0x00A2, 0x00A5, 0x2510,
        0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x00E3, 0x00C3, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x00A4,
        0x00F0, 0x00D0, 0x00CA, 0x00CB, 0x00C8, 0x0131, 0x00CD, 0x00CE, 0x00CF, 0x2518, 0x250C, 0x2588, 0x2584, 0x00A6, 0x00CC, 0x2580,
        0x00D3, 0x00DF, 0x00D4, 0x00D2, 0x00F5, 0x00D5, 0x00B5, 0x00FE, 0x00DE, 0x00DA, 0x00DB, 0x00D9, 0x00FD, 0x00DD, 0x00AF, 0x00B4,
        0x00AD, 0x00B1, 0x2017, 0x00BE, 0x00B6, 0x00A7, 0x00F7, 0x00B8, 0x00B0, 0x00A8, 0x00B7, 0x00B9, 0x00B3, 0x00B2, 0x25A0, 0x00A0,
    ]

    /// Decodes bytes; invalid UTF-8 becomes U+FFFD (callers detect first).
    public func decode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { decode($0) }
    }

    /// Decodes bytes in memory; invalid UTF-8 becomes U+FFFD.
    func decode(_ raw: UnsafeRawBufferPointer) -> String {
        var bytes = raw
        if self == .utf8 {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropFirst(3)) }
            return String(decoding: bytes, as: UTF8.self)
        }
        // ASCII reads the same in every encoding here: the common case needs no table.
        guard bytes.contains(where: { $0 >= 0x80 }) else { return String(decoding: bytes, as: UTF8.self) }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count * 3)
        for b in bytes {
            let value: UInt32
            switch self {
            case .windows1252 where (0x80...0x9F).contains(b): value = TextEncoding.windows1252High[Int(b) - 0x80]
            case .cp850 where b >= 0x80: value = TextEncoding.cp850High[Int(b) - 0x80]
            default: value = UInt32(b)
            }
            utf8.append(contentsOf: UTF8.encode(Unicode.Scalar(value)!)!)
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}
