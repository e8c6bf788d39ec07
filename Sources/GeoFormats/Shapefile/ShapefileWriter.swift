import Foundation
import GeoCore
import GeoPROJ

/// Writes an ESRI Shapefile (`.shp`, `.shx`, `.dbf`, `.prj`, `.cpg`) feature by feature.
///
/// A shapefile holds one geometry family (points, multipoints, lines or polygons; Z when
/// any geometry has Z). When the layer description says which, that is the shape type;
/// otherwise the features decide it as they come: points that turn out to mix with
/// multipoints, or 2D geometries followed by 3D ones, get the records before them
/// rewritten in the wider type when the file is finished, and a geometry of another family
/// is an error naming the feature. Likewise, when the description's fields may grow,
/// properties without a field get a column as they appear. Polygons are written with
/// clockwise shells and counter-clockwise holes, as the format requires; null and empty
/// geometries become null shapes. Field names longer than 10 bytes are shortened and text
/// longer than 254 bytes is cut — each reported in `warnings`, never silently. Text is
/// UTF-8 (announced by the `.cpg`); the `.prj` is PROJ's ESRI WKT of the CRS.
///
/// Every file is written under a temporary name and renamed by `finish()`, the `.shp`
/// last, so a failed or killed run leaves no `.shp` under the target name.
public final class ShapefileWriter: FeatureSink {
    /// The `.shp` path.
    public let path: String
    /// What was changed to fit the format (shortened names, cut values).
    public private(set) var warnings: [String] = []

    /// The shape type records are written in now.
    private var shapeType: Int32
    /// Whether the features decide the shape type (the description did not say it).
    private let shapeTypeFromFeatures: Bool
    /// Whether a feature has set the shape type yet.
    private var shapeTypeChosen: Bool
    /// Whether records were written in a narrower type than the final one.
    private var recordsNeedWidening = false
    private var shp: AtomicFile
    private var shx: AtomicFile
    private var dbf: AtomicFile
    private var prj: AtomicFile?
    private var cpg: AtomicFile
    private var table: DBaseWriter
    private var offset = 100  // bytes written to the .shp
    private var records = 0
    private var extent = BoundingBox.Accumulator()
    private var zRange = (Double.infinity, -Double.infinity)
    private var pending: [UInt8] = []
    private var index: [UInt8] = []
    private var finished = false

    /// The shapefile shape type for a set of geometry types, or nil when they mix families.
    static func shapeType(for types: Set<GeometryType>, hasZ: Bool) -> Int32? {
        let base: Int32
        if types.isSubset(of: [.point]) { base = 1 }
        else if types.isSubset(of: [.point, .multiPoint]) { base = 8 }
        else if types.isSubset(of: [.lineString, .multiLineString]) { base = 3 }
        else if types.isSubset(of: [.polygon, .multiPolygon]) { base = 5 }
        else { return nil }
        return hasZ ? base + 10 : base
    }

    /// Whether an existing set may be replaced (its stale members removed).
    private let overwriting: Bool

    /// Creates the files (under temporary names until `finish()`).
    /// - Parameters:
    ///   - path: the `.shp` path; the other files go beside it.
    ///   - layer: the fields, CRS and geometry types (all must be one family).
    ///   - overwrite: when false, an existing `.shp` at `path` is an error.
    /// - Throws: `WriteError` for mixed or unknown geometry families, an existing target
    ///   without `overwrite`, or a folder that cannot be written.
    public init(path: String, layer: LayerSchema, overwrite: Bool = false) throws(WriteError) {
        guard path.lowercased().hasSuffix(".shp") else { throw WriteError(file: path, message: "a shapefile's name must end in .shp") }
        self.path = path
        overwriting = overwrite
        if let types = layer.geometryTypes {
            guard let type = Self.shapeType(for: types, hasZ: layer.hasZ ?? false) else {
                throw WriteError(file: path, message: "a shapefile holds one geometry family, these features mix \(types.map(\.rawValue).sorted().joined(separator: ", ")); write a GeoPackage (.gpkg) instead")
            }
            shapeType = type
            shapeTypeFromFeatures = false
            shapeTypeChosen = true
        } else {
            // Points until a feature says otherwise (also what a layer without geometries gets).
            shapeType = 1
            shapeTypeFromFeatures = true
            shapeTypeChosen = false
        }
        let base = String(path.dropLast(4))
        shp = try AtomicFile(path: path, overwrite: overwrite)
        shx = try AtomicFile(path: base + ".shx", overwrite: overwrite)
        dbf = try AtomicFile(path: base + ".dbf", overwrite: overwrite)
        cpg = try AtomicFile(path: base + ".cpg", overwrite: overwrite)
        try cpg.write(Array("UTF-8".utf8))
        if let crs = layer.crs {
            guard let resolved = try? CRS(crs == .crs84 ? .epsg(4326) : crs), let wkt = resolved.wkt(.wkt1ESRI) else {
                throw WriteError(file: path, message: "the CRS of the data, \(crs.identifier.abbreviated(to: 80)), cannot be written as a .prj: PROJ does not read it or has no ESRI WKT for it (--s-crs names the CRS)")
            }
            prj = try AtomicFile(path: base + ".prj", overwrite: overwrite)
            try prj?.write(Array(wkt.utf8))
        }
        table = try DBaseWriter(fields: layer.fields, growing: layer.fieldsMayGrow,
                                path: base + ".dbf")
        try shp.write([UInt8](repeating: 0, count: 100))
        try shx.write([UInt8](repeating: 0, count: 100))
    }

