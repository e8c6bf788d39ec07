import Foundation

/// A circular arc through three positions, as ISO SQL/MM curves (CircularString,
/// CompoundCurve, CurvePolygon) define it, turned into straight segments.
package enum CircularArc {
    /// The largest angle one straight segment spans (GDAL's default is 4°, and so is ours):
    /// at a 100 m radius the chord then stays within 6 cm of the arc.
    package static let maximumStepDegrees = 4.0

    /// The positions of a circular string (p0 p1 p2, p2 p3 p4, …: every second position
    /// ends an arc) as a line, from the first position to the last, both kept exactly.
    package static func linearised(_ positions: [Position]) -> [Position] {
        guard positions.count >= 3 else { return positions }
        var line: [Position] = [positions[0]]
        var i = 0
        while i + 2 < positions.count {
            line += arc(from: positions[i], through: positions[i + 1], to: positions[i + 2]).dropFirst()
            i += 2
        }
        // A trailing position that ends no arc (a malformed string) is joined straight.
        if i + 1 < positions.count { line.append(positions[positions.count - 1]) }
        return line
    }

    /// One arc from `start` through `middle` to `end`, both ends included; collinear
    /// positions give the straight line, and a full circle (start equals end) goes round.
    static func arc(from start: Position, through middle: Position, to end: Position) -> [Position] {
        let fullCircle = start.x == end.x && start.y == end.y
        let center: (x: Double, y: Double)
        if fullCircle {
            center = ((start.x + middle.x) / 2, (start.y + middle.y) / 2)
        } else {
            let d = 2 * (start.x * (middle.y - end.y) + middle.x * (end.y - start.y) + end.x * (start.y - middle.y))
            let scale = max(abs(start.x), abs(start.y), abs(middle.x), abs(middle.y), abs(end.x), abs(end.y), 1)
            guard abs(d) > 1e-12 * scale * scale else { return [start, middle, end] }
            let s2 = start.x * start.x + start.y * start.y
            let m2 = middle.x * middle.x + middle.y * middle.y
            let e2 = end.x * end.x + end.y * end.y
            center = ((s2 * (middle.y - end.y) + m2 * (end.y - start.y) + e2 * (start.y - middle.y)) / d,
                      (s2 * (end.x - middle.x) + m2 * (start.x - end.x) + e2 * (middle.x - start.x)) / d)
        }
        let radius = hypot(start.x - center.x, start.y - center.y)
        guard radius.isFinite, radius > 0 else { return [start, middle, end] }
        let a0 = atan2(start.y - center.y, start.x - center.x)
        var a1 = atan2(middle.y - center.y, middle.x - center.x)
        var a2 = atan2(end.y - center.y, end.x - center.x)
        // Counter-clockwise when, turning that way from the start, the middle comes before
        // the end; clockwise otherwise.
        if fullCircle {
            a2 = a0 + 2 * .pi
            a1 = a0 + .pi
        } else {
            func ahead(_ a: Double) -> Double { var x = a - a0; while x < 0 { x += 2 * .pi }; return x }
            if ahead(a1) > ahead(a2) {
                func behind(_ a: Double) -> Double { var x = a0 - a; while x < 0 { x += 2 * .pi }; return x }
                a2 = a0 - behind(a2)
            } else {
                a2 = a0 + ahead(a2)
            }
        }
        let sweep = a2 - a0
        let steps = max(2, Int((abs(sweep) / (maximumStepDegrees * .pi / 180)).rounded(.up)))
        var result: [Position] = [start]
        result.reserveCapacity(steps + 1)
        for k in 1..<steps {
            let t = Double(k) / Double(steps)
            let angle = a0 + sweep * t
            var z: Double?
            if let zs = start.z, let ze = end.z { z = zs + (ze - zs) * t }
            result.append(Position(x: center.x + radius * cos(angle), y: center.y + radius * sin(angle), z: z))
        }
        result.append(end)
        return result
    }
}
