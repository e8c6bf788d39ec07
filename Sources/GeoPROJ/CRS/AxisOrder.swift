import GeoCore

/// Axis order at the edges: GeoKit keeps x = longitude/easting inside; encodings that
/// follow the authority (GML 3.2, WFS 2.0, INSPIRE) want EPSG:4326 and EPSG:4258 as
/// latitude, longitude. These helpers say when to swap and do it.
public enum AxisOrder {
    /// True when an encoding that honours authority axis order must write this CRS's
    /// positions as (y, x).
    public static func authorityOrderSwapsXY(for crs: CRS) -> Bool { crs.isNorthingFirst }

    /// The position in the authority's axis order for `crs` (swapped for latitude-first CRSs).
    public static func authorityOrder(_ position: Position, for crs: CRS) -> Position {
        crs.isNorthingFirst ? Position(x: position.y, y: position.x, z: position.z) : position
    }

    /// The geometry with every position in the authority's axis order for `crs`.
    public static func authorityOrder(_ geometry: Geometry, for crs: CRS) -> Geometry {
        crs.isNorthingFirst ? geometry.mapPositions { Position(x: $0.y, y: $0.x, z: $0.z) } : geometry
    }
}