    public func write(_ feature: Feature) throws(WriteError) {
        guard !finished else { throw WriteError(file: path, message: "write after finish") }
        if let error = WriteError.unwritable(feature.geometry, file: path, featureIndex: records) { throw error }
        // The record goes straight into the pending bytes: number, a length patched in
        // once the content is there, content.
        let recordStart = pending.count
        pending.append(bigEndian: Int32(records + 1))
        pending.append(bigEndian: Int32(0))
        do {
            if shapeTypeFromFeatures, let geometry = feature.geometry, !geometry.isEmpty { try choose(for: geometry) }
            try appendRecord(for: feature.geometry)
        } catch {
            pending.removeSubrange(recordStart...)
            throw WriteError(file: path, featureIndex: records, message: error.message)
        }
        let contentLength = pending.count - recordStart - 8
        guard offset + 8 + contentLength < Int(Int32.max) else {
            pending.removeSubrange(recordStart...)
            throw WriteError(file: path, featureIndex: records, message: "the .shp would pass 2 GB, the format's limit; write a GeoPackage (.gpkg) instead")
        }
        pending.replace(bigEndian: Int32(contentLength / 2), at: recordStart + 4)
        records += 1
        index.append(bigEndian: Int32(offset / 2))
        index.append(bigEndian: Int32(contentLength / 2))
        offset += 8 + contentLength
        try table.append(feature.properties)
        if pending.count > 1 << 20 {
            try shp.write(pending)
            try shx.write(index)
            pending.removeAll(keepingCapacity: true)
            index.removeAll(keepingCapacity: true)
        }
    }

    public func finish() throws(WriteError) {
        guard !finished else { return }
        finished = true
        try shp.write(pending)
        try shx.write(index)
        pending.removeAll()
        index.removeAll()
        if recordsNeedWidening { try widenRecords() }
        try shp.write(header(fileLength: offset), atOffset: 0)
        try shx.write(header(fileLength: 100 + 8 * records), atOffset: 0)
        warnings += try table.finish(into: dbf)
        if table.unwrittenDates > 0 {
            warnings.append("\(table.unwrittenDates) values of date fields were not dates (YYYY-MM-DD) and were written empty")
        }
        if table.truncatedValues > 0 {
            warnings.append("\(table.truncatedValues) text values were cut to dBase's 254 bytes")
        }
        try replaceSet()
    }

    /// Puts the finished members in place so that no reader ever sees old and new members
    /// together: an old `.shp` goes first (a set without it is no shapefile at all), then
    /// the old set's members the new one does not have (a `.prj` of another CRS, spatial
    /// indexes `.qix`/`.sbn`/`.sbx` of other records), then the new members, the `.shp`
    /// last. A run killed midway leaves no readable mix.
    private func replaceSet() throws(WriteError) {
        let base = String(path.dropLast(4))
        if unlink(path) != 0 && errno != ENOENT {
            throw WriteError(file: path, message: "cannot replace the old shapefile: \(String(cString: strerror(errno)))")
        }
        var stale = overwriting ? ["qix", "sbn", "sbx", "shp.xml", "aux.xml"] : []
        if overwriting && prj == nil { stale.append("prj") }
        for ext in stale {
            for candidate in [base + "." + ext, base + "." + ext.uppercased()] where unlink(candidate) != 0 && errno != ENOENT {
                throw WriteError(file: candidate, message: "cannot remove the old set's file: \(String(cString: strerror(errno)))")
            }
        }
        try dbf.commit()
        try shx.commit()
        try cpg.commit()
        try prj?.commit()
        try shp.commit()
    }

