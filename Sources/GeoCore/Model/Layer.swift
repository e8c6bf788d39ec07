/// A named set of features in one CRS, with the schema of its properties.
///
/// This is what a file (or one table of a GeoPackage) holds. The CRS is `nil` when the
/// source did not say; RFC 7946 GeoJSON without a `crs` member is read as `.crs84`.
public struct Layer: Sendable, Hashable {
    /// The layer name (file stem, GeoJSON `name` member or table name).
    public var name: String
    /// The CRS of the coordinates, if known.
    public var crs: CRSReference?
    /// The features, in order.
    public var features: [Feature]
    /// The fields of the properties with their types, in first-seen order.
    public var fields: [Field]

    /// Creates a layer; when `fields` is `nil` the schema is inferred from the features.
    public init(name: String, crs: CRSReference? = nil, features: [Feature], fields: [Field]? = nil) {
        self.name = name
        self.crs = crs
        self.features = features
        self.fields = fields ?? FieldSchemaBuilder.infer(from: features)
    }

    /// The box of all geometries, computed from the coordinates.
    public var boundingBox: BoundingBox? {
        var accumulator = BoundingBox.Accumulator()
        for f in features { f.geometry?.forEachPosition { accumulator.add($0) } }
        return accumulator.box
    }

    /// The features as a collection (for the GeoJSON writer and `Codable`).
    public var featureCollection: FeatureCollection { FeatureCollection(features: features) }
}
