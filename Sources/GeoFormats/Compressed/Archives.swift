import Foundation
import GeoCore
import ZIPFoundation

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
        // Zips made on Windows may separate folders with backslashes.
        func fileName(_ entry: Entry) -> String { (entry.path.replacingOccurrences(of: "\\", with: "/") as NSString).lastPathComponent }
        let chosen: Entry?
        if let layer {
            chosen = shapefiles.first { (fileName($0) as NSString).deletingPathExtension.lowercased() == layer.lowercased() }
        } else {
            chosen = shapefiles.first
        }
        guard let shp = chosen else {
            let names = shapefiles.map { (fileName($0) as NSString).deletingPathExtension }
            throw fail(layer.map { "no shapefile \"\($0)\" in the archive (found: \(names.joined(separator: ", ")))" } ?? "no .shp in the archive")
        }
        let base = String(shp.path.dropLast(4))
        let members = archive.filter { entry in
            entry.type == .file && entry.path.count == base.count + 4 && entry.path.hasPrefix(base) && entry.path[base.endIndex...].hasPrefix(".")
        }
        // The sizes the archive declares, checked before anything is unpacked. Summed
        // without overflow: sizes up to 2^64 are the archive's word, not a fact.
        func total(_ size: (Entry) -> UInt64) -> Int {
            members.reduce(0) { sum, entry in
                let (next, overflow) = sum.addingReportingOverflow(Int(clamping: size(entry)))
                return overflow ? .max : next
            }
        }
        let archiveSize = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
        // A member that claims more compressed bytes than the archive holds is truncated or
        // forged; ZIPFoundation would read past the end forever (found by fuzzing).
        for entry in members where Int(clamping: entry.compressedSize) > archiveSize {
            throw fail("\(fileName(entry)) claims \(entry.compressedSize) compressed bytes, more than the archive's \(archiveSize): the archive is truncated or damaged")
        }
        if total(\.compressedSize) > archiveSize {
            throw fail("its members claim more compressed bytes than the archive's \(archiveSize): the archive is truncated or damaged")
        }
        if let problem = UnpackLimits.current.problem(unpacked: total(\.uncompressedSize), compressed: archiveSize) {
            throw fail("not unpacked: \(problem)")
        }
        if let problem = ZipIntegrity.problem(in: path, limits: UnpackLimits.current) {
            throw fail("not unpacked: \(problem)")
        }
        var shpPath = ""
        for entry in members {
            let name = fileName(entry)
            guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("..") else { continue }
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
        guard let archive = try? Archive(url: URL(fileURLWithPath: path), accessMode: .read, pathEncoding: nil) else { return [] }
        return archive.filter { $0.path.lowercased().hasSuffix(".shp") }
            .map { (($0.path.replacingOccurrences(of: "\\", with: "/") as NSString).lastPathComponent as NSString).deletingPathExtension }
    }
}
