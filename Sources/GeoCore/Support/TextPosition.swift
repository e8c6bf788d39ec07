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
        for b in bytes {
            if b == UInt8(ascii: "\n") {
                linesBefore += 1
                columnCarry = 0
            } else if b & 0xC0 != 0x80 {
                columnCarry += 1
            }
        }
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
