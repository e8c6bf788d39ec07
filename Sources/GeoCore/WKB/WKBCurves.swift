/// The ISO SQL/MM curve and surface types of WKB, which GeoKit's model (and GEOS 3.11)
/// does not hold: read and turned into the nearest simple type, as GDAL does when asked
/// for linear geometries. Arcs become segments of at most 4°.
enum CurvedType: UInt32 {
    case circularString = 8, compoundCurve = 9, curvePolygon = 10, multiCurve = 11, multiSurface = 12
    case polyhedralSurface = 15, tin = 16, triangle = 17

    var name: String {
        switch self {
        case .circularString: "CircularString"
        case .compoundCurve: "CompoundCurve"
        case .curvePolygon: "CurvePolygon"
        case .multiCurve: "MultiCurve"
        case .multiSurface: "MultiSurface"
        case .polyhedralSurface: "PolyhedralSurface"
        case .tin: "TIN"
        case .triangle: "Triangle"
        }
    }
}

extension WKBParser {
    /// Reads a curved or surface geometry whose header has been read and returns its
    /// linear form: a LineString, Polygon, MultiLineString or MultiPolygon.
    mutating func parseCurved(_ type: CurvedType, littleEndian: Bool, hasZ: Bool, hasM: Bool, depth: Int, start: Int) throws(ParseFailure) -> Geometry {
        linearised.insert(type.name)
        let size = 16 + (hasZ ? 8 : 0) + (hasM ? 8 : 0)
        switch type {
        case .circularString:
            let n = try count(littleEndian: littleEndian, bytesPerItem: size, "positions")
            return .lineString(CircularArc.linearised(try positions(n, littleEndian: littleEndian, hasZ: hasZ, hasM: hasM)))
        case .triangle:
            return .polygon(try rings(littleEndian: littleEndian, hasZ: hasZ, hasM: hasM, size: size))
        case .compoundCurve:
            var line: [Position] = []
            for member in try lines(littleEndian: littleEndian, depth: depth, in: type) {
                line += (line.last == member.first ? member.dropFirst() : member[...])
            }
            return .lineString(line)
        case .curvePolygon:
            return .polygon(try lines(littleEndian: littleEndian, depth: depth, in: type))
        case .multiCurve:
            return .multiLineString(try lines(littleEndian: littleEndian, depth: depth, in: type))
        case .multiSurface, .polyhedralSurface, .tin:
            let n = try count(littleEndian: littleEndian, bytesPerItem: 9, "members")
            var polygons: [[[Position]]] = []
            for _ in 0..<n {
                let memberStart = index
                guard case .polygon(let rings) = try parseGeometry(depth: depth + 1) else {
                    throw ParseFailure(offset: memberStart, message: "a \(type.name) holds surfaces, found another type")
                }
                polygons.append(rings)
            }
            return .multiPolygon(polygons)
        }
    }

    /// The members of a curve collection, each a LineString, CircularString or
    /// CompoundCurve, as lines.
    private mutating func lines(littleEndian: Bool, depth: Int, in type: CurvedType) throws(ParseFailure) -> [[Position]] {
        let n = try count(littleEndian: littleEndian, bytesPerItem: 9, "members")
        var result: [[Position]] = []
        for _ in 0..<n {
            let memberStart = index
            guard case .lineString(let line) = try parseGeometry(depth: depth + 1) else {
                throw ParseFailure(offset: memberStart, message: "a \(type.name) holds curves, found another type")
            }
            result.append(line)
        }
        return result
    }
}
