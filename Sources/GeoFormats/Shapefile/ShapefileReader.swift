import Foundation
import GeoCore
import GeoPROJ

/// Reads an ESRI Shapefile (`.shp` with its `.dbf`, `.prj`, `.cpg`) feature by feature.
/// Files are memory-mapped, so memory stays flat however large they are.
///
/// - Geometry: every 2D, Z and M shape type (M is dropped, with a warning); polygon
///   rings are grouped into polygons by orientation and containment.
/// - Attributes: dBase types C, N, F, L, D (dates as `YYYY-MM-DD` text); text decoded by
///   the `.cpg` file, else the dBase language driver byte (CP1252, CP850), else ISO-8859-1.
/// - CRS: the `.prj` read by PROJ and identified as an EPSG code when PROJ is confident;
///   otherwise kept as its WKT.
public final class ShapefileReader: FeatureSource {
    /// The `.shp` path.
    public let path: String
    public let layerName: String
    public let crs: CRSReference?
    public var declaredFields: [Field]? { fields }
    /// What was changed or left out while reading so far: an unreadable `.dbf` part, M
    /// values, rings closed, invalid geometries kept as features without geometry.
    public var warnings: [ReadWarning] { log.warnings }
    private var log = WarningLog()

    private let shp: Data
    private let table: DBaseTable?
    private let fields: [Field]
    private var offset = 100
    private var index = 0

