import CGEOS
import GeoCore

/// A GEOS geometry owned by Swift for the span of one operation; destroyed on `deinit`.
final class GEOSGeometryBox {
    let context: GEOSContext
    let pointer: OpaquePointer

    init(context: GEOSContext, taking pointer: OpaquePointer) {
        self.context = context
        self.pointer = pointer
    }

    deinit {
        GEOSGeom_destroy_r(context.handle, pointer)
    }
}

extension Geometry {
    /// Builds the GEOS geometry, handing coordinates over in bulk
    /// (`GEOSCoordSeq_copyFromBuffer_r`), never through WKT.
    ///
    /// Guards GEOS 3.11 against inputs it crashes or loops on: a coordinate that is NaN or
    /// infinite is an error, and empty parts of multi-geometries and collections
    /// (`MULTIPOINT (EMPTY, (1 2))`) are left out, which changes no point set.
    /// - Throws: `GEOSError` for a non-finite coordinate, or when GEOS refuses the
    ///   structure (e.g. a ring of 3 positions).
    func makeGEOS(_ context: GEOSContext) throws(GEOSError) -> OpaquePointer {
        let hasZ = self.hasZ
        let h = context.handle
        func sequence(_ positions: [Position]) throws(GEOSError) -> OpaquePointer {
            let dimension = hasZ ? 3 : 2
            var buffer = [Double](repeating: .nan, count: positions.count * dimension)
            for (i, p) in positions.enumerated() {
                guard p.isFinite else { throw GEOSError.nonFinite(p) }
                buffer[i * dimension] = p.x
                buffer[i * dimension + 1] = p.y
                if hasZ { buffer[i * dimension + 2] = p.z ?? .nan }
            }
            guard let seq = GEOSCoordSeq_copyFromBuffer_r(h, buffer, UInt32(positions.count), hasZ ? 1 : 0, 0) else {
                throw context.error("building a coordinate sequence")
            }
            return seq
        }
        func line(_ positions: [Position]) throws(GEOSError) -> OpaquePointer {
            if positions.isEmpty { return GEOSGeom_createEmptyLineString_r(h) }
            let seq = try sequence(positions)
            // takes ownership of seq; NULL on exception
            guard let g = GEOSGeom_createLineString_r(h, seq) else { throw context.error("building a LineString") }
            return g
        }
        func polygon(_ rings: [[Position]]) throws(GEOSError) -> OpaquePointer {
            if rings.isEmpty || rings[0].isEmpty { return GEOSGeom_createEmptyPolygon_r(h) }
            var made: [OpaquePointer?] = []
            do throws(GEOSError) {
                for ring in rings {
                    let seq = try sequence(ring)
                    guard let r = GEOSGeom_createLinearRing_r(h, seq) else { throw context.error("building a LinearRing") }
                    made.append(r)
                }
            } catch {
                for r in made { if let r { GEOSGeom_destroy_r(h, r) } }
                throw error
            }
            var holes = Array(made.dropFirst())
            // takes ownership of the rings
            guard let g = holes.withUnsafeMutableBufferPointer({ GEOSGeom_createPolygon_r(h, made[0], $0.baseAddress, UInt32($0.count)) }) else {
                throw context.error("building a Polygon")
            }
            return g
        }
        func collection(_ type: Int32, _ members: [OpaquePointer]) throws(GEOSError) -> OpaquePointer {
            var pointers: [OpaquePointer?] = members
            // takes ownership of the members
            guard let g = pointers.withUnsafeMutableBufferPointer({ GEOSGeom_createCollection_r(h, type, $0.baseAddress, UInt32($0.count)) }) else {
                for m in members { GEOSGeom_destroy_r(h, m) }
                throw context.error("building a collection")
            }
            return g
        }
        func many<T>(_ items: [T], _ make: (T) throws(GEOSError) -> OpaquePointer) throws(GEOSError) -> [OpaquePointer] {
            var result: [OpaquePointer] = []
            do throws(GEOSError) {
                for item in items { result.append(try make(item)) }
            } catch {
                for g in result { GEOSGeom_destroy_r(h, g) }
                throw error
            }
            return result
        }
        switch self {
        case .point(let p):
            if p.isEmpty { return GEOSGeom_createEmptyPoint_r(h) }
            guard p.isFinite else { throw GEOSError.nonFinite(p) }
            let seq = try sequence([p])
            guard let g = GEOSGeom_createPoint_r(h, seq) else { throw context.error("building a Point") }
            return g
        case .lineString(let positions):
            return try line(positions)
        case .polygon(let rings):
            return try polygon(rings)
        case .multiPoint(let positions):
            let parts = positions.filter { !$0.isEmpty }
            return try collection(Int32(GEOS_MULTIPOINT.rawValue), try many(parts) { p throws(GEOSError) in try Geometry.point(p).makeGEOS(context) })
        case .multiLineString(let lines):
            return try collection(Int32(GEOS_MULTILINESTRING.rawValue), try many(lines.filter { !$0.isEmpty }, line))
        case .multiPolygon(let polygons):
            let parts = polygons.filter { !($0.first?.isEmpty ?? true) }
            return try collection(Int32(GEOS_MULTIPOLYGON.rawValue), try many(parts, polygon))
        case .geometryCollection(let members):
            let parts = members.filter { !$0.isEmpty }
            return try collection(Int32(GEOS_GEOMETRYCOLLECTION.rawValue), try many(parts) { g throws(GEOSError) in try g.makeGEOS(context) })
        }
    }

