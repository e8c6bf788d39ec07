/// A coordinate tuple: `x` is longitude or easting, `y` is latitude or northing, `z` an
/// optional height, whatever axis order the CRS authority defines.
///
/// GeoKit keeps this x/y order everywhere in memory; authority axis order (EPSG:4326 is
/// latitude first) is applied only by encodings that demand it (GML, WFS).
/// The units are those of the layer's CRS: degrees for EPSG:4326, metres for EPSG:25832.
///
/// An *empty* position (as in `POINT EMPTY`) has `x` and `y` both NaN, the convention WKB
/// uses; two empty positions compare equal.
public struct Position: Sendable, Hashable, CustomStringConvertible {
    /// Longitude or easting, in the units of the CRS.
    public var x: Double
    /// Latitude or northing, in the units of the CRS.
    public var y: Double
    /// Height, or `nil` for a 2D position.
    public var z: Double?

    /// Creates a position from x (longitude/easting), y (latitude/northing) and an optional z.
    @inlinable
    public init(x: Double, y: Double, z: Double? = nil) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// Creates a position from a longitude and a latitude in degrees (x = longitude).
    @inlinable
    public init(longitude: Double, latitude: Double, height: Double? = nil) {
        self.init(x: longitude, y: latitude, z: height)
    }

    /// The empty position, used for `POINT EMPTY`.
    public static let empty = Position(x: .nan, y: .nan)

    /// True when this is the empty position (`x` and `y` are NaN).
    @inlinable
    public var isEmpty: Bool { x.isNaN && y.isNaN }

    /// True when the position has a z value.
    @inlinable
    public var hasZ: Bool { z != nil }

    /// True when x, y and (if present) z are finite numbers.
    @inlinable
    public var isFinite: Bool { x.isFinite && y.isFinite && (z?.isFinite ?? true) }

    @inlinable
    public static func == (lhs: Position, rhs: Position) -> Bool {
        sameNumber(lhs.x, rhs.x) && sameNumber(lhs.y, rhs.y)
            && (lhs.z == nil) == (rhs.z == nil)
            && sameNumber(lhs.z ?? 0, rhs.z ?? 0)
    }

    @usableFromInline
    static func sameNumber(_ a: Double, _ b: Double) -> Bool {
        a == b || (a.isNaN && b.isNaN)
    }

    public func hash(into hasher: inout Hasher) {
        // NaN payloads differ; hash every NaN alike so that hashing agrees with ==.
        hasher.combine(x.isNaN ? .nan : x)
        hasher.combine(y.isNaN ? .nan : y)
        if let z { hasher.combine(z.isNaN ? .nan : z) }
    }

    public var description: String {
        if isEmpty { return "EMPTY" }
        if let z { return "\(x) \(y) \(z)" }
        return "\(x) \(y)"
    }
}
