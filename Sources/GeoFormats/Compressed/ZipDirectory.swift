import Foundation

/// Why a zip archive cannot be read, and where: the byte offset in the archive when one
/// is known.
struct ZipProblem: Error {
    var message: String
    var byteOffset: Int?
}

/// One member of a zip archive as the central directory describes it.
struct ZipMember: Sendable {
    /// The member's position in the central directory (0-based).
    var index: Int
    /// Its path in the archive, with backslashes (zips made on Windows) read as slashes.
    var path: String
    /// The compression method: 0 stored, 8 deflate; others are named in errors.
    var method: Int
    /// The general-purpose flags (bit 0: encrypted).
    var flags: Int
    /// The CRC-32 of the unpacked bytes.
    var checksum: UInt32
    /// Bytes in the archive, in bytes.
    var compressedSize: Int
    /// Bytes once unpacked, as declared.
    var uncompressedSize: Int
    /// Where the member's local header starts.
    var localHeaderOffset: Int

    /// A folder entry rather than a file.
    var isFolder: Bool { path.hasSuffix("/") }
    /// The last path component.
    var fileName: String { (path as NSString).lastPathComponent }
    /// The member is encrypted.
    var isEncrypted: Bool { flags & 1 != 0 }
}

/// The central directory of a zip archive (APPNOTE 6.3), ZIP64 included, read with
/// every offset and size checked against the file: a damaged or forged archive is an
/// error, never a read past the end.
struct ZipDirectory {
    let members: [ZipMember]

    /// Reads the directory of the archive in `bytes`.
    /// - Throws: `ZipProblem` when the archive's structure is damaged.
    init(_ bytes: UnsafeRawBufferPointer) throws(ZipProblem) {
        let reader = ZipBytes(bytes)
        let end = try Self.endRecord(reader)
        var count = try reader.u16(end + 10), size = try reader.u32(end + 12), start = try reader.u32(end + 16)
        if count == 0xFFFF || size == 0xFFFF_FFFF || start == 0xFFFF_FFFF, let zip64 = try Self.zip64EndRecord(reader, before: end) {
            (count, size, start) = (try reader.u64(zip64 + 32), try reader.u64(zip64 + 40), try reader.u64(zip64 + 48))
        }
        guard start <= bytes.count, size <= bytes.count - start else {
            throw ZipProblem(message: "the central directory (\(size) bytes at \(start)) lies outside the file of \(bytes.count) bytes: the archive is truncated or damaged", byteOffset: end)
        }
        var members: [ZipMember] = []
        var at = start
        for index in 0..<count {
            // Every record takes at least 46 bytes, so a forged count ends with the directory.
            guard at <= start + size - 46, try reader.u32(at) == 0x0201_4B50 else {
                throw ZipProblem(message: "central directory record \(index) of \(count) is damaged", byteOffset: at)
            }
            let nameLength = try reader.u16(at + 28), extraLength = try reader.u16(at + 30), commentLength = try reader.u16(at + 32)
            let next = at + 46 + nameLength + extraLength + commentLength
            guard next <= start + size else { throw ZipProblem(message: "central directory record \(index) runs past the directory", byteOffset: at) }
            let flags = try reader.u16(at + 8)
            let extra = try reader.slice(at + 46 + nameLength, count: extraLength)
            var member = ZipMember(index: index, path: "", method: try reader.u16(at + 10), flags: flags,
                                   checksum: UInt32(try reader.u32(at + 16)),
                                   compressedSize: try reader.u32(at + 20), uncompressedSize: try reader.u32(at + 24),
                                   localHeaderOffset: try reader.u32(at + 42))
            try Self.applyZip64(extra, to: &member, at: at)
            let name = try reader.slice(at + 46, count: nameLength)
            member.path = ZipNames.decode(name, flags: flags, extra: extra).replacingOccurrences(of: "\\", with: "/")
            members.append(member)
            at = next
        }
        self.members = members
    }

