import GeoCore

extension ByteWriter {
    /// Writes text as XML character data (`&`, `<` and `>` escaped) or, with
    /// `attribute`, as an attribute value in double quotes (also `"` escaped; tab, line feed
    /// and carriage return as character references, so a reader gets them back instead of
    /// spaces). The text must hold only characters XML 1.0 allows (`XMLText.isAllowed`).
    package mutating func write(xml text: String, attribute: Bool = false) {
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for i in 0..<utf8.count {
                let b = utf8[i]
                let escape: StaticString? = switch b {
                case 0x26: "&amp;"
                case 0x3C: "&lt;"
                case 0x3E: "&gt;"
                case 0x22 where attribute: "&quot;"
                case 0x09 where attribute: "&#9;"
                case 0x0A where attribute: "&#10;"
                case 0x0D: "&#13;"
                default: nil
                }
                guard let escape else { continue }
                if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
                write(escape)
                runStart = i + 1
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
    }
}

/// What XML can carry.
enum XMLText {
    /// Whether every character of `text` is allowed in an XML 1.0 document (no control
    /// characters other than tab, line feed and carriage return; no U+FFFE or U+FFFF).
    static func isAllowed(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: true
            case 0..<0x20, 0xFFFE, 0xFFFF: false
            default: true
            }
        }
    }

    /// Whether `text` can follow a name's letter prefix in a non-colonised name (a
    /// `gml:id`) as it is: ASCII letters, digits, `_`, `-` and `.`, at least one.
    static func isNameTail(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D || b == 0x2E
        }
    }
}
