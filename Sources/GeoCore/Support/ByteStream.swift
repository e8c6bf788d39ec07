#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file (or standard input) in chunks into a sliding window addressed by
/// absolute byte offsets, so that streaming readers can hold a bounded amount of it.
///
/// Bytes stay in the window until `discard(before:)` says they are no longer needed;
/// the line/column resolver keeps counting across discarded bytes.
package struct ByteStream: ~Copyable {
    package private(set) var window: [UInt8] = []
    /// Absolute offset of `window[0]` in the input.
    package private(set) var windowOffset = 0
    package private(set) var reachedEnd = false
    package private(set) var resolver = TextPositionResolver()
    package let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let chunkSize: Int

    /// Opens `path` for reading; `-` is standard input.
    package init(path: String, chunkSize: Int = 1 << 20) throws(ReadError) {
        self.name = path
        self.chunkSize = chunkSize
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
        } else {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                throw ReadError(format: "file", location: SourceLocation(file: path), message: "cannot open: \(String(cString: strerror(errno)))", code: .cannotOpen)
            }
            var info = stat()
            if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                close(fd)
                throw ReadError(format: "file", location: SourceLocation(file: path), message: "is a directory, not a file")
            }
            descriptor = fd
            ownsDescriptor = true
        }
    }

    /// Wraps bytes already in memory.
    package init(bytes: [UInt8], name: String) {
        self.name = name
        self.window = bytes
        self.reachedEnd = true
        self.descriptor = -1
        self.ownsDescriptor = false
        self.chunkSize = 0
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Absolute offset one past the last byte loaded.
    package var loadedEnd: Int { windowOffset + window.count }

    /// Loads another chunk; returns false at the end of the input.
    package mutating func loadMore() throws(ReadError) -> Bool {
        if reachedEnd { return false }
        let old = window.count
        window.append(contentsOf: repeatElement(0, count: chunkSize))
        var got = 0
        let descriptor = descriptor
        let chunkSize = chunkSize
        var failure: Int32 = 0
        window.withUnsafeMutableBufferPointer { buffer in
            while got < chunkSize {
                let n = read(descriptor, buffer.baseAddress! + old + got, chunkSize - got)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if n == 0 { break }
                got += n
                if got >= chunkSize / 2 { break }
            }
        }
        window.removeLast(chunkSize - got)
        if failure != 0 {
            throw ReadError(format: "file", location: SourceLocation(file: name, byteOffset: loadedEnd),
                            message: "read failed: \(String(cString: strerror(failure)))")
        }
        if got == 0 { reachedEnd = true }
        return got > 0
    }

    /// The byte at absolute `offset`, loading as needed; `nil` past the end.
    @inline(__always)
    package mutating func byte(at offset: Int) throws(ReadError) -> UInt8? {
        while offset >= loadedEnd {
            if try !loadMore() { return nil }
        }
        return window[offset - windowOffset]
    }

    /// The first offset at or after `offset` that is not JSON whitespace (or the end).
    package mutating func skipWhitespace(from offset: Int) throws(ReadError) -> Int {
        var a = offset
        while let b = try byte(at: a), b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { a += 1 }
        return a
    }

    /// Forgets bytes before `offset` once enough have piled up.
    package mutating func discard(before offset: Int) {
        let n = offset - windowOffset
        guard n >= chunkSize, n <= window.count else { return }
        window.withUnsafeBufferPointer { resolver.consume(UnsafeBufferPointer(rebasing: $0[0..<n])) }
        window.removeFirst(n)
        windowOffset += n
    }

    /// Line and column of an absolute offset still in the window.
    package func location(of offset: Int, featureIndex: Int?) -> SourceLocation {
        let relative = max(0, offset - windowOffset)
        let (line, column) = window.withUnsafeBufferPointer { resolver.lineAndColumn(of: relative, in: $0) }
        return SourceLocation(file: name, line: line, column: column, byteOffset: offset, featureIndex: featureIndex)
    }

    /// Finds the end (exclusive, absolute) of the JSON value starting at `offset`, without
    /// parsing it: brackets are counted outside strings. Throws at the end of the input.
    package mutating func endOfValue(startingAt offset: Int, featureIndex: Int?) throws(ReadError) -> Int {
        guard let first = try byte(at: offset) else {
            throw ReadError(format: "GeoJSON", location: location(of: offset, featureIndex: featureIndex), message: "unexpected end of input, expected a value")
        }
        var depth = 0
        var inString = false
        var escaped = false
        var a = offset
        let isContainer = first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        if !isContainer && first != UInt8(ascii: "\"") {
            // A scalar: runs to the next delimiter.
            while let b = try byte(at: a) {
                if b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { break }
                a += 1
            }
            return a
        }
        while true {
            // Scan what is loaded with a tight loop, then load more.
            var i = a - windowOffset
            var finished = false
            window.withUnsafeBufferPointer { buffer in
                while i < buffer.count {
                    let b = buffer[i]
                    i += 1
                    if inString {
                        if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") {
                            inString = false
                            if depth == 0 { finished = true; return }
                        }
                        continue
                    }
                    switch b {
                    case UInt8(ascii: "\""): inString = true
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 { finished = true; return }
                    default: break
                    }
                }
            }
            a = i + windowOffset
            if finished { return a }
            if try !loadMore() {
                throw ReadError(format: "GeoJSON", location: location(of: offset, featureIndex: featureIndex),
                                message: "unexpected end of input: this \(first == UInt8(ascii: "{") ? "object" : first == UInt8(ascii: "[") ? "array" : "string") is never closed (truncated file?)")
            }
        }
    }
}
