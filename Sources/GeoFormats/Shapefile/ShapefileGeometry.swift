import Foundation
import GeoCore

/// Decoding of `.shp` records (ESRI Shapefile Technical Description, 1998): points,
/// multipoints, polylines and polygons in 2D, Z and M (M is dropped), and MultiPatch
/// (read as GDAL reads it: triangles and rings as 3D polygons).
package enum ShapefileGeometry {
    struct Failure: Error {
        var message: String
    }

    /// Little-endian reads over one record's content.
    struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        mutating func int32() throws(Failure) -> Int32 {
            guard offset + 4 <= bytes.count else { throw Failure(message: "record ends early (at byte \(offset) of \(bytes.count))") }
            defer { offset += 4 }
            return Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
        }

        mutating func double() throws(Failure) -> Double {
            guard offset + 8 <= bytes.count else { throw Failure(message: "record ends early (at byte \(offset) of \(bytes.count))") }
            defer { offset += 8 }
            return Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
        }

        mutating func skip(_ n: Int) { offset += n }
        var remaining: Int { bytes.count - offset }
    }

    /// The geometry of the record whose content is `range` of `bytes`, nil for a null shape.
    static func decode(_ bytes: some ContiguousBytes, range: Range<Int>) -> Result<Geometry?, Failure> {
        bytes.withUnsafeBytes { raw in
            Result { () throws(Failure) -> Geometry? in try decode(UnsafeRawBufferPointer(rebasing: raw[range])) }
        }
    }

    /// The geometry of one record, nil for a null shape.
    static func decode(_ content: UnsafeRawBufferPointer) throws(Failure) -> Geometry? {
        var c = Cursor(bytes: content)
        let type = try c.int32()
        switch type {
        case 0: return nil
        case 1, 11, 21:
            let x = try c.double(), y = try c.double()
            let z: Double? = type == 11 ? try c.double() : nil
            return .point(Position(x: x, y: y, z: z))
        case 8, 18, 28:
            c.skip(32)
            let n = Int(try c.int32())
            guard n >= 0, n * 16 <= c.remaining else { throw Failure(message: "point count \(n) does not fit the record") }
            var points = try xy(&c, count: n)
            if type == 18 { try addZ(&c, to: &points) }
            return .multiPoint(points)
        case 3, 13, 23, 5, 15, 25:
            c.skip(32)
            let partCount = Int(try c.int32()), pointCount = Int(try c.int32())
            guard partCount >= 0, pointCount >= 0, partCount * 4 + pointCount * 16 <= c.remaining else {
                throw Failure(message: "\(partCount) parts and \(pointCount) points do not fit the record")
            }
            var starts: [Int] = []
            for _ in 0..<partCount {
                let s = Int(try c.int32())
                guard s >= 0, s <= pointCount, s >= (starts.last ?? 0) else { throw Failure(message: "part start \(s) out of order or range") }
                starts.append(s)
            }
            var points = try xy(&c, count: pointCount)
            if type == 13 || type == 15 { try addZ(&c, to: &points) }
            var parts: [[Position]] = []
            for (i, s) in starts.enumerated() {
                let end = i + 1 < starts.count ? starts[i + 1] : pointCount
                parts.append(Array(points[s..<end]))
            }
            if type % 10 == 3 {
                if parts.isEmpty { return .lineString([]) }
                return parts.count == 1 ? .lineString(parts[0]) : .multiLineString(parts)
            }
            return polygon(from: parts)
        case 31:
            return try multiPatch(&c)
        default:
            throw Failure(message: "unknown shape type \(type)")
        }
    }

    private static func xy(_ c: inout Cursor, count: Int) throws(Failure) -> [Position] {
        var points: [Position] = []
        points.reserveCapacity(count)
        for _ in 0..<count {
            let x = try c.double(), y = try c.double()
            points.append(Position(x: x, y: y))
        }
        return points
    }

    private static func addZ(_ c: inout Cursor, to points: inout [Position]) throws(Failure) {
        c.skip(16)
        for i in points.indices { points[i].z = try c.double() }
    }

    /// Rings to polygons: clockwise rings are shells, counter-clockwise rings are holes,
    /// each hole goes to the smallest shell that contains it (a hole inside no shell
    /// becomes a shell). Ring order and orientation are kept as stored, as GDAL does.
    static func polygon(from rings: [[Position]]) -> Geometry {
        var shells: [[[Position]]] = []
        var holes: [[Position]] = []
        for ring in rings where !ring.isEmpty {
            if signedArea(ring) <= 0 { shells.append([ring]) } else { holes.append(ring) }
        }
        if shells.isEmpty {
            // Only counter-clockwise rings: treat each as a shell.
            shells = holes.map { [$0] }
            holes = []
        }
        for hole in holes {
            let probe = hole[0]
            var best: Int?
            var bestArea = Double.infinity
            for (i, shell) in shells.enumerated() where contains(shell[0], probe) {
                let area = abs(signedArea(shell[0]))
                if area < bestArea { best = i; bestArea = area }
            }
            if let best { shells[best].append(hole) } else { shells.append([hole]) }
        }
        if shells.isEmpty { return .polygon([]) }
        return shells.count == 1 ? .polygon(shells[0]) : .multiPolygon(shells)
    }

    /// Twice the signed area (positive: counter-clockwise).
    static func signedArea(_ ring: [Position]) -> Double {
        guard ring.count > 2 else { return 0 }
        var sum = 0.0
        let x0 = ring[0].x, y0 = ring[0].y
        for i in 1..<(ring.count - 1) {
            sum += (ring[i].x - x0) * (ring[i + 1].y - y0) - (ring[i + 1].x - x0) * (ring[i].y - y0)
        }
        return sum
    }

    /// Whether a ring runs clockwise (a shell, in a shapefile).
    package static func isClockwise(_ ring: [Position]) -> Bool { signedArea(ring) < 0 }

    /// Whether `p` lies in or on the ring (GeoCore's even-odd test).
    static func contains(_ ring: [Position], _ p: Position) -> Bool { RingLocation.of(p, in: ring) != .outside }

    /// A MultiPatch record (shape type 31) as polygons with Z: each triangle of a strip or
    /// fan a polygon of its own; an outer (or first) ring starts a polygon and the inner
    /// rings (or rings) after it are its holes. Rings are closed where they are open.
    static func multiPatch(_ c: inout Cursor) throws(Failure) -> Geometry {
        c.skip(32)
        let partCount = Int(try c.int32()), pointCount = Int(try c.int32())
        guard partCount >= 0, pointCount >= 0, partCount * 8 + pointCount * 24 + 16 <= c.remaining else {
            throw Failure(message: "MultiPatch: \(partCount) parts and \(pointCount) points do not fit the record")
        }
        var starts: [Int] = [], types: [Int32] = []
        for _ in 0..<partCount {
            let s = Int(try c.int32())
            guard s >= 0, s <= pointCount, s >= (starts.last ?? 0) else { throw Failure(message: "MultiPatch: part start \(s) out of order or range") }
            starts.append(s)
        }
        for _ in 0..<partCount { types.append(try c.int32()) }
        var points = try xy(&c, count: pointCount)
        try addZ(&c, to: &points)
        var polygons: [[[Position]]] = []
        func closed(_ ring: [Position]) -> [Position] {
            guard let first = ring.first, ring.last != first else { return ring }
            return ring + [first]
        }
        for (i, start) in starts.enumerated() {
            let part = Array(points[start..<(i + 1 < starts.count ? starts[i + 1] : pointCount)])
            switch types[i] {
            case 0:  // triangle strip
                if part.count >= 3 { for k in 0..<(part.count - 2) { polygons.append([[part[k], part[k + 1], part[k + 2], part[k]]]) } }
            case 1:  // triangle fan
                if part.count >= 3 { for k in 1..<(part.count - 1) { polygons.append([[part[0], part[k], part[k + 1], part[0]]]) } }
            case 2, 4:  // outer ring, first ring
                polygons.append([closed(part)])
            case 3, 5:  // inner ring, ring
                if polygons.isEmpty { polygons.append([closed(part)]) } else { polygons[polygons.count - 1].append(closed(part)) }
            default:
                throw Failure(message: "MultiPatch: unknown part type \(types[i])")
            }
        }
        return .multiPolygon(polygons)
    }
}
