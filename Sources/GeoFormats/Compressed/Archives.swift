import Foundation
import GeoCore
import ZIPFoundation

/// Compressed inputs: gzip files (`.geojson.gz`) and zip archives of shapefiles are
/// unpacked into a private temporary folder, read from there, and the folder is removed
/// when the reader is released. Memory stays flat: both inflate in chunks.
final class ScratchFolder: @unchecked Sendable {
    let path: String

    init() throws(ReadError) {
        path = NSTemporaryDirectory() + "geokit-\(getpid())-\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ReadError(format: "file", location: SourceLocation(file: path), message: "cannot create a temporary folder: \(error.localizedDescription)")
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

enum Gzip {
    /// Inflates a gzip file (RFC 1952, one member) into `folder`, checking its CRC-32 and size.
    /// - Returns: the path of the inflated file (the name without `.gz`).
    /// - Throws: `ReadError` naming the file for a bad header or corrupt data.
    static func inflate(_ path: String, into folder: ScratchFolder) throws(ReadError) -> String {
        func fail(_ message: String, at offset: Int? = nil) -> ReadError {
            ReadError(format: "gzip", location: SourceLocation(file: path, byteOffset: offset), message: message)
        }
        guard let input = FileHandle(forReadingAtPath: path) else { throw fail("cannot open the file") }
        defer { try? input.close() }
        let size = Int((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        let head = [UInt8]((try? input.read(upToCount: 4096)) ?? Data())
        guard head.count >= 18, head[0] == 0x1F, head[1] == 0x8B else { throw fail("not a gzip file", at: 0) }
        guard head[2] == 8 else { throw fail("unknown compression method \(head[2])", at: 2) }
        let flags = head[3]
        var start = 10
        if flags & 0x04 != 0 { start += 2 + (Int(head[start]) | Int(head[start + 1]) << 8) }
        if flags & 0x08 != 0 { while start < head.count, head[start] != 0 { start += 1 }; start += 1 }
        if flags & 0x10 != 0 { while start < head.count, head[start] != 0 { start += 1 }; start += 1 }
        if flags & 0x02 != 0 { start += 2 }
        guard start + 8 <= size else { throw fail("the gzip header runs past the end", at: start) }
        let target = folder.path + "/" + String(((path as NSString).lastPathComponent).dropLast(3))
        guard FileManager.default.createFile(atPath: target, contents: nil), let output = FileHandle(forWritingAtPath: target) else {
            throw fail("cannot write the inflated copy")
        }
        defer { try? output.close() }
        var written: UInt64 = 0
        let checksum: UInt32
        do {
            try input.seek(toOffset: UInt64(start))
            checksum = try Data.decompress(size: Int64(size - start - 8), bufferSize: 1 << 20, skipCRC32: false, provider: { _, chunk in
                try input.read(upToCount: chunk) ?? Data()
            }, consumer: { data in
                written += UInt64(data.count)
                try output.write(contentsOf: data)
            })
            try input.seek(toOffset: UInt64(size - 8))
        } catch {
            throw fail("corrupt compressed data (\(error))")
        }
        let trailer = [UInt8]((try? input.read(upToCount: 8)) ?? Data())
        guard trailer.count == 8 else { throw fail("the gzip trailer is missing", at: size - 8) }
        let storedCRC = UInt32(trailer[0]) | UInt32(trailer[1]) << 8 | UInt32(trailer[2]) << 16 | UInt32(trailer[3]) << 24
        let storedSize = UInt32(trailer[4]) | UInt32(trailer[5]) << 8 | UInt32(trailer[6]) << 16 | UInt32(trailer[7]) << 24
        guard storedCRC == checksum, storedSize == UInt32(truncatingIfNeeded: written) else {
            throw fail("the data does not match the gzip checksum (corrupt or several gzip members)", at: size - 8)
        }
        return target
    }
}

enum ZipArchive {
    /// Extracts one shapefile (its `.shp` and every sibling file with the same base name)
    /// from a zip archive into `folder`.
    /// - Parameter layer: the shapefile's base name; nil takes the first `.shp` in the archive.
    /// - Returns: the extracted `.shp` path.
    /// - Throws: `ReadError` naming the archive.
    static func extractShapefile(from path: String, layer: String?, into folder: ScratchFolder) throws(ReadError) -> String {
        func fail(_ message: String) -> ReadError { ReadError(format: "zip", location: SourceLocation(file: path), message: message) }
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw fail("not a readable zip archive (\(error))")
        }
        let shapefiles = archive.filter { $0.type == .file && $0.path.lowercased().hasSuffix(".shp") && !$0.path.contains("__MACOSX") }
        let chosen: Entry?
        if let layer {
            chosen = shapefiles.first { (($0.path as NSString).lastPathComponent as NSString).deletingPathExtension.lowercased() == layer.lowercased() }
        } else {
            chosen = shapefiles.first
        }
        guard let shp = chosen else {
            let names = shapefiles.map { (($0.path as NSString).lastPathComponent as NSString).deletingPathExtension }
            throw fail(layer.map { "no shapefile \"\($0)\" in the archive (found: \(names.joined(separator: ", ")))" } ?? "no .shp in the archive")
        }
        let base = String(shp.path.dropLast(4))
        var shpPath = ""
        for entry in archive where entry.type == .file && entry.path.count == base.count + 4 && entry.path.hasPrefix(base) && entry.path[base.endIndex...].hasPrefix(".") {
            let name = (entry.path as NSString).lastPathComponent
            guard !name.contains("/"), !name.hasPrefix("..") else { continue }
            let target = folder.path + "/" + name
            do { _ = try archive.extract(entry, to: URL(fileURLWithPath: target)) } catch {
                throw fail("cannot extract \(entry.path): \(error)")
            }
            if entry.path == shp.path { shpPath = target }
        }
        return shpPath
    }

    /// The shapefiles a zip archive holds (base names).
    static func shapefileNames(in path: String) -> [String] {
        guard let archive = try? Archive(url: URL(fileURLWithPath: path), accessMode: .read) else { return [] }
        return archive.filter { $0.path.lowercased().hasSuffix(".shp") }.map { (($0.path as NSString).lastPathComponent as NSString).deletingPathExtension }
    }
}
