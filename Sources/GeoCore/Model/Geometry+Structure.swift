extension Geometry {
    /// The first violation of the structural rules every GeoJSON, WKT and WKB reader
    /// enforces, or `nil` when there is none: every coordinate is a finite number (NaN and
    /// infinity only in the empty point), a line needs 2 or more positions, a linear
    /// ring 4 or more with the first equal to the last. (Topological validity, such as
    /// self-intersection, is GEOS's job: see GeoGEOS.)
    public var structuralProblem: String? {
        switch self {
        case .point(let p):
            return p.isFinite || p.isEmpty ? nil : GeometryStructure.coordinateProblem(p)
        case .multiPoint(let points):
            for (i, p) in points.enumerated() where !p.isFinite && !p.isEmpty {
                return "point \(i): \(GeometryStructure.coordinateProblem(p) ?? "")"
            }
            return nil
        case .lineString(let line):
            return GeometryStructure.lineProblem(line)
        case .multiLineString(let lines):
            for (i, line) in lines.enumerated() {
                if let p = GeometryStructure.lineProblem(line) { return "line \(i): \(p)" }
            }
            return nil
        case .polygon(let rings):
            return GeometryStructure.polygonProblem(rings)
        case .multiPolygon(let polygons):
            for (i, rings) in polygons.enumerated() {
                if let p = GeometryStructure.polygonProblem(rings) { return "polygon \(i): \(p)" }
            }
            return nil
        case .geometryCollection(let members):
            if collectionNesting > Geometry.maximumCollectionNesting {
                return "geometry collections nested deeper than \(Geometry.maximumCollectionNesting) levels"
            }
            for (i, g) in members.enumerated() {
                if let p = g.structuralProblem { return "member \(i): \(p)" }
            }
            return nil
        }
    }

    /// The most geometry collections nested in each other that GeoKit reads or writes: 64,
    /// in every format, so that what one writer produces every reader takes back.
    public static let maximumCollectionNesting = 64

    /// How many geometry collections are nested here: 0 for a simple geometry, 1 for a
    /// collection of simple geometries, and so on.
    public var collectionNesting: Int {
        guard case .geometryCollection(let members) = self else { return 0 }
        return 1 + (members.map(\.collectionNesting).max() ?? 0)
    }
}

/// Structural checks shared by the readers.
package enum GeometryStructure {
    /// A problem with one position's numbers: NaN or infinity, which no reader passes on.
    package static func coordinateProblem(_ p: Position) -> String? {
        p.isFinite ? nil : "a coordinate is not a finite number (\(p.x) \(p.y)\(p.z.map { " \($0)" } ?? ""))"
    }

    package static func positionsProblem(_ positions: [Position]) -> String? {
        for (i, p) in positions.enumerated() where !p.isFinite {
            return "position \(i): \(coordinateProblem(p) ?? "")"
        }
        return nil
    }

    package static func lineProblem(_ line: [Position]) -> String? {
        if line.count == 1 { return "a line needs two or more positions, found 1" }
        return positionsProblem(line)
    }

    package static func polygonProblem(_ rings: [[Position]]) -> String? {
        for (i, ring) in rings.enumerated() {
            if let p = ringProblem(ring) { return "ring \(i): \(p)" }
        }
        return nil
    }

    package static func ringProblem(_ ring: [Position]) -> String? {
        if ring.isEmpty { return nil }
        if ring.count < 4 { return "a linear ring needs four or more positions, found \(ring.count)" }
        if ring.first != ring.last { return "a linear ring must be closed (its first and last positions must be the same)" }
        return positionsProblem(ring)
    }

    /// Twice the signed area of a ring (shoelace formula): positive when counterclockwise.
    package static func signedDoubleArea(_ ring: [Position]) -> Double {
        guard ring.count >= 4 else { return 0 }
        var sum = 0.0
        let x0 = ring[0].x, y0 = ring[0].y
        for i in 1..<(ring.count - 1) {
            sum += (ring[i].x - x0) * (ring[i + 1].y - y0) - (ring[i + 1].x - x0) * (ring[i].y - y0)
        }
        return sum
    }

    /// True when the polygon follows RFC 7946's right-hand rule: exterior ring
    /// counterclockwise, holes clockwise.
    package static func followsRightHandRule(_ rings: [[Position]]) -> Bool {
        for (i, ring) in rings.enumerated() {
            let area = signedDoubleArea(ring)
            if i == 0 ? area < 0 : area > 0 { return false }
        }
        return true
    }
}

extension Geometry {
    /// The geometry with every unclosed ring closed (its first position repeated at the
    /// end), and whether any was: what readers do, with a warning, for rings that other
    /// tools wrote open.
    package func closingRings() -> (geometry: Geometry, closed: Bool) {
        var closed = false
        func close(_ rings: [[Position]]) -> [[Position]] {
            rings.map { ring in
                guard let first = ring.first, let last = ring.last, first != last, ring.count >= 3 else { return ring }
                closed = true
                return ring + [first]
            }
        }
        let result: Geometry
        switch self {
        case .polygon(let rings): result = .polygon(close(rings))
        case .multiPolygon(let polygons): result = .multiPolygon(polygons.map(close))
        case .geometryCollection(let members):
            result = .geometryCollection(members.map { member in
                let (g, c) = member.closingRings()
                if c { closed = true }
                return g
            })
        default: result = self
        }
        return (result, closed)
    }
}

extension Geometry {
    /// What a lenient reader keeps of a geometry, and the warning to give: the geometry
    /// itself when it has no ``structuralProblem``; its rings closed when that is all that
    /// is wrong ("unclosed rings were closed"); otherwise no geometry ("an invalid
    /// Polygon (…); the feature is kept without geometry").
    package func keptByLenientReader() -> (geometry: Geometry?, warning: String?) {
        guard let problem = structuralProblem else { return (self, nil) }
        let (closed, didClose) = closingRings()
        if didClose, closed.structuralProblem == nil { return (closed, "unclosed rings were closed") }
        return (nil, "an invalid \(type.rawValue) (\(problem)); the feature is kept without geometry")
    }
}
