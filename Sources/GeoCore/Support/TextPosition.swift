#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns byte offsets into 1-based line and column numbers, for error messages.
///
/// Columns count characters (UTF-8 sequences), not bytes, so that "Gießen" does not shift
/// the caret. `linesBefore`/`lineStartBefore` let a streaming reader that has discarded
/// the start of a file keep counting.
package struct TextPositionResolver: Sendable {
    /// Lines completed before the first byte of the buffer.
    package var linesBefore: Int = 0
    /// Number of characters on the current line that precede the buffer.
    package var columnCarry: Int = 0

    package init() {}

    package func lineAndColumn(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = linesBefore + 1
        var column = columnCarry + 1
        let end = min(offset, bytes.count)
        var i = 0
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return (line, column)
    }

    /// Advances past `bytes`, which are being discarded from the front of the buffer.
    package mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty else { return }
        // Only the bytes after the last newline affect the column.
        let lastNewline = Self.lastIndex(of: 0x0A, in: bytes)
        if lastNewline >= 0 {
            linesBefore += Self.count(of: 0x0A, in: UnsafeBufferPointer(rebasing: bytes[0...lastNewline]))
            columnCarry = 0
        }
        let tail = UnsafeBufferPointer(rebasing: bytes[(lastNewline + 1)...])
        columnCarry += tail.count - Self.continuationByteCount(in: tail)
    }

    /// Sums per-byte 0/1 flags computed eight bytes at a time by `flags` (each byte of its
    /// result is 0x80 or 0), folding the byte lanes before they can overflow.
    @inline(__always)
    private static func countFlags(in bytes: UnsafeBufferPointer<UInt8>, scalar: (UInt8) -> Bool, flags: (UInt64) -> UInt64) -> Int {
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let n = bytes.count
        var total = 0
        var i = 0
        while i + 8 <= n {
            var lanes: UInt64 = 0
            var rounds = 0
            while rounds < 255, i + 8 <= n {
                lanes &+= flags(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) >> 7
                i += 8
                rounds += 1
            }
            total += Int((lanes &* 0x0101_0101_0101_0101) >> 56)
        }
        while i < n {
            if scalar(bytes[i]) { total += 1 }
            i += 1
        }
        return total
    }

    /// The index of the last byte equal to `byte`, or -1; eight bytes at a time.
    static func lastIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
        var end = bytes.count
        while end >= 8 {
            let x = raw.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self) ^ pattern
            let zeros = ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & 0x8080_8080_8080_8080
            if zeros != 0 { break }
            end -= 8
        }
        var i = end - 1
        while i >= 0, bytes[i] != byte { i -= 1 }
        return i
    }

    /// How many bytes equal `byte` (exact per-byte zero test on word ^ pattern).
    static func count(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
        return countFlags(in: bytes, scalar: { $0 == byte }) { word in
            let x = word ^ pattern
            return ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & 0x8080_8080_8080_8080
        }
    }

    /// How many bytes are UTF-8 continuation bytes (10xxxxxx).
    static func continuationByteCount(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        countFlags(in: bytes, scalar: { $0 & 0xC0 == 0x80 }) { word in word & ~(word << 1) & 0x8080_8080_8080_8080 }
    }
}

/// Where a parser's buffer sits in its input: the file name, the line/column state at the
/// buffer's first byte, and that byte's absolute offset.
package struct TextOrigin: Sendable {
    package var file: String?
    package var resolver: TextPositionResolver
    package var offsetOfFirstByte: Int

    package init(file: String?, resolver: TextPositionResolver = TextPositionResolver(), offsetOfFirstByte: Int = 0) {
        self.file = file
        self.resolver = resolver
        self.offsetOfFirstByte = offsetOfFirstByte
    }

    package func location(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>, featureIndex: Int?) -> SourceLocation {
        let (line, column) = resolver.lineAndColumn(of: offset, in: bytes)
        return SourceLocation(file: file, line: line, column: column, byteOffset: offset + offsetOfFirstByte, featureIndex: featureIndex)
    }
}
