import Foundation
import GeoCore

/// What the first bytes of a file say about its format: content wins over a misleading
/// name (`aed.txt` holding GeoJSON, a GeoPackage called `.db`), and a file GeoKit cannot
/// read gets a reason, not a CSV error quoting its first kilobytes.
public enum FileSignature {
    /// Whether a file starts with the gzip magic bytes.
    public static func isGzip(path: String) -> Bool { isGzip(head(of: path)) }

    /// The first 4 KB of a file (empty when it cannot be read).
    static func head(of path: String) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: 4096)) ?? Data())
    }

    static func isGzip(_ head: [UInt8]) -> Bool { head.starts(with: [0x1F, 0x8B]) }
    static func isZip(_ head: [UInt8]) -> Bool { head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) }
    static func isSQLite(_ head: [UInt8]) -> Bool { head.starts(with: Array("SQLite format 3\0".utf8)) }
    static func isShapefile(_ head: [UInt8]) -> Bool { head.count >= 100 && head.starts(with: [0x00, 0x00, 0x27, 0x0A]) }

    /// The first byte that is not white space or a UTF-8 byte-order mark.
    static func firstSignificantByte(_ head: [UInt8]) -> UInt8? {
        head.first { ![0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF].contains($0) }
    }

    /// Text holds no NUL bytes and no other control characters than tab and line breaks
    /// (and the RS of GeoJSON text sequences).
    static func looksLikeText(_ head: [UInt8]) -> Bool {
        !head.contains { $0 < 0x20 && ![0x09, 0x0A, 0x0D, 0x1E, 0x0C].contains($0) }
    }
}

extension VectorFormat {
    /// The format of a file: by its content where the first bytes decide (SQLite is
    /// GeoPackage, gzip and zip are unpacked, `{` or RS is GeoJSON, `<` is XML), else by
    /// its extension, else text with lines is CSV.
    /// - Throws: `ReadError` saying why a file is not read: it cannot be opened, is empty,
    ///   is XML (GML is not read yet), a zip without a shapefile, or binary data of no
    ///   format GeoKit reads.
    public static func identify(path: String) throws(ReadError) -> VectorFormat {
        func fail(_ message: String, code: ReadError.Code = .unsupportedFormat) -> ReadError {
            ReadError(format: "file", location: SourceLocation(file: path), message: message, code: code)
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw fail("cannot open the file: \(String(cString: strerror(errno)))", code: .cannotOpen) }
        close(descriptor)
        let head = FileSignature.head(of: path)
        let byName = VectorFormat(fileExtensionOf: path)
        if FileSignature.isSQLite(head) { return .geopackage }
        if FileSignature.isGzip(head) { return byName ?? .geojson }
        if FileSignature.isZip(head) {
            let shapefiles: [ZipArchive.ZippedShapefile]
            do { shapefiles = try ZipArchive.shapefiles(inArchiveAt: path) } catch {
                throw ReadError(format: "zip", location: SourceLocation(file: path, byteOffset: error.byteOffset), message: error.message)
            }
            guard !shapefiles.isEmpty else { throw fail("a zip archive without a shapefile (.shp) in it") }
            return .shapefile
        }
        if path.lowercased().hasSuffix(".zip") { throw fail("not a zip archive (its first bytes are not a zip header)") }
        if FileSignature.isShapefile(head) { return .shapefile }
        guard let first = FileSignature.firstSignificantByte(head) else {
            throw fail(head.isEmpty ? "the file is empty" : "the file holds only white space")
        }
        if first == UInt8(ascii: "{") { return byName == .geojsonSeq ? .geojsonSeq : .geojson }
        if first == 0x1E { return .geojsonSeq }
        if first == UInt8(ascii: "<") {
            throw fail("XML (GML, KML or a WFS response) is not supported yet; convert it with ogr2ogr to GeoPackage or GeoJSON first")
        }
        if let byName { return byName }
        // dBase III/IV/5 (0x03, 0x04, 0x05, with memo 0x83, 0x8B): a table without geometry.
        if path.lowercased().hasSuffix(".dbf"), let version = head.first, [0x03, 0x04, 0x05, 0x30, 0x83, 0x8B, 0xF5].contains(version) {
            return .shapefile
        }
        guard FileSignature.looksLikeText(head) else {
            throw fail("binary data of no format GeoKit reads (GeoPackage, Shapefile, GeoJSON, CSV, gzip, zip)")
        }
        guard head.contains(0x0A) || head.contains(0x0D) || head.count < 4096 else {
            throw fail("not a format GeoKit reads (no lines of text in the first 4 KB)")
        }
        return .csv
    }
}