    // MARK: - Records

    struct Failure: Error { var message: String }

    /// Lets a geometry widen the shape type chosen by the features before it.
    private func choose(for geometry: Geometry) throws(Failure) {
        guard let wanted = Self.shapeType(for: [geometry.type], hasZ: geometry.hasZ) else {
            throw Failure(message: "a \(geometry.type.rawValue) has no shapefile shape type; write a GeoPackage (.gpkg) instead")
        }
        guard shapeTypeChosen else {
            shapeType = wanted
            shapeTypeChosen = true
            return
        }
        guard wanted != shapeType else { return }
        // Points and multipoints are one family (multipoints hold both).
        func family(_ type: Int32) -> Int32 { type % 10 == 8 ? 1 : type % 10 }
        guard family(wanted) == family(shapeType) else {
            let names: [Int32: String] = [1: "points", 3: "lines", 5: "polygons"]
            throw Failure(message: "a \(geometry.type.rawValue) among \(names[family(shapeType)] ?? "other shapes"): a shapefile holds one geometry family; write a GeoPackage (.gpkg) instead")
        }
        let widened = max(shapeType % 10, wanted % 10) + (shapeType > 10 || wanted > 10 ? 10 : 0)
        if widened != shapeType {
            if records > 0 { recordsNeedWidening = true }
            shapeType = widened
        }
    }

