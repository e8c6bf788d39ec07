import GeoCore
import GeoPROJ

/// The nearest feature to one of many query positions: indices and metres only, the
/// vectorised form (as Shapely's `query_nearest` returns indices).
public struct NearestHit: Sendable, Hashable {
    /// The feature's index in the layer, or -1 when none was within the limit.
    public let featureIndex: Int
    /// The geodesic distance in metres (infinity when none).
    public let distance: Double
}

extension GeoIndex {
    /// The nearest feature to each of many longitude/latitude positions, in one call that
    /// allocates only its result: the fast path for batch jobs (every school's nearest
    /// AED). Positions are not validated; use `nearest(to:)` for user input.
    public func nearest(to positions: [Position], within maxDistance: Double? = nil) -> [NearestHit] {
        let limit = maxDistance ?? .infinity
        return positions.map { q in
            var frame: TangentFrame?
            let (qx, qy, qz) = geodesic.earthCentered(q)
            var bestIndex = -1
            var bestDistance = limit
            tree.visitNearest(to: SIMD3(qx, qy, qz), initialRadiusSquared: limit * limit) { index, _ in
                let distance: Double
                switch geographic[index] {
                case .point(let p)? where !p.isEmpty:
                    distance = geodesic.distance(from: q, to: p)
                case let g?:
                    if frame == nil { frame = TangentFrame(at: q) }
                    guard let measured = measure(from: q, to: g, frame: frame!) else { return bestDistance * bestDistance }
                    distance = measured.0
                case nil:
                    return bestDistance * bestDistance
                }
                if distance < bestDistance || (distance == bestDistance && (bestIndex < 0 || index < bestIndex)) {
                    bestDistance = distance
                    bestIndex = index
                }
                return bestDistance * bestDistance
            }
            return NearestHit(featureIndex: bestIndex, distance: bestIndex >= 0 ? bestDistance : .infinity)
        }
    }
}