    /// Reads a GEOS geometry back (coordinates in bulk through `GEOSCoordSeq_copyToBuffer_r`).
    init(geos pointer: OpaquePointer, context: GEOSContext) throws(GEOSError) {
        let h = context.handle
        let hasZ = GEOSGeom_getCoordinateDimension_r(h, pointer) == 3
        func positions(_ g: OpaquePointer) throws(GEOSError) -> [Position] {
            guard let seq = GEOSGeom_getCoordSeq_r(h, g) else { throw context.error("reading coordinates") }
            var size: UInt32 = 0
            // returns 0 on exception
            guard GEOSCoordSeq_getSize_r(h, seq, &size) != 0 else { throw context.error("reading coordinates") }
            if size == 0 { return [] }
            let dimension = hasZ ? 3 : 2
            var buffer = [Double](repeating: 0, count: Int(size) * dimension)
            guard GEOSCoordSeq_copyToBuffer_r(h, seq, &buffer, hasZ ? 1 : 0, 0) != 0 else { throw context.error("reading coordinates") }
            var result: [Position] = []
            result.reserveCapacity(Int(size))
            for i in 0..<Int(size) {
                let z = hasZ ? buffer[i * 3 + 2] : .nan
                result.append(Position(x: buffer[i * dimension], y: buffer[i * dimension + 1], z: z.isNaN ? nil : z))
            }
            return result
        }
        func rings(_ g: OpaquePointer) throws(GEOSError) -> [[Position]] {
            if GEOSisEmpty_r(h, g) == 1 { return [] }
            guard let shell = GEOSGetExteriorRing_r(h, g) else { throw context.error("reading a polygon") }
            var result = [try positions(shell)]
            let holes = GEOSGetNumInteriorRings_r(h, g)
            if holes > 0 {
                for i in 0..<holes {
                    guard let hole = GEOSGetInteriorRingN_r(h, g, i) else { throw context.error("reading a polygon") }
                    result.append(try positions(hole))
                }
            }
            return result
        }
        func members(_ g: OpaquePointer) throws(GEOSError) -> [OpaquePointer] {
            let n = GEOSGetNumGeometries_r(h, g)
            guard n >= 0 else { throw context.error("reading a collection") }
            var result: [OpaquePointer] = []
            for i in 0..<n {
                guard let m = GEOSGetGeometryN_r(h, g, i) else { throw context.error("reading a collection") }
                result.append(m)
            }
            return result
        }
        let type = GEOSGeomTypeId_r(h, pointer)
        switch type {
        case Int32(GEOS_POINT.rawValue):
            self = .point(try positions(pointer).first ?? .empty)
        case Int32(GEOS_LINESTRING.rawValue), Int32(GEOS_LINEARRING.rawValue):
            self = .lineString(try positions(pointer))
        case Int32(GEOS_POLYGON.rawValue):
            self = .polygon(try rings(pointer))
        case Int32(GEOS_MULTIPOINT.rawValue):
            self = .multiPoint(try members(pointer).map { m throws(GEOSError) in try positions(m).first ?? .empty })
        case Int32(GEOS_MULTILINESTRING.rawValue):
            self = .multiLineString(try members(pointer).map { m throws(GEOSError) in try positions(m) })
        case Int32(GEOS_MULTIPOLYGON.rawValue):
            self = .multiPolygon(try members(pointer).map { m throws(GEOSError) in try rings(m) })
        case Int32(GEOS_GEOMETRYCOLLECTION.rawValue):
            self = .geometryCollection(try members(pointer).map { m throws(GEOSError) in try Geometry(geos: m, context: context) })
        default:
            throw context.error("reading a geometry of unknown type \(type)")
        }
    }

    /// Runs `body` with this geometry converted to GEOS in a pooled context.
    func withGEOS<T>(_ operation: String, _ body: (GEOSContext, OpaquePointer) throws(GEOSError) -> T) throws(GEOSError) -> T {
        try GEOSContextPool.with { context throws(GEOSError) in
            let g = try makeGEOS(context)
            defer { GEOSGeom_destroy_r(context.handle, g) }
            return try body(context, g)
        }
    }

    /// Runs `body` with both geometries converted to GEOS in one pooled context.
    func withGEOS<T>(_ other: Geometry, _ operation: String, _ body: (GEOSContext, OpaquePointer, OpaquePointer) throws(GEOSError) -> T) throws(GEOSError) -> T {
        try GEOSContextPool.with { context throws(GEOSError) in
            let a = try makeGEOS(context)
            defer { GEOSGeom_destroy_r(context.handle, a) }
            let b = try other.makeGEOS(context)
            defer { GEOSGeom_destroy_r(context.handle, b) }
            return try body(context, a, b)
        }
    }

    /// Runs a GEOS call that returns a new geometry, converts it back and frees it.
    func geosResult(_ operation: String, _ make: (GEOSContextHandle_t, OpaquePointer) -> OpaquePointer?) throws(GEOSError) -> Geometry {
        try withGEOS(operation) { context, g throws(GEOSError) in
            guard let result = make(context.handle, g) else { throw context.error(operation) }
            defer { GEOSGeom_destroy_r(context.handle, result) }
            return try Geometry(geos: result, context: context)
        }
    }

    /// Like `geosResult` for operations on two geometries.
    func geosResult(_ other: Geometry, _ operation: String, _ make: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> OpaquePointer?) throws(GEOSError) -> Geometry {
        try withGEOS(other, operation) { context, a, b throws(GEOSError) in
            guard let result = make(context.handle, a, b) else { throw context.error(operation) }
            defer { GEOSGeom_destroy_r(context.handle, result) }
            return try Geometry(geos: result, context: context)
        }
    }
}
