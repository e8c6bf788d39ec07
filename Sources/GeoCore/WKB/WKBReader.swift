/// Well-known binary: OGC/ISO WKB (2D, Z as type 1001–1007, M and ZM read and the M
/// dropped) in either byte order, and PostGIS extended WKB (Z/M/SRID flag bits).
/// The writer produces little-endian ISO WKB, what GeoPackage and GEOS expect.
public enum WKB {
    /// Parses WKB bytes into a geometry.
    /// - Throws: `ReadError` with the byte offset of the first problem.
    public static func decode(_ bytes: some Collection<UInt8>) throws(ReadError) -> Geometry {
        try decodeWithSRID(bytes).geometry
    }

    /// Parses WKB or EWKB, returning the EWKB SRID when present.
    /// - Throws: `ReadError` also for a geometry that is read but not well formed (a ring
    ///   of three positions, an unclosed ring); `decodeLeniently` reads those.
    public static func decodeWithSRID(_ bytes: some Collection<UInt8>) throws(ReadError) -> (geometry: Geometry, srid: Int?) {
        let decoded = try decodeLeniently(bytes)
        if let problem = decoded.structuralProblem {
            throw ReadError(format: "WKB", location: SourceLocation(byteOffset: 0), message: "invalid \(decoded.geometry.type.rawValue): \(problem)")
        }
        return (decoded.geometry, decoded.srid)
    }

    /// A geometry read from WKB with what a caller may want to warn about.
    public struct Decoded: Sendable {
        /// The geometry (curves and surfaces already in linear form).
        public var geometry: Geometry
        /// The EWKB SRID, when the bytes carry one.
        public var srid: Int?
        /// The curve and surface types (`CircularString`, `CurvePolygon`, `TIN`…) that were
        /// turned into lines and polygons (arcs as segments of at most 4°), sorted.
        public var linearisedTypes: [String]
        /// Whether the positions had M (measure) values, which were dropped.
        public var measuresDropped: Bool
        /// Why the geometry is not well formed (a ring with fewer than four positions, an
        /// unclosed ring, a one-position line), or nil.
        public var structuralProblem: String?
    }

    /// Parses WKB or EWKB, including the ISO curve and surface types (linearised) and
    /// geometries that are readable but not well formed (reported, not thrown).
    /// - Throws: `ReadError` with the byte offset for bytes that are not WKB.
    public static func decodeLeniently(_ bytes: some Collection<UInt8>) throws(ReadError) -> Decoded {
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { buffer throws(ReadError) in
            var reader = WKBParser(bytes: buffer)
            do throws(ParseFailure) {
                let g = try reader.parseGeometry(depth: 0)
                if reader.index != buffer.count {
                    throw ParseFailure(offset: reader.index, message: "\(buffer.count - reader.index) unexpected bytes after the geometry")
                }
                return Decoded(geometry: g, srid: reader.srid, linearisedTypes: reader.linearised.isEmpty ? [] : reader.linearised.sorted(), measuresDropped: reader.measuresDropped, structuralProblem: g.structuralProblem)
            } catch {
                throw ReadError(format: "WKB", location: SourceLocation(byteOffset: error.offset), message: error.message)
            }
        }
    }

    /// Parses hexadecimal WKB text (as PostGIS and the GEOS test suite print it).
    public static func decode(hex: String) throws(ReadError) -> Geometry {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for (i, c) in hex.utf8.enumerated() {
            let v: UInt8
            switch c {
            case 0x30...0x39: v = c - 0x30
            case 0x41...0x46: v = c - 0x41 + 10
            case 0x61...0x66: v = c - 0x61 + 10
            case 0x20, 0x0A, 0x0D, 0x09: continue
            default:
                throw ReadError(format: "WKB", location: SourceLocation(column: i + 1, byteOffset: i), message: "not a hexadecimal digit")
            }
            if let h = high {
                bytes.append(h << 4 | v)
                high = nil
            } else {
                high = v
            }
        }
        if high != nil {
            throw ReadError(format: "WKB", location: SourceLocation(byteOffset: hex.utf8.count), message: "odd number of hexadecimal digits")
        }
        return try decode(bytes)
    }
}

