import Foundation
import GeoCore
import GeoPROJ

extension GeoIndex {
    /// The `count` features nearest to a position, nearest first, with geodesic distances
    /// in metres; ties keep layer order.
    ///
    /// - Parameters:
    ///   - position: the query position, in `crs` (longitude/latitude by default).
    ///   - crs: the CRS of `position`.
    ///   - count: how many features at most (fewer when the layer has fewer).
    ///   - maxDistance: ignore features farther than this many metres.
    ///   - filter: only features for which this returns true (e.g. publicly accessible).
    /// - Throws: `QueryError` for an implausible position (see `validate(_:)`),
    ///   `PROJError` when `crs` cannot be transformed.
    public func nearest(to position: Position, crs: CRSReference = .crs84, count: Int = 1, within maxDistance: Double? = nil,
                        where filter: ((Feature) -> Bool)? = nil) throws -> [Neighbor] {
        guard count >= 0 else { throw QueryError.invalidArgument("count must not be negative, got \(count)") }
        if let maxDistance, !(maxDistance >= 0) { throw QueryError.invalidArgument("the distance must be a non-negative number of metres") }
        let q = try geographicPosition(position, crs: crs)
        try validate(q)
        guard count > 0 else { return [] }
        var search = NearestSearch()
        search.run(self, from: q, count: count, limit: maxDistance ?? .infinity, withAzimuths: true, filter: filter)
        // Features are fetched only here, so that concurrent queries do not contend on the
        // reference counts of shared features during the search.
        return search.matches.map {
            Neighbor(featureIndex: $0.index, feature: layer.features[$0.index], distance: $0.distance, azimuth: $0.azimuth, nearestPoint: $0.point)
        }
    }

    /// Every feature within `distance` metres of a position, nearest first (the
    /// `neighbors(of:)` sequence up to that distance).
    /// - Throws: as `neighbors(of:)`.
    public func features(within distance: Double, of position: Position, crs: CRSReference = .crs84,
                         where filter: ((Feature) -> Bool)? = nil) throws -> [Neighbor] {
        Array(try neighbors(of: position, crs: crs, within: distance, where: filter))
    }

    /// The features whose polygon contains the position (e.g. the roof at an address).
    /// When none does and `fallback` is given, the nearest feature within that many metres.
    /// - Throws: as `neighbors(of:)`.
    public func features(containing position: Position, crs: CRSReference = .crs84, fallback: Double? = nil) throws -> [Neighbor] {
        let inside = try neighbors(of: position, crs: crs, within: 0)
            .filter { $0.distance == 0 && [.polygon, .multiPolygon].contains($0.feature.geometry?.type) }
        if !inside.isEmpty || fallback == nil { return inside }
        return try nearest(to: position, crs: crs, count: 1, within: fallback)
    }
}

extension Layer {
    /// The `count` features nearest to a position with geodesic distances in metres.
    /// Builds an index each call: for repeated queries build a `GeoIndex` once.
    public func nearest(to position: Position, crs: CRSReference = .crs84, count: Int = 1, within maxDistance: Double? = nil,
                        where filter: ((Feature) -> Bool)? = nil) throws -> [Neighbor] {
        try GeoIndex(self).nearest(to: position, crs: crs, count: count, within: maxDistance, where: filter)
    }
}