    /// The end-of-central-directory record: the last signature within 64 KiB + 22 bytes
    /// of the end (a comment may follow it).
    private static func endRecord(_ reader: ZipBytes) throws(ZipProblem) -> Int {
        guard reader.count >= 22 else { throw ZipProblem(message: "too short to be a zip archive (\(reader.count) bytes)") }
        var end = reader.count - 22
        let lowest = max(0, end - 65_535)
        while end >= lowest {
            if try reader.u32(end) == 0x0605_4B50 { return end }
            end -= 1
        }
        throw ZipProblem(message: "no end of central directory: the archive is truncated or not a zip archive")
    }

    /// The ZIP64 end record that the locator just before `end` points to, if any.
    private static func zip64EndRecord(_ reader: ZipBytes, before end: Int) throws(ZipProblem) -> Int? {
        guard end >= 20, try reader.u32(end - 20) == 0x0706_4B50 else { return nil }
        let record = try reader.u64(end - 12)
        guard record <= reader.count - 56, try reader.u32(record) == 0x0606_4B50 else {
            throw ZipProblem(message: "the ZIP64 end of central directory is missing or damaged", byteOffset: end - 20)
        }
        return record
    }

    /// Replaces the 32-bit sizes and offset marked 0xFFFFFFFF by the 64-bit values of the
    /// ZIP64 extra field (id 1), in the order the format fixes.
    private static func applyZip64(_ extra: UnsafeRawBufferPointer, to member: inout ZipMember, at offset: Int) throws(ZipProblem) {
        let wanted = [member.uncompressedSize, member.compressedSize, member.localHeaderOffset].map { $0 == 0xFFFF_FFFF }
        guard wanted.contains(true) else { return }
        guard let field = ZipNames.extraField(1, in: extra) else {
            throw ZipProblem(message: "member \(member.index) marks its sizes as ZIP64 but has no ZIP64 field", byteOffset: offset)
        }
        let reader = ZipBytes(field)
        var at = 0
        var values: [Int] = []
        for needed in wanted {
            guard needed else { values.append(-1); continue }
            guard let value = try? reader.u64(at) else {
                throw ZipProblem(message: "member \(member.index) has a ZIP64 field too short for its sizes", byteOffset: offset)
            }
            values.append(value)
            at += 8
        }
        if wanted[0] { member.uncompressedSize = values[0] }
        if wanted[1] { member.compressedSize = values[1] }
        if wanted[2] { member.localHeaderOffset = values[2] }
    }
}

/// Little-endian reads that check every offset against the buffer.
struct ZipBytes {
    let bytes: UnsafeRawBufferPointer
    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
    var count: Int { bytes.count }

    func u16(_ at: Int) throws(ZipProblem) -> Int {
        guard at >= 0, at <= count - 2 else { throw Self.outside(at) }
        return Int(bytes[at]) | Int(bytes[at + 1]) << 8
    }

    func u32(_ at: Int) throws(ZipProblem) -> Int {
        guard at >= 0, at <= count - 4 else { throw Self.outside(at) }
        return try u16(at) | u16(at + 2) << 16
    }

    /// A 64-bit value, clamped to `Int.max`: a size that large is checked against the
    /// file like any other and rejected there.
    func u64(_ at: Int) throws(ZipProblem) -> Int {
        guard at >= 0, at <= count - 8 else { throw Self.outside(at) }
        let value = UInt64(try u32(at)) | UInt64(try u32(at + 4)) << 32
        return Int(clamping: value)
    }

    func slice(_ at: Int, count length: Int) throws(ZipProblem) -> UnsafeRawBufferPointer {
        guard at >= 0, length >= 0, at <= count, length <= count - at else { throw Self.outside(at) }
        return UnsafeRawBufferPointer(rebasing: bytes[at..<(at + length)])
    }

    private static func outside(_ at: Int) -> ZipProblem {
        ZipProblem(message: "a structure at byte \(at) lies outside the file: the archive is truncated or damaged", byteOffset: at)
    }
}
