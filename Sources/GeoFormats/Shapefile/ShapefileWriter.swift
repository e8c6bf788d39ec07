import Foundation
import GeoCore
import GeoPROJ

/// Writes an ESRI Shapefile (`.shp`, `.shx`, `.dbf`, `.prj`, `.cpg`) feature by feature.
///
/// A shapefile holds one geometry family: the layer description must say which (points,
/// multipoints, lines or polygons; Z when any geometry has Z). Polygons are written with
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

    private let shapeType: Int32
    private let fields: [Field]
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

    /// Creates the files (under temporary names until `finish()`).
    /// - Parameters:
    ///   - path: the `.shp` path; the other files go beside it.
    ///   - layer: the fields, CRS and geometry types (all must be one family).
    /// - Throws: `WriteError` for mixed or unknown geometry families, an existing target
    ///   without `overwrite`, or a folder that cannot be written.
    public init(path: String, layer: LayerDescription, overwrite: Bool = false) throws(WriteError) {
        guard path.lowercased().hasSuffix(".shp") else { throw WriteError(file: path, message: "a shapefile's name must end in .shp") }
        self.path = path
        guard let types = layer.geometryTypes else {
            throw WriteError(file: path, message: "a shapefile needs its geometry type before the first feature")
        }
        guard let type = Self.shapeType(for: types, hasZ: layer.hasZ ?? false) else {
            throw WriteError(file: path, message: "a shapefile holds one geometry family, these features mix \(types.map(\.rawValue).sorted().joined(separator: ", ")); write a GeoPackage (.gpkg) instead")
        }
        shapeType = type
        fields = layer.fields
        let base = String(path.dropLast(4))
        let (names, notes) = DBaseWriter.names(for: layer.fields)
        warnings = notes
        shp = try AtomicFile(path: path, overwrite: overwrite)
        shx = try AtomicFile(path: base + ".shx", overwrite: overwrite)
        dbf = try AtomicFile(path: base + ".dbf", overwrite: overwrite)
        cpg = try AtomicFile(path: base + ".cpg", overwrite: overwrite)
        try cpg.write(Array("UTF-8".utf8))
        if let crs = layer.crs {
            guard let resolved = try? CRS(crs == .crs84 ? .epsg(4326) : crs), let wkt = resolved.wkt(.wkt1ESRI) else {
                throw WriteError(file: path, message: "PROJ cannot write \(crs.identifier) as a .prj (ESRI WKT)")
            }
            prj = try AtomicFile(path: base + ".prj", overwrite: overwrite)
            try prj?.write(Array(wkt.utf8))
        }
        table = try DBaseWriter(fields: layer.fields, names: names, scratchPath: base + ".dbf.scratch-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try shp.write([UInt8](repeating: 0, count: 100))
        try shx.write([UInt8](repeating: 0, count: 100))
    }

    public func write(_ feature: Feature) throws(WriteError) {
        guard !finished else { throw WriteError(file: path, message: "write after finish") }
        let content: [UInt8]
        do {
            content = try record(for: feature.geometry)
        } catch {
            throw WriteError(file: path, featureIndex: records, message: error.message)
        }
        guard offset + 8 + content.count < Int(Int32.max) else {
            throw WriteError(file: path, featureIndex: records, message: "the .shp would pass 2 GB, the format's limit; write a GeoPackage (.gpkg) instead")
        }
        records += 1
        index += Self.bigEndian(Int32(offset / 2)) + Self.bigEndian(Int32(content.count / 2))
        pending += Self.bigEndian(Int32(records)) + Self.bigEndian(Int32(content.count / 2))
        pending += content
        offset += 8 + content.count
        try table.append(feature.properties, fields: fields)
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
        try shp.write(header(fileLength: offset), atOffset: 0)
        try shx.write(header(fileLength: 100 + 8 * records), atOffset: 0)
        try table.finish(into: dbf)
        if table.unwrittenDates > 0 {
            warnings.append("\(table.unwrittenDates) values of date fields were not dates (YYYY-MM-DD) and were written empty")
        }
        if table.truncatedValues > 0 {
            warnings.append("\(table.truncatedValues) text values were cut to dBase's 254 bytes")
        }
        try dbf.commit()
        try shx.commit()
        try cpg.commit()
        try prj?.commit()
        try shp.commit()
    }

    // MARK: - Records

    struct Failure: Error { var message: String }

    private func record(for geometry: Geometry?) throws(Failure) -> [UInt8] {
        guard let geometry, !geometry.isEmpty else { return Self.littleEndian(Int32(0)) }
        let hasZ = shapeType > 10
        var out = Self.littleEndian(shapeType)
        var parts: [[Position]] = []
        switch (shapeType % 10, geometry) {
        case (1, .point(let p)):
            extent.add(p)
            out += Self.littleEndian(p.x) + Self.littleEndian(p.y)
            if hasZ { out += Self.littleEndian(track(p.z ?? 0)) }
            return out
        case (8, .point(let p)): parts = [[p]]
        case (8, .multiPoint(let ps)): parts = [ps.filter { !$0.isEmpty }]
        case (3, .lineString(let ps)): parts = [ps]
        case (3, .multiLineString(let ls)): parts = ls.filter { !$0.isEmpty }
        case (5, .polygon(let rings)): parts = Self.oriented(rings)
        case (5, .multiPolygon(let polygons)): parts = polygons.flatMap(Self.oriented)
        default: throw Failure(message: "a \(geometry.type.rawValue) does not fit this shapefile's shape type \(shapeType)")
        }
        let points = parts.flatMap { $0 }
        var box = BoundingBox.Accumulator()
        for p in points { box.add(p); extent.add(p) }
        let b = box.box ?? BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0)
        out += [b.minX, b.minY, b.maxX, b.maxY].flatMap(Self.littleEndian)
        if shapeType % 10 == 8 {
            out += Self.littleEndian(Int32(points.count))
        } else {
            out += Self.littleEndian(Int32(parts.count)) + Self.littleEndian(Int32(points.count))
            var start: Int32 = 0
            for part in parts {
                out += Self.littleEndian(start)
                start += Int32(part.count)
            }
        }
        for p in points { out += Self.littleEndian(p.x) + Self.littleEndian(p.y) }
        if hasZ {
            let zs = points.map { track($0.z ?? 0) }
            out += Self.littleEndian(zs.min() ?? 0) + Self.littleEndian(zs.max() ?? 0)
            for z in zs { out += Self.littleEndian(z) }
            // The optional M block is left out: GDAL then reads "3D", not "3D Measured".
        }
        return out
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
        var h = Self.bigEndian(Int32(9994)) + [UInt8](repeating: 0, count: 20) + Self.bigEndian(Int32(fileLength / 2))
        h += Self.littleEndian(Int32(1000)) + Self.littleEndian(shapeType)
        let b = extent.box ?? BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0)
        h += [b.minX, b.minY, b.maxX, b.maxY].flatMap(Self.littleEndian)
        let z = zRange.0 <= zRange.1 ? zRange : (0, 0)
        h += [z.0, z.1, 0, 0].flatMap(Self.littleEndian)
        return h
    }

    static func littleEndian(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    static func littleEndian(_ v: Double) -> [UInt8] { withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    static func bigEndian(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }
}

extension Shapefile {
    /// Writes a whole layer as a shapefile.
    /// - Returns: what had to change to fit the format (shortened names, cut values).
    /// - Throws: `WriteError`.
    @discardableResult
    public static func write(_ layer: Layer, toPath path: String, overwrite: Bool = false) throws(WriteError) -> [String] {
        let writer = try ShapefileWriter(path: path, layer: LayerDescription(of: layer), overwrite: overwrite)
        for f in layer.features { try writer.write(f) }
        try writer.finish()
        return writer.warnings
    }
}
