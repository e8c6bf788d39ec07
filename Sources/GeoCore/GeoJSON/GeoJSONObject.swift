/// The three kinds of GeoJSON text: a FeatureCollection, a single Feature or a bare Geometry.
public enum GeoJSONObject: Sendable, Hashable {
    /// A FeatureCollection.
    case featureCollection(FeatureCollection)
    /// A single Feature.
    case feature(Feature)
    /// A bare geometry object.
    case geometry(Geometry)

    /// The content as a list of features: a bare geometry becomes one feature with no
    /// properties.
    public var features: [Feature] {
        switch self {
        case .featureCollection(let c): c.features
        case .feature(let f): [f]
        case .geometry(let g): [Feature(geometry: g)]
        }
    }
}

/// A decoded GeoJSON text: its object plus what the reader learned on the way.
public struct GeoJSONDocument: Sendable, Hashable {
    /// The object.
    public var object: GeoJSONObject
    /// The CRS: from a legacy `crs` member when present, otherwise `.crs84` (RFC 7946).
    public var crs: CRSReference
    /// True when the CRS came from a legacy (GeoJSON 2008) `crs` member.
    public var crsFromLegacyMember: Bool
    /// The `name` member of a FeatureCollection (written by GDAL), if any.
    public var name: String?
    /// What the reader accepted but flagged (winding order, foreign members…).
    public var warnings: [ReadWarning]

    /// The document as a layer named `name` (or `defaultName` when it has none).
    public func layer(defaultName: String) -> Layer {
        Layer(name: name ?? defaultName, crs: crs, inferringFieldsFrom: object.features)
    }
}
