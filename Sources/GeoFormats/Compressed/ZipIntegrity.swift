import CZlibShim
import Foundation
import GeoCore

/// GeoKit's own check of a zip archive before ZIPFoundation extracts from it: every
/// member's data lies inside the file and its deflate stream ends within its compressed
/// size. ZIPFoundation's inflate loop never stops on a stream that does not end (it keeps
/// reading empty chunks past the end of the file; found by fuzzing).
enum ZipIntegrity {
    /// Why the archive's members cannot be read safely, or `nil` when they can.
    static func problem(in path: String, limits: UnpackLimits) -> String? {
        guard let data = FileContents.read(atPath: path) else { return "cannot open the file" }
        return data.withUnsafeBytes { raw in problem(in: raw, limits: limits) }
    }

    static func problem(in bytes: UnsafeRawBufferPointer, limits: UnpackLimits) -> String? {
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        // The end-of-central-directory record: within the last 64 KiB + 22 bytes.
        guard bytes.count >= 22 else { return "too short to be a zip archive" }
        var end = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while end >= lowest, u32(end) != 0x0605_4B50 { end -= 1 }
        guard end >= lowest else { return "no end of central directory" }
        let count = u16(end + 10), size = u32(end + 12), start = u32(end + 16)
        // ZIP64 archives (sizes 0xFFFFFFFF) are left to ZIPFoundation.
        if count == 0xFFFF || size == 0xFFFF_FFFF || start == 0xFFFF_FFFF { return nil }
        guard start + size <= end else { return "the central directory lies outside the file" }
        var at = start
        for index in 0..<count {
            guard at + 46 <= start + size, u32(at) == 0x0201_4B50 else { return "central directory record \(index) is damaged" }
            let method = u16(at + 10), compressed = u32(at + 20), uncompressed = u32(at + 24)
            let nameLength = u16(at + 28), extraLength = u16(at + 30), commentLength = u16(at + 32)
            let local = u32(at + 42)
            at += 46 + nameLength + extraLength + commentLength
            if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || local == 0xFFFF_FFFF { continue }
            guard local + 30 <= bytes.count, u32(local) == 0x0403_4B50 else { return "member \(index) has no local header where the directory says" }
            let dataStart = local + 30 + u16(local + 26) + u16(local + 28)
            guard dataStart + compressed <= bytes.count else { return "member \(index) claims more bytes than the file holds" }
            if method == 8, let problem = deflateProblem(UnsafeRawBufferPointer(rebasing: bytes[dataStart..<(dataStart + compressed)]),
                                                        compressedSize: compressed, limits: limits) {
                return "member \(index): \(problem)"
            }
        }
        return nil
    }

    /// Inflates a raw deflate stream into a scratch buffer: nil when it ends within its
    /// bytes, else why not.
    private static func deflateProblem(_ input: UnsafeRawBufferPointer, compressedSize: Int, limits: UnpackLimits) -> String? {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return "zlib cannot start" }
        defer { inflateEnd(&stream) }
        let chunk = 1 << 16
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk)
        defer { buffer.deallocate() }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.avail_in = UInt32(input.count)
        var produced = 0
        while true {
            stream.next_out = buffer
            stream.avail_out = UInt32(chunk)
            let code = CZlibShim.inflate(&stream, Z_NO_FLUSH)
            produced += chunk - Int(stream.avail_out)
            if let problem = limits.problem(unpacked: produced, compressed: compressedSize) { return problem }
            switch code {
            case Z_STREAM_END: return nil
            case Z_OK: continue
            case Z_BUF_ERROR where stream.avail_in == 0: return "its compressed data ends before the stream does (truncated or damaged)"
            default: return "corrupt compressed data (\(stream.msg.map { String(cString: $0) } ?? "zlib code \(code)"))"
            }
        }
    }
}