    /// Opens a shapefile by its `.shp` path (the `.dbf` is optional; without it features
    /// have no attributes).
    /// - Parameters:
    ///   - path: the `.shp` file.
    ///   - encoding: overrides the `.dbf`'s text encoding.
    /// - Throws: `ReadError` naming the file for a missing or malformed header.
    public init(path: String, encoding: TextEncoding? = nil) throws(ReadError) {
        self.path = path
        let base = String(path.dropLast(4))
        layerName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let shp = FileContents.read(atPath: path) else {
            throw ReadError(format: "Shapefile", location: SourceLocation(file: path), message: "cannot open the file", code: .cannotOpen)
        }
        guard shp.count >= 100, shp[shp.startIndex] == 0, shp[shp.startIndex + 1] == 0, shp[shp.startIndex + 2] == 0x27, shp[shp.startIndex + 3] == 0x0A else {
            throw ReadError(format: "Shapefile", location: SourceLocation(file: path, byteOffset: 0), message: "not a shapefile (the header's file code is not 9994)")
        }
        self.shp = shp
        let sibling = { (ext: String) -> String? in
            for candidate in [base + "." + ext, base + "." + ext.uppercased()] where FileManager.default.fileExists(atPath: candidate) {
                return candidate
            }
            return nil
        }
        if let dbf = sibling("dbf") {
            let codePage = sibling("cpg").flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }
            do {
                table = try DBaseTable(path: dbf, codePage: codePage, encoding: encoding)
            } catch {
                throw ReadError(format: "dBase", location: SourceLocation(file: dbf), message: error.message)
            }
        } else {
            table = nil
            log.append(ReadWarning(location: SourceLocation(file: path), message: "no .dbf beside the .shp: features have no attributes"))
        }
        fields = table?.fields ?? []
        if let prj = sibling("prj"), let wkt = try? String(contentsOfFile: prj, encoding: .utf8), !wkt.isEmpty {
            crs = Self.reference(forPRJ: wkt)
        } else {
            crs = nil
        }
        let shapeType = Int32(littleEndian: shp.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 32, as: Int32.self) })
        if [21, 23, 25, 28].contains(shapeType) {
            log.append(ReadWarning(location: SourceLocation(file: path), message: "M (measure) values are not kept"))
        }
        let offsets = Self.recordOffsets(shp)
        if let shx = sibling("shx") { checkIndex(shx, against: offsets) }
        if let table {
            let records = offsets.count
            if table.recordCount != records {
                log.append(ReadWarning(location: SourceLocation(file: path),
                                            message: "the .dbf holds \(table.recordCount) records and the .shp \(records): "
                                                + (table.recordCount < records ? "the last shapes have no attributes" : "the last records have no shape and are not read")))
            }
        }
    }

    /// The byte offset of every record header in a `.shp`, walking the headers.
    static func recordOffsets(_ shp: Data) -> [Int] {
        var offsets: [Int] = []
        var offset = 100
        shp.withUnsafeBytes { raw in
            while offset + 8 <= raw.count {
                let length = Int(Int32(bigEndian: raw.loadUnaligned(fromByteOffset: offset + 4, as: Int32.self))) * 2
                guard length >= 0, offset + 8 + length <= raw.count else { break }
                offsets.append(offset)
                offset += 8 + length
            }
        }
        return offsets
    }

    /// Compares the `.shx` index with the records of the `.shp` (which GeoKit reads in
    /// order, without the index) and warns where they disagree: a set of files from
    /// different runs, or a damaged index that other tools would follow.
    private func checkIndex(_ path: String, against offsets: [Int]) {
        guard let shx = FileContents.read(atPath: path), shx.count >= 100 else {
            log.append(ReadWarning(location: SourceLocation(file: path), message: "the .shx is too short to be an index; the .shp is read without it"))
            return
        }
        let entries = (shx.count - 100) / 8
        var firstMismatch: Int?
        shx.withUnsafeBytes { raw in
            for i in 0..<min(entries, offsets.count) {
                let offset = Int(Int32(bigEndian: raw.loadUnaligned(fromByteOffset: 100 + i * 8, as: Int32.self))) * 2
                if offset != offsets[i] { firstMismatch = i; break }
            }
        }
        if entries != offsets.count {
            log.append(ReadWarning(location: SourceLocation(file: path),
                                        message: "the .shx indexes \(entries) records, the .shp holds \(offsets.count); GeoKit reads the .shp's records in order"))
        } else if let firstMismatch {
            log.append(ReadWarning(location: SourceLocation(file: path, featureIndex: firstMismatch),
                                        message: "the .shx points elsewhere than the .shp's record \(firstMismatch); GeoKit reads the .shp's records in order"))
        }
    }

    /// The `.prj` as an EPSG reference when it carries an EPSG `AUTHORITY` or PROJ
    /// identifies it with confidence ≥ 90 %, otherwise as its WKT.
    static func reference(forPRJ wkt: String) -> CRSReference? {
        guard let crs = try? CRS(declaredByData: wkt) else { return .other(wkt) }
        if crs.authority?.uppercased() == "EPSG", let code = crs.code.flatMap({ Int($0) }) { return .epsg(code) }
        if let best = crs.identify().first, best.confidence >= 90, best.authority == "EPSG", let code = Int(best.code) {
            return .epsg(code)
        }
        return .other(wkt)
    }

    public func next() throws(ReadError) -> Feature? {
        while offset + 8 <= shp.count {
            let header = shp.withUnsafeBytes { raw in
                (Int32(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)),
                 Int(Int32(bigEndian: raw.loadUnaligned(fromByteOffset: offset + 4, as: Int32.self))) * 2)
            }
            let recordStart = offset
            let length = header.1
            guard length >= 4, offset + 8 + length <= shp.count else {
                throw ReadError(format: "Shapefile", location: SourceLocation(file: path, byteOffset: recordStart, featureIndex: index),
                                message: "record \(header.0) claims \(length) bytes, beyond the end of the file")
            }
            offset += 8 + length
            let record = index
            index += 1
            if let table, table.isDeleted(record) { continue }
            let geometry: Geometry?
            switch ShapefileGeometry.decode(shp, range: (recordStart + 8)..<(recordStart + 8 + length)) {
            case .success(let g):
                let (kept, warning) = g?.keptByLenientReader() ?? (nil, nil)
                if let warning { log.add(warning, at: SourceLocation(file: path, featureIndex: record)) }
                geometry = kept
            case .failure(let failure):
                throw ReadError(format: "Shapefile", location: SourceLocation(file: path, byteOffset: recordStart, featureIndex: record), message: failure.message)
            }
            var properties = JSONObject()
            if let table, record < table.recordCount {
                do { properties = try table.record(record, fields: fields) } catch {
                    throw ReadError(format: "dBase", location: SourceLocation(file: path, featureIndex: record), message: error.message)
                }
            }
            return Feature(id: .integer(Int64(record)), geometry: geometry, properties: properties)
        }
        return nil
    }

    /// Reads the rest into a layer.
    /// - Throws: `ReadError`.
    public func readAll() throws(ReadError) -> Layer {
        var features: [Feature] = []
        while let f = try next() { features.append(f) }
        return Layer(name: layerName, crs: crs, features: features, fields: fields)
    }
}

/// Shapefiles: reading whole layers.
public enum Shapefile {
    /// Reads a shapefile by its `.shp` path.
    /// - Throws: `ReadError`.
    public static func readLayer(atPath path: String, encoding: TextEncoding? = nil) throws(ReadError) -> Layer {
        try ShapefileReader(path: path, encoding: encoding).readAll()
    }
}
