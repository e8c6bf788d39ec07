import Foundation
import GeoCore

/// Compressed inputs: gzip files (`.geojson.gz`) and zip archives of shapefiles are
/// unpacked into a private temporary folder, read from there, and the folder is removed
/// when the reader is released. Memory stays flat: both inflate in chunks.
final class ScratchFolder: @unchecked Sendable {
    let path: String

    init() throws(ReadError) {
        ScratchFiles.removeLeftovers(in: String(NSTemporaryDirectory().dropLast(NSTemporaryDirectory().hasSuffix("/") ? 1 : 0)))
        path = ScratchFiles.temporaryFolderName()
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ReadError(format: "file", location: SourceLocation(file: path), message: "cannot create a temporary folder: \(error.localizedDescription)")
        }
        ScratchFiles.register(path)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
        ScratchFiles.unregister(path)
    }
}

/// Zipped shapefiles, read by GeoKit's own zip reader (``ZipDirectory``,
/// ``ZipMember/extract(from:to:)``): every offset and size is checked against the file,
/// and every member unpacks within the size it declares.
enum ZipArchive {
    /// Extracts one shapefile (its `.shp` and every sibling file with the same base name)
    /// from a zip archive into `folder`.
    /// - Parameter layer: the shapefile's base name; nil takes the first `.shp` in the archive.
    /// - Returns: the extracted `.shp` path.
    /// - Throws: `ReadError` naming the archive, and the byte offset for a damaged one.
    static func extractShapefile(from path: String, layer: String?, into folder: ScratchFolder) throws(ReadError) -> String {
        func fail(_ message: String, at offset: Int? = nil) -> ReadError {
            ReadError(format: "zip", location: SourceLocation(file: path, byteOffset: offset), message: message)
        }
        guard let contents = FileContents.read(atPath: path) else { throw fail("cannot open the file") }
        let extracted: Result<String, ZipProblem> = contents.withUnsafeBytes { archive in
            do throws(ZipProblem) {
                let shapefiles = try shapefiles(in: archive)
                let chosen = layer.map { name in shapefiles.first { $0.baseName.lowercased() == name.lowercased() } } ?? shapefiles.first
                guard let shp = chosen else {
                    let names = shapefiles.map(\.baseName).joined(separator: ", ")
                    throw ZipProblem(message: layer.map { "no shapefile \"\($0)\" in the archive (found: \(names))" } ?? "no .shp in the archive")
                }
                try checkSizes(of: shp.members, archiveSize: archive.count)
                var shpPath = ""
                for member in shp.members {
                    let target = folder.path + "/" + member.fileName
                    try member.extract(from: archive, to: target)
                    if member.index == shp.main.index { shpPath = target }
                }
                return .success(shpPath)
            } catch {
                return .failure(error)
            }
        }
        switch extracted {
        case .success(let shp): return shp
        case .failure(let problem): throw fail(problem.message, at: problem.byteOffset)
        }
    }

    /// The shapefiles a zip archive holds (base names); empty when it holds none or
    /// cannot be read.
    static func shapefileNames(in path: String) -> [String] {
        (try? shapefiles(inArchiveAt: path).map(\.baseName)) ?? []
    }

    /// The shapefiles of the archive at `path`.
    /// - Throws: `ZipProblem` when the file cannot be read or its directory is damaged.
    static func shapefiles(inArchiveAt path: String) throws(ZipProblem) -> [ZippedShapefile] {
        guard let contents = FileContents.read(atPath: path) else { throw ZipProblem(message: "cannot open the file") }
        let found: Result<[ZippedShapefile], ZipProblem> = contents.withUnsafeBytes { archive in
            do throws(ZipProblem) { return .success(try shapefiles(in: archive)) } catch { return .failure(error) }
        }
        return try found.get()
    }

    /// A shapefile in an archive: its `.shp` member and the members that share its base
    /// name (`.dbf`, `.shx`, `.prj`, `.cpg`, …), the `.shp` included.
    struct ZippedShapefile {
        var main: ZipMember
        var members: [ZipMember]
        var baseName: String { (main.fileName as NSString).deletingPathExtension }
    }

    private static func shapefiles(in archive: UnsafeRawBufferPointer) throws(ZipProblem) -> [ZippedShapefile] {
        let files = try ZipDirectory(archive).members.filter { member in
            // One path component to unpack to; macOS resource forks are not shapefiles.
            let name = member.fileName
            return !member.isFolder && !name.isEmpty && name != "." && name != ".." && !name.contains("\0")
                && !member.path.hasPrefix("__MACOSX/") && !member.path.contains("/__MACOSX/")
        }
        // Names split at their last dot: no index of one string is used on another (names
        // from the archive may hold any Unicode; a fuzzed one trapped such an index).
        let split = files.map { member in (member: member, parts: Self.splitExtension(member.path)) }
        return split.filter { $0.parts.extension.lowercased() == "shp" }.map { shp in
            let members = split.filter { $0.parts.base == shp.parts.base && $0.parts.extension.count == 3 }.map(\.member)
            return ZippedShapefile(main: shp.member, members: members)
        }
    }

    /// A path as its part before the last dot of its last component and the extension
    /// after it (empty when there is none).
    private static func splitExtension(_ path: String) -> (base: String, extension: String) {
        let name = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        guard let dot = path[name...].lastIndex(of: ".") else { return (path, "") }
        return (String(path[..<dot]), String(path[path.index(after: dot)...]))
    }

    /// The sizes the archive declares, checked before anything is unpacked, summed
    /// without overflow: every member's data must lie in the file, and the whole must
    /// stay within ``UnpackLimits/current``.
    private static func checkSizes(of members: [ZipMember], archiveSize: Int) throws(ZipProblem) {
        let unpacked = members.reduce(0) { sum, member in
            let (next, overflow) = sum.addingReportingOverflow(member.uncompressedSize)
            return overflow ? .max : next
        }
        if let problem = UnpackLimits.current.problem(unpacked: unpacked, compressed: archiveSize) {
            throw ZipProblem(message: "not unpacked: \(problem)")
        }
    }
}
