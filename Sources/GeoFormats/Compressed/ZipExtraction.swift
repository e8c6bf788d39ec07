import CZlibShim
import Foundation

/// CRC-32 as zip and gzip use it, computed by the system zlib.
enum ZipChecksum {
    static func crc32(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        var value = UInt(previous)
        var rest = bytes
        // zlib takes lengths as 32-bit counts.
        while !rest.isEmpty {
            let length = min(rest.count, 1 << 30)
            value = CZlibShim.crc32(value, rest.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(length))
            rest = UnsafeRawBufferPointer(rebasing: rest[length...])
        }
        return UInt32(truncatingIfNeeded: value)
    }
}

extension ZipMember {
    /// Unpacks this member of `archive` into a new file at `target`, bounded by the sizes
    /// the directory declares: a deflate stream that gives more bytes than declared, ends
    /// early or never ends within its compressed bytes is an error, as is a CRC-32 that
    /// does not match. Stored (0) and deflate (8) members are read; others are named.
    /// - Throws: `ZipProblem` with the offset in the archive.
    func extract(from archive: UnsafeRawBufferPointer, to target: String) throws(ZipProblem) {
        let data = try dataRange(in: archive)
        let input = UnsafeRawBufferPointer(rebasing: archive[data])
        guard let output = fopen(target, "wb") else {
            throw ZipProblem(message: "cannot write \(fileName) to the temporary folder: \(String(cString: strerror(errno)))")
        }
        var closed = false
        defer { if !closed { fclose(output) } }
        let write: (UnsafeRawBufferPointer) throws(ZipProblem) -> Void = { chunk throws(ZipProblem) in
            guard chunk.isEmpty || fwrite(chunk.baseAddress, 1, chunk.count, output) == chunk.count else {
                throw ZipProblem(message: "cannot write \(fileName) to the temporary folder: \(String(cString: strerror(errno)))")
            }
        }
        let checksum: UInt32
        switch method {
        case 0:
            guard compressedSize == uncompressedSize else {
                throw ZipProblem(message: "\(path) is stored uncompressed but declares \(compressedSize) stored and \(uncompressedSize) unpacked bytes", byteOffset: data.lowerBound)
            }
            try write(input)
            checksum = ZipChecksum.crc32(input)
        case 8:
            checksum = try inflate(input, startingAt: data.lowerBound, write: write)
        default:
            throw ZipProblem(message: "\(path) is compressed with \(Self.methodName(method)), which GeoKit does not read; zip it again with deflate", byteOffset: localHeaderOffset)
        }
        guard checksum == self.checksum else {
            throw ZipProblem(message: "\(path) does not match its CRC-32 (the archive is corrupt)", byteOffset: data.lowerBound)
        }
        closed = true
        guard fclose(output) == 0 else {
            throw ZipProblem(message: "cannot write \(fileName) to the temporary folder: \(String(cString: strerror(errno)))")
        }
    }

    /// The byte range of the member's data: after its local header, inside the archive.
    private func dataRange(in archive: UnsafeRawBufferPointer) throws(ZipProblem) -> Range<Int> {
        if isEncrypted {
            throw ZipProblem(message: "\(path) is encrypted; GeoKit does not read encrypted archives", byteOffset: localHeaderOffset)
        }
        let reader = ZipBytes(archive)
        guard (try? reader.u32(localHeaderOffset)) == 0x0403_4B50 else {
            throw ZipProblem(message: "\(path) has no local header where the directory says (byte \(localHeaderOffset))", byteOffset: localHeaderOffset)
        }
        let start = localHeaderOffset + 30 + (try reader.u16(localHeaderOffset + 26)) + (try reader.u16(localHeaderOffset + 28))
        guard start <= archive.count, compressedSize <= archive.count - start else {
            throw ZipProblem(message: "\(path) claims \(compressedSize) compressed bytes, more than the archive holds after byte \(start): the archive is truncated or damaged", byteOffset: localHeaderOffset)
        }
        return start..<(start + compressedSize)
    }

    /// Inflates a raw deflate stream in 1 MiB chunks; returns the CRC-32 of the output.
    private func inflate(_ input: UnsafeRawBufferPointer, startingAt offset: Int,
                         write: (UnsafeRawBufferPointer) throws(ZipProblem) -> Void) throws(ZipProblem) -> UInt32 {
        var stream = z_stream()
        // -15: raw deflate, no zlib or gzip wrapper.
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ZipProblem(message: "zlib cannot start")
        }
        defer { inflateEnd(&stream) }
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 1)
        defer { buffer.deallocate() }
        var consumed = 0, produced = 0
        var checksum: UInt32 = 0
        func fail(_ message: String) -> ZipProblem { ZipProblem(message: "\(path): \(message)", byteOffset: offset + consumed) }
        while true {
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self)).map { $0 + consumed }
            let available = min(input.count - consumed, Int(UInt32.max))
            stream.avail_in = UInt32(available)
            stream.next_out = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
            stream.avail_out = UInt32(chunk)
            let code = CZlibShim.inflate(&stream, Z_NO_FLUSH)
            consumed += available - Int(stream.avail_in)
            let output = UnsafeRawBufferPointer(rebasing: buffer[0..<(chunk - Int(stream.avail_out))])
            produced += output.count
            // The declared size bounds the output: what the archive promised, and what
            // the unpack limits were checked against.
            guard produced <= uncompressedSize else { throw fail("its data unpacks to more than the \(uncompressedSize) bytes it declares (the archive is corrupt or forged)") }
            try write(output)
            checksum = ZipChecksum.crc32(output, continuing: checksum)
            switch code {
            case Z_STREAM_END:
                guard produced == uncompressedSize else { throw fail("its data unpacks to \(produced) bytes, not the \(uncompressedSize) it declares") }
                return checksum
            case Z_OK:
                continue
            case Z_BUF_ERROR where consumed == input.count:
                throw fail("its compressed data ends before the deflate stream does (truncated or damaged)")
            default:
                throw fail("corrupt compressed data (\(stream.msg.map { String(cString: $0) } ?? "zlib code \(code)"))")
            }
        }
    }

    private static func methodName(_ method: Int) -> String {
        let names = [1: "shrink", 6: "implode", 9: "Deflate64", 12: "bzip2", 14: "LZMA", 93: "Zstandard", 95: "XZ", 98: "PPMd", 99: "AES encryption"]
        return names[method].map { "\($0) (method \(method))" } ?? "method \(method)"
    }
}
