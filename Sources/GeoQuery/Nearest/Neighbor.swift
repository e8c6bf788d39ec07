import GeoCore

/// A feature found by a distance query, with how far and in which direction it is.
public struct Neighbor: Sendable, Hashable {
    /// The feature's index in the layer.
    public let featureIndex: Int
    /// The feature.
    public let feature: Feature
    /// The distance along the ellipsoid (WGS 84) in metres, to the nearest point of the
    /// feature's geometry; 0 inside a polygon.
    public let distance: Double
    /// The azimuth from the query position to that nearest point, degrees clockwise from
    /// north, 0 ≤ azimuth < 360 (0 when the distance is 0).
    public let azimuth: Double
    /// The nearest point of the feature, longitude/latitude in degrees.
    public let nearestPoint: Position
}
