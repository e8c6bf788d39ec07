/// Appends UTF-8 text to a byte buffer without going through `String` concatenation;
/// the shared bottom layer of the text writers (GeoJSON, WKT).
package struct ByteWriter: Sendable {
    package var bytes: [UInt8] = []

    package init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    package mutating func write(_ byte: UInt8) { bytes.append(byte) }

    @inline(__always)
    package mutating func write(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    package mutating func write(raw text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Writes the shortest decimal text that reads back as exactly `value` (Swift's
    /// `description` guarantees the round trip). Integral values keep a `.0`.
    @inline(__always)
    package mutating func write(number value: Double) {
        bytes.append(contentsOf: value.description.utf8)
    }

    package mutating func write(integer value: Int64) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(value) + 0x30)
            return
        }
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Writes `text` as a JSON string literal: quotes, backslashes and control characters
    /// are escaped; everything else (umlauts included) is written as UTF-8.
    package mutating func write(jsonString text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for i in 0..<utf8.count {
                let b = utf8[i]
                if b >= 0x20 && b != 0x22 && b != 0x5C { continue }
                if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
                runStart = i + 1
                switch b {
                case 0x22: write("\\\"")
                case 0x5C: write("\\\\")
                case 0x0A: write("\\n")
                case 0x0D: write("\\r")
                case 0x09: write("\\t")
                case 0x08: write("\\b")
                case 0x0C: write("\\f")
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    write("\\u00")
                    bytes.append(hex[Int(b >> 4)])
                    bytes.append(hex[Int(b & 0xF)])
                }
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
