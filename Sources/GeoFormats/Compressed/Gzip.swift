import CZlibShim
import Foundation
import GeoCore

/// gzip files (RFC 1952) inflated by the system zlib, which also checks each member's
/// CRC-32 and length. Several members one after another (what `cat a.gz b.gz` makes) are
/// one stream, as `gzip -d` reads them.
enum Gzip {
    /// Inflates a gzip file into `folder`, 1 MB at a time.
    /// - Returns: the path of the inflated file (the name without `.gz`).
    /// - Throws: `ReadError` naming the file and the byte offset for a bad header,
    ///   corrupt or truncated data, a checksum that does not match, or an output beyond
    ///   ``UnpackLimits/current`` (the partial copy is then removed with the folder).
    static func inflate(_ path: String, into folder: ScratchFolder) throws(ReadError) -> String {
        func fail(_ message: String, at offset: Int? = nil) -> ReadError {
            ReadError(format: "gzip", location: SourceLocation(file: path, byteOffset: offset), message: message)
        }
        let input: Data
        guard let contents = FileContents.read(atPath: path) else { throw fail("cannot open the file") }
        input = contents
        guard input.count >= 18, input[0] == 0x1F, input[1] == 0x8B else { throw fail("not a gzip file", at: 0) }
        guard input[2] == 8 else { throw fail("unknown compression method \(input[2])", at: 2) }
        let name = (path as NSString).lastPathComponent
        let target = folder.path + "/" + (name.lowercased().hasSuffix(".gz") ? String(name.dropLast(3)) : name)
        guard let output = fopen(target, "wb") else { throw fail("cannot write the inflated copy") }
        var closed = false
        defer { if !closed { fclose(output) } }
        let limits = UnpackLimits.current
        let failure: (message: String, offset: Int)? = input.withUnsafeBytes { raw in
            inflate(raw, to: output, limits: limits)
        }
        if let failure { throw fail(failure.message, at: failure.offset) }
        closed = true
        guard fclose(output) == 0 else { throw fail("cannot write the inflated copy: \(String(cString: strerror(errno)))") }
        return target
    }

    /// Inflates every member of `raw` into `output`; nil on success, else what went wrong
    /// and the offset in the compressed file.
    private static func inflate(_ raw: UnsafeRawBufferPointer, to output: UnsafeMutablePointer<FILE>, limits: UnpackLimits) -> (message: String, offset: Int)? {
        var stream = z_stream()
        // 15 + 16: a gzip wrapper, with its header and trailer checked by zlib.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return ("zlib cannot start", 0)
        }
        defer { inflateEnd(&stream) }
        let chunk = 1 << 20
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk)
        defer { buffer.deallocate() }
        var consumed = 0
        var written = 0
        while true {
            let remaining = raw.count - consumed
            stream.next_in = UnsafeMutablePointer(mutating: raw.baseAddress!.assumingMemoryBound(to: UInt8.self) + consumed)
            stream.avail_in = UInt32(min(remaining, Int(UInt32.max)))
            let before = Int(stream.avail_in)
            stream.next_out = buffer
            stream.avail_out = UInt32(chunk)
            let code = CZlibShim.inflate(&stream, Z_NO_FLUSH)
            consumed += before - Int(stream.avail_in)
            let produced = chunk - Int(stream.avail_out)
            if produced > 0, fwrite(buffer, 1, produced, output) != produced {
                return ("cannot write the inflated copy: \(String(cString: strerror(errno)))", consumed)
            }
            written += produced
            if let problem = limits.problem(unpacked: written, compressed: raw.count) { return (problem, consumed) }
            switch code {
            case Z_OK:
                continue
            case Z_STREAM_END:
                // Another member may follow; zero padding after the last one is allowed.
                let rest = UnsafeRawBufferPointer(rebasing: raw[consumed...])
                if rest.allSatisfy({ $0 == 0 }) { return nil }
                guard rest.count >= 2, rest[0] == 0x1F, rest[1] == 0x8B else {
                    return ("data after the end of the gzip stream that is not another gzip member", consumed)
                }
                inflateReset(&stream)
            case Z_BUF_ERROR where stream.avail_in == 0:
                return ("the compressed data ends early (a truncated file)", consumed)
            case Z_DATA_ERROR:
                let reason = stream.msg.map { String(cString: $0) } ?? "invalid data"
                if reason.contains("check") || reason.contains("length") {
                    return ("the data does not match the gzip checksum (\(reason)): the file is corrupt", consumed)
                }
                return ("corrupt compressed data (\(reason))", consumed)
            default:
                return ("zlib failed with code \(code)", consumed)
            }
        }
    }
}