struct WKBParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var srid: Int?
    /// The curved and surface types (ISO SQL/MM) met and turned into straight segments
    /// or polygons, by name.
    var linearised: Set<String> = []
    /// Whether positions had M values, which the model does not hold.
    var measuresDropped = false

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func need(_ count: Int, _ what: String) throws(ParseFailure) {
        guard count >= 0, index + count <= bytes.count else {
            throw ParseFailure(offset: index, message: "truncated WKB: \(what) needs \(count) bytes, \(bytes.count - index) left")
        }
    }

    /// Reads an unsigned integer of `T`'s width in the given byte order.
    mutating func integer<T: FixedWidthInteger & UnsignedInteger>(_: T.Type, littleEndian: Bool, _ what: String) throws(ParseFailure) -> T {
        let size = MemoryLayout<T>.size
        try need(size, what)
        var v: T = 0
        for k in 0..<size {
            v |= T(bytes[index + (littleEndian ? k : size - 1 - k)]) << (8 * k)
        }
        index += size
        return v
    }

    mutating func uint32(littleEndian: Bool) throws(ParseFailure) -> UInt32 {
        try integer(UInt32.self, littleEndian: littleEndian, "a 32-bit integer")
    }

    mutating func double(littleEndian: Bool) throws(ParseFailure) -> Double {
        Double(bitPattern: try integer(UInt64.self, littleEndian: littleEndian, "a coordinate"))
    }

    mutating func count(littleEndian: Bool, bytesPerItem: Int, _ what: String) throws(ParseFailure) -> Int {
        let at = index
        let n = Int(try uint32(littleEndian: littleEndian))
        // Refuse counts the remaining bytes cannot hold, before allocating anything.
        if n * bytesPerItem > bytes.count - index {
            throw ParseFailure(offset: at, message: "truncated WKB: \(n) \(what) announced, but only \(bytes.count - index) bytes remain")
        }
        return n
    }

    mutating func positions(_ n: Int, littleEndian: Bool, hasZ: Bool, hasM: Bool) throws(ParseFailure) -> [Position] {
        var result: [Position] = []
        result.reserveCapacity(n)
        for _ in 0..<n {
            let x = try double(littleEndian: littleEndian)
            let y = try double(littleEndian: littleEndian)
            let z = hasZ ? try double(littleEndian: littleEndian) : nil
            if hasM {
                _ = try double(littleEndian: littleEndian)
                measuresDropped = true
            }
            result.append(Position(x: x, y: y, z: z))
        }
        return result
    }

    mutating func parseGeometry(depth: Int, expected: GeometryType? = nil) throws(ParseFailure) -> Geometry {
        guard depth <= Geometry.maximumCollectionNesting else { throw ParseFailure(offset: index, message: "geometry collections nested deeper than \(Geometry.maximumCollectionNesting) levels") }
        let start = index
        try need(1, "the byte-order mark")
        let order = bytes[index]
        guard order <= 1 else {
            throw ParseFailure(offset: index, message: "expected a byte-order byte (0 or 1), found \(order)")
        }
        index += 1
        let little = order == 1
        var code = try uint32(littleEndian: little)
        var hasZ = code & 0x8000_0000 != 0
        var hasM = code & 0x4000_0000 != 0
        if code & 0x2000_0000 != 0 {
            srid = Int(try uint32(littleEndian: little))
        }
        code &= 0x0FFF_FFFF
        switch code / 1000 {
        case 1: hasZ = true
        case 2: hasM = true
        case 3: (hasZ, hasM) = (true, true)
        default: break
        }
        if code / 1000 <= 3, let curved = CurvedType(rawValue: code % 1000) {
            let g = try parseCurved(curved, littleEndian: little, hasZ: hasZ, hasM: hasM, depth: depth, start: start)
            if let expected, g.type != expected {
                throw ParseFailure(offset: start + 1, message: "expected a \(expected.rawValue) inside a multi-geometry, found \(curved.name)")
            }
            return g
        }
        guard let type = GeometryType(wkbCode: code % 1000), code / 1000 <= 3 else {
            throw ParseFailure(offset: start + 1, message: "unknown WKB geometry type code \(code)")
        }
        if let expected, type != expected {
            throw ParseFailure(offset: start + 1, message: "expected a \(expected.rawValue) inside a multi-geometry, found \(type.rawValue)")
        }
        let size = 16 + (hasZ ? 8 : 0) + (hasM ? 8 : 0)
        switch type {
        case .point:
            let p = try positions(1, littleEndian: little, hasZ: hasZ, hasM: hasM)[0]
            return .point(p.x.isNaN && p.y.isNaN ? .empty : p)
        case .lineString:
            let n = try count(littleEndian: little, bytesPerItem: size, "positions")
            return .lineString(try positions(n, littleEndian: little, hasZ: hasZ, hasM: hasM))
        case .polygon:
            return .polygon(try rings(littleEndian: little, hasZ: hasZ, hasM: hasM, size: size))
        case .multiPoint, .multiLineString, .multiPolygon, .geometryCollection:
            let n = try count(littleEndian: little, bytesPerItem: 9, "members")
            var members: [Geometry] = []
            members.reserveCapacity(n)
            let memberType: GeometryType? = switch type {
            case .multiPoint: .point
            case .multiLineString: .lineString
            case .multiPolygon: .polygon
            default: nil
            }
            for _ in 0..<n { members.append(try parseGeometry(depth: depth + 1, expected: memberType)) }
            switch type {
            case .multiPoint: return .multiPoint(members.map { if case .point(let p) = $0 { p } else { .empty } })
            case .multiLineString: return .multiLineString(members.map { if case .lineString(let l) = $0 { l } else { [] } })
            case .multiPolygon: return .multiPolygon(members.map { if case .polygon(let r) = $0 { r } else { [] } })
            default: return .geometryCollection(members)
            }
        }
    }

    mutating func rings(littleEndian: Bool, hasZ: Bool, hasM: Bool, size: Int) throws(ParseFailure) -> [[Position]] {
        let n = try count(littleEndian: littleEndian, bytesPerItem: 4, "rings")
        var result: [[Position]] = []
        result.reserveCapacity(n)
        for _ in 0..<n {
            let m = try count(littleEndian: littleEndian, bytesPerItem: size, "positions")
            result.append(try positions(m, littleEndian: littleEndian, hasZ: hasZ, hasM: hasM))
        }
        return result
    }
}