    /// Rewrites the `.shp` and `.shx` with every record in the final shape type: each
    /// record is read back, decoded and written again (2D ones get z = 0, a point becomes
    /// a multipoint of one).
    private func widenRecords() throws(WriteError) {
        let newShapes = try AtomicFile(path: path, overwrite: true)
        let newIndex = try AtomicFile(path: String(path.dropLast(4)) + ".shx", overwrite: true)
        try newShapes.write([UInt8](repeating: 0, count: 100))
        try newIndex.write([UInt8](repeating: 0, count: 100))
        let end = offset
        var readAt = 100
        var unread: [UInt8] = []
        var newOffset = 100
        var number = 0
        while readAt < end || !unread.isEmpty {
            if readAt < end {
                unread += try shp.read(atOffset: readAt, count: min(1 << 20, end - readAt))
                readAt = min(end, readAt + (1 << 20))
            }
            var at = 0
            while at + 8 <= unread.count {
                let length = 2 * Int(Int32(bigEndian: unread.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at + 4, as: Int32.self) }))
                guard at + 8 + length <= unread.count else { break }
                let geometry: Geometry?
                switch ShapefileGeometry.decode(unread, range: (at + 8)..<(at + 8 + length)) {
                case .success(let g): geometry = g
                case .failure(let error):
                    throw WriteError(file: path, featureIndex: number, message: "cannot read back the record written: \(error)")
                }
                number += 1
                let recordStart = pending.count
                pending.append(bigEndian: Int32(number))
                pending.append(bigEndian: Int32(0))
                do { try appendRecord(for: geometry) } catch {
                    throw WriteError(file: path, featureIndex: number - 1, message: error.message)
                }
                let contentLength = pending.count - recordStart - 8
                guard newOffset + 8 + contentLength < Int(Int32.max) else {
                    throw WriteError(file: path, featureIndex: number - 1, message: "the .shp would pass 2 GB, the format's limit; write a GeoPackage (.gpkg) instead")
                }
                pending.replace(bigEndian: Int32(contentLength / 2), at: recordStart + 4)
                index.append(bigEndian: Int32(newOffset / 2))
                index.append(bigEndian: Int32(contentLength / 2))
                newOffset += 8 + contentLength
                at += 8 + length
            }
            unread.removeFirst(at)
            if readAt >= end, !unread.isEmpty, at == 0 {
                throw WriteError(file: path, message: "cannot read back the records written: the file ends inside a record")
            }
            try newShapes.write(pending)
            try newIndex.write(index)
            pending.removeAll(keepingCapacity: true)
            index.removeAll(keepingCapacity: true)
        }
        offset = newOffset
        shp = newShapes
        shx = newIndex
    }

    /// Appends the record content for a geometry to `pending`.
    private func appendRecord(for geometry: Geometry?) throws(Failure) {
        guard let geometry, !geometry.isEmpty else {
            pending.append(littleEndian: Int32(0))
            return
        }
        let hasZ = shapeType > 10
        if shapeType % 10 == 1, case .point(let p) = geometry {
            extent.add(p)
            pending.append(littleEndian: shapeType)
            pending.append(littleEndian: p.x)
            pending.append(littleEndian: p.y)
            if hasZ { pending.append(littleEndian: track(p.z ?? 0)) }
            return
        }
        var parts: [[Position]] = []
        switch (shapeType % 10, geometry) {
        case (8, .point(let p)): parts = [[p]]
        case (8, .multiPoint(let ps)): parts = [ps.filter { !$0.isEmpty }]
        case (3, .lineString(let ps)): parts = [ps]
        case (3, .multiLineString(let ls)): parts = ls.filter { !$0.isEmpty }
        case (5, .polygon(let rings)): parts = Self.oriented(rings)
        case (5, .multiPolygon(let polygons)): parts = polygons.flatMap(Self.oriented)
        default: throw Failure(message: "a \(geometry.type.rawValue) does not fit this shapefile's shape type \(shapeType)")
        }
        var box = BoundingBox.Accumulator()
        var pointCount = 0
        for part in parts {
            pointCount += part.count
            for p in part { box.add(p) }
        }
        if let b = box.box { extent.add(b) }
        let b = box.box ?? BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0)
        pending.append(littleEndian: shapeType)
        for v in [b.minX, b.minY, b.maxX, b.maxY] { pending.append(littleEndian: v) }
        if shapeType % 10 == 8 {
            pending.append(littleEndian: Int32(pointCount))
        } else {
            pending.append(littleEndian: Int32(parts.count))
            pending.append(littleEndian: Int32(pointCount))
            var start: Int32 = 0
            for part in parts {
                pending.append(littleEndian: start)
                start += Int32(part.count)
            }
        }
        for part in parts {
            for p in part {
                pending.append(littleEndian: p.x)
                pending.append(littleEndian: p.y)
            }
        }
        if hasZ {
            var minZ = Double.infinity, maxZ = -Double.infinity
            for part in parts {
                for p in part {
                    let z = track(p.z ?? 0)
                    minZ = min(minZ, z)
                    maxZ = max(maxZ, z)
                }
            }
            pending.append(littleEndian: pointCount > 0 ? minZ : 0)
            pending.append(littleEndian: pointCount > 0 ? maxZ : 0)
            for part in parts {
                for p in part { pending.append(littleEndian: p.z ?? 0) }
            }
            // The optional M block is left out: GDAL then reads "3D", not "3D Measured".
        }
    }

    private func track(_ z: Double) -> Double {
        zRange = (min(zRange.0, z), max(zRange.1, z))
        return z
    }

    /// Shells clockwise, holes counter-clockwise.
    static func oriented(_ rings: [[Position]]) -> [[Position]] {
        rings.enumerated().compactMap { i, ring in
            guard !ring.isEmpty else { return nil }
            let clockwise = ShapefileGeometry.signedArea(ring) < 0
            return (i == 0) == clockwise ? ring : ring.reversed()
        }
    }

    private func header(fileLength: Int) -> [UInt8] {
        var h: [UInt8] = []
        h.append(bigEndian: Int32(9994))
        h += [UInt8](repeating: 0, count: 20)
        h.append(bigEndian: Int32(fileLength / 2))
        h.append(littleEndian: Int32(1000))
        h.append(littleEndian: shapeType)
        let b = extent.box ?? BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0)
        let z = zRange.0 <= zRange.1 ? zRange : (0, 0)
        for v in [b.minX, b.minY, b.maxX, b.maxY, z.0, z.1, 0, 0] { h.append(littleEndian: v) }
        return h
    }
}

extension Shapefile {
    /// Writes a whole layer as a shapefile.
    /// - Returns: what had to change to fit the format (shortened names, cut values).
    /// - Throws: `WriteError`.
    @discardableResult
    public static func write(_ layer: Layer, toPath path: String, overwrite: Bool = false) throws(WriteError) -> [String] {
        try LayerIO.write(layer, toPath: path, format: .shapefile, overwrite: overwrite)
    }
}
