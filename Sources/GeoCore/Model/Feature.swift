/// The identifier of a feature: GeoJSON allows a string or a number.
public enum FeatureID: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral
{
    /// A string identifier.
    case string(String)
    /// An integer identifier.
    case integer(Int64)
    /// A non-integral number identifier (rare, but RFC 7946 allows it).
    case double(Double)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }

    public var description: String {
        switch self {
        case .string(let s): s
        case .integer(let i): String(i)
        case .double(let d): String(d)
        }
    }
}

/// A spatially bounded thing: a geometry (or none) with properties and an optional id.
public struct Feature: Sendable, Hashable {
    /// The identifier, if the source gave one.
    public var id: FeatureID?
    /// The geometry, or `nil` for an unlocated feature (GeoJSON `"geometry": null`).
    public var geometry: Geometry?
    /// The attributes, in the order the source gave them.
    public var properties: JSONObject
    /// The `bbox` member the source gave, if any: stored as read, never recomputed (the
    /// box of the geometry is `geometry?.boundingBox`).
    public var declaredBoundingBox: BoundingBox?

    /// The `bbox` member the source gave.
    @available(*, deprecated, renamed: "declaredBoundingBox", message: "the stored bbox member; the computed box is geometry?.boundingBox")
    public var boundingBox: BoundingBox? {
        get { declaredBoundingBox }
        set { declaredBoundingBox = newValue }
    }

    /// Creates a feature.
    public init(id: FeatureID? = nil, geometry: Geometry?, properties: JSONObject = [:], declaredBoundingBox: BoundingBox? = nil) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
        self.declaredBoundingBox = declaredBoundingBox
    }

    /// Creates a feature with a stored `bbox` member.
    @available(*, deprecated, renamed: "init(id:geometry:properties:declaredBoundingBox:)")
    public init(id: FeatureID? = nil, geometry: Geometry?, properties: JSONObject = [:], boundingBox: BoundingBox?) {
        self.init(id: id, geometry: geometry, properties: properties, declaredBoundingBox: boundingBox)
    }

    /// The property value for `key`, or `nil` when absent.
    public subscript(property key: String) -> JSONValue? {
        get { properties[key] }
        set { properties[key] = newValue }
    }
}

/// An ordered list of features, as a GeoJSON FeatureCollection holds them.
public struct FeatureCollection: Sendable, Hashable {
    /// The features, in order.
    public var features: [Feature]
    /// The `bbox` member the source gave, if any: stored as read, never recomputed.
    public var declaredBoundingBox: BoundingBox?

    /// The `bbox` member the source gave.
    @available(*, deprecated, renamed: "declaredBoundingBox", message: "the stored bbox member, not a computed box")
    public var boundingBox: BoundingBox? {
        get { declaredBoundingBox }
        set { declaredBoundingBox = newValue }
    }

    /// Creates a collection.
    public init(features: [Feature] = [], declaredBoundingBox: BoundingBox? = nil) {
        self.features = features
        self.declaredBoundingBox = declaredBoundingBox
    }

    /// The box of all feature geometries, computed from the coordinates.
    public var computedBoundingBox: BoundingBox? {
        var accumulator = BoundingBox.Accumulator()
        for f in features { f.geometry?.forEachPosition { accumulator.add($0) } }
        return accumulator.box
    }
}
