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
    /// The `bbox` member the source gave, if any (not recomputed).
    public var boundingBox: BoundingBox?

    /// Creates a feature.
    public init(id: FeatureID? = nil, geometry: Geometry?, properties: JSONObject = [:], boundingBox: BoundingBox? = nil) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
        self.boundingBox = boundingBox
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
    /// The `bbox` member the source gave, if any (not recomputed).
    public var boundingBox: BoundingBox?

    /// Creates a collection.
    public init(features: [Feature] = [], boundingBox: BoundingBox? = nil) {
        self.features = features
        self.boundingBox = boundingBox
    }

    /// The box of all feature geometries, computed from the coordinates.
    public var computedBoundingBox: BoundingBox? {
        var accumulator = BoundingBox.Accumulator()
        for f in features { f.geometry?.forEachPosition { accumulator.add($0) } }
        return accumulator.box
    }
}
