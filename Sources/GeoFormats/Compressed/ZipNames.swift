import Foundation

/// Member names of zip archives. The format knows two encodings: UTF-8 when flag bit 11
/// says so, else IBM code page 437 (the DOS code page). Many tools write UTF-8 without
/// the flag, so a name that is valid UTF-8 is read as UTF-8; an Info-ZIP Unicode Path
/// field (id 0x7075) that matches the name wins over both.
enum ZipNames {
    static func decode(_ name: UnsafeRawBufferPointer, flags: Int, extra: UnsafeRawBufferPointer) -> String {
        if let unicode = unicodePath(for: name, in: extra) { return unicode }
        if flags & (1 << 11) != 0 || name.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: name, as: UTF8.self)
        }
        if let utf8 = String(validating: name, as: UTF8.self) { return utf8 }
        return String(String.UnicodeScalarView(name.map(codePage437)))
    }

    /// The payload of the extra field with `id`, if the archive holds one that fits.
    static func extraField(_ id: Int, in extra: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        var at = 0
        while at + 4 <= extra.count {
            let fieldID = Int(extra[at]) | Int(extra[at + 1]) << 8
            let length = Int(extra[at + 2]) | Int(extra[at + 3]) << 8
            guard at + 4 + length <= extra.count else { return nil }
            if fieldID == id { return UnsafeRawBufferPointer(rebasing: extra[(at + 4)..<(at + 4 + length)]) }
            at += 4 + length
        }
        return nil
    }

    /// The UTF-8 name of an Info-ZIP Unicode Path field (version 1, with the CRC-32 of
    /// the header's name, so that a field left stale by a renaming tool is ignored).
    private static func unicodePath(for name: UnsafeRawBufferPointer, in extra: UnsafeRawBufferPointer) -> String? {
        guard let field = extraField(0x7075, in: extra), field.count > 5, field[0] == 1 else { return nil }
        let stored = UInt32(field[1]) | UInt32(field[2]) << 8 | UInt32(field[3]) << 16 | UInt32(field[4]) << 24
        guard stored == ZipChecksum.crc32(name) else { return nil }
        return String(validating: UnsafeRawBufferPointer(rebasing: field[5...]), as: UTF8.self)
    }

    /// IBM code page 437: ASCII below 0x80, then these 128 characters.
    private static let upperHalf = Array(
        "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐"
            + "└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}"
    ).map { $0.unicodeScalars.first! }

    private static func codePage437(_ byte: UInt8) -> Unicode.Scalar {
        byte < 0x80 ? Unicode.Scalar(byte) : upperHalf[Int(byte) - 0x80]
    }
}
