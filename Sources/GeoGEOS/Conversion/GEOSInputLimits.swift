import GeoCore

/// Checks for inputs that GEOS 3.11 cannot take, made before GEOS sees them.
enum GEOSInputLimits {
    /// The first line or ring whose extent is above zero but whose square underflows to a
    /// subnormal or zero, named as "line 0", "ring 1 of polygon 2"…, or `nil`.
    static func partTooSmallToSquare(in geometry: Geometry) -> String? {
        func tooSmall(_ positions: [Position]) -> Bool {
            guard let first = positions.first else { return false }
            var (minX, maxX, minY, maxY) = (first.x, first.x, first.y, first.y)
            for p in positions {
                minX = min(minX, p.x); maxX = max(maxX, p.x)
                minY = min(minY, p.y); maxY = max(maxY, p.y)
            }
            let span = max(maxX - minX, maxY - minY)
            return span > 0 && span * span < Double.leastNormalMagnitude
        }
        func rings(_ rings: [[Position]], _ label: String) -> String? {
            rings.indices.first { tooSmall(rings[$0]) }.map { "ring \($0)\(label)" }
        }
        switch geometry {
        case .point, .multiPoint:
            return nil
        case .lineString(let line):
            return tooSmall(line) ? "the line" : nil
        case .multiLineString(let lines):
            return lines.indices.first { tooSmall(lines[$0]) }.map { "line \($0)" }
        case .polygon(let polygon):
            return rings(polygon, "")
        case .multiPolygon(let polygons):
            for (i, polygon) in polygons.enumerated() {
                if let found = rings(polygon, " of polygon \(i)") { return found }
            }
            return nil
        case .geometryCollection(let members):
            for (i, member) in members.enumerated() {
                if let found = partTooSmallToSquare(in: member) { return "\(found) of member \(i)" }
            }
            return nil
        }
    }
}
