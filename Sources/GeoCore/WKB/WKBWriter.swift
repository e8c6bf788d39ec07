extension WKB {
    /// Writes a geometry as little-endian ISO WKB (Z geometries use codes 1001–1007);
    /// an empty point is written with NaN coordinates, as GEOS and PostGIS do.
    public static func encode(_ geometry: Geometry) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(9 + geometry.positionCount * 24)
        write(geometry, hasZ: geometry.hasZ, to: &out)
        return out
    }

    /// Appends a geometry's WKB to `out` (for writers that reuse one buffer).
    package static func append(_ geometry: Geometry, to out: inout [UInt8]) {
        write(geometry, hasZ: geometry.hasZ, to: &out)
    }

    /// Writes a geometry as hexadecimal WKB text (upper case).
    public static func encodeHex(_ geometry: Geometry) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        for b in encode(geometry) {
            text.append(digits[Int(b >> 4)])
            text.append(digits[Int(b & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func append(_ v: UInt32, to out: inout [UInt8]) {
        out.append(littleEndian: v)
    }

    private static func append(_ p: Position, hasZ: Bool, to out: inout [UInt8]) {
        out.append(littleEndian: p.x)
        out.append(littleEndian: p.y)
        if hasZ { out.append(littleEndian: p.z ?? .nan) }
    }

    private static func header(_ type: GeometryType, hasZ: Bool, to out: inout [UInt8]) {
        out.append(1)
        append(type.wkbCode + (hasZ ? 1000 : 0), to: &out)
    }

    private static func append(positions: [Position], hasZ: Bool, to out: inout [UInt8]) {
        append(UInt32(positions.count), to: &out)
        for p in positions { append(p, hasZ: hasZ, to: &out) }
    }

    private static func write(_ geometry: Geometry, hasZ: Bool, to out: inout [UInt8]) {
        header(geometry.type, hasZ: hasZ, to: &out)
        switch geometry {
        case .point(let p):
            append(p.isEmpty ? Position(x: .nan, y: .nan, z: hasZ ? .nan : nil) : p, hasZ: hasZ, to: &out)
        case .lineString(let ps):
            append(positions: ps, hasZ: hasZ, to: &out)
        case .polygon(let rings):
            append(UInt32(rings.count), to: &out)
            for r in rings { append(positions: r, hasZ: hasZ, to: &out) }
        case .multiPoint(let ps):
            append(UInt32(ps.count), to: &out)
            for p in ps { write(.point(p), hasZ: hasZ, to: &out) }
        case .multiLineString(let ls):
            append(UInt32(ls.count), to: &out)
            for l in ls { write(.lineString(l), hasZ: hasZ, to: &out) }
        case .multiPolygon(let polygons):
            append(UInt32(polygons.count), to: &out)
            for p in polygons { write(.polygon(p), hasZ: hasZ, to: &out) }
        case .geometryCollection(let members):
            append(UInt32(members.count), to: &out)
            for g in members { write(g, hasZ: hasZ, to: &out) }
        }
    }
}
