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

    /// Creates a layer with the fields given: what a reader that knows its schema (a
    /// GeoPackage table, a dBase header) makes. No pass over the features.
    /// - Parameters:
    ///   - name: the layer name.
    ///   - crs: the CRS of the coordinates, if known.
    ///   - features: the features, in order.
    ///   - fields: the fields of their properties, in order.
    public init(name: String, crs: CRSReference? = nil, features: [Feature], fields: [Field]) {
        self.name = name
        self.crs = crs
        self.features = features
        self.fields = fields
    }

    /// Creates a layer whose fields are inferred from the features' properties, in one
    /// pass over all of them: names in first-seen order, each with the narrowest type that
    /// holds every value (`FieldSchemaBuilder`).
    /// - Parameters:
    ///   - name: the layer name.
    ///   - crs: the CRS of the coordinates, if known.
    ///   - features: the features, in order.
    public init(name: String, crs: CRSReference? = nil, inferringFieldsFrom features: [Feature]) {
        self.init(name: name, crs: crs, features: features, fields: FieldSchemaBuilder.infer(from: features))
    }

    /// Creates a layer and infers its fields in a pass over every feature.
    @available(*, deprecated, message: "the fields are inferred in a pass over every feature: give fields:, or say so with init(name:crs:inferringFieldsFrom:)")
    public init(name: String, crs: CRSReference? = nil, features: [Feature]) {
        self.init(name: name, crs: crs, inferringFieldsFrom: features)
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
