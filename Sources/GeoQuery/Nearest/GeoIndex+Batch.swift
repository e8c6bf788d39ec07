import GeoCore
import GeoPROJ

/// The nearest feature to one of many query positions: indices and metres only, the
/// vectorised form (as Shapely's `query_nearest` returns indices).
public struct NearestHit: Sendable, Hashable {
    /// The feature's index in the layer, or nil when none was within the limit.
    public let featureIndex: Int?
    /// The geodesic distance in metres (infinity when none).
    public let distance: Double
}

extension GeoIndex {
    /// The nearest feature to each of many longitude/latitude positions, in one call that
    /// allocates only its result: the fast path for batch jobs (every school's nearest
    /// AED). Positions are not validated; use `nearest(to:)` for user input.
    public func nearest(to positions: [Position], within maxDistance: Double? = nil) -> [NearestHit] {
        var search = NearestSearch()
        return positions.map { q in
            search.run(self, from: q, count: 1, limit: maxDistance ?? .infinity, withAzimuths: false, filter: nil)
            guard let match = search.matches.first else { return NearestHit(featureIndex: nil, distance: .infinity) }
            return NearestHit(featureIndex: match.index, distance: match.distance)
        }
    }
}
