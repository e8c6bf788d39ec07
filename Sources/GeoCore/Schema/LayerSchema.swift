/// What a store knows about a layer before handing out its first feature: what a writer
/// needs to create its columns and what a server announces about a collection.
///
/// `extent` and `featureCount` are what the source records (a GeoPackage's
/// `gpkg_contents` extent, a table's row count), not computed by reading every feature;
/// they are nil when the source does not say.
public struct LayerSchema: Sendable, Hashable {
    /// The layer (table) name.
    public var name: String
    /// The attribute columns, in order (the id and geometry columns excluded).
    public var fields: [Field]
    /// The column the feature ids come from (a GeoPackage's integer primary key), if any.
    public var idField: String?
    /// The one geometry type every feature has, when the source declares one; nil for
    /// mixed or undeclared types (a GeoPackage `GEOMETRY` column) and for layers without
    /// geometry.
    public var geometryType: GeometryType?
    /// False for an attribute table (a layer without geometry).
    public var hasGeometry: Bool
    /// Whether the geometries have z values, when the source declares it.
    public var hasZ: Bool?
    /// The CRS of the coordinates, when the source says it.
    public var crs: CRSReference?
    /// The extent the source records, in the layer's CRS.
    public var extent: BoundingBox?
    /// The number of features, when known without reading them.
    public var featureCount: Int?

    /// Creates a schema.
    public init(name: String, fields: [Field], idField: String? = nil, geometryType: GeometryType? = nil, hasGeometry: Bool = true,
                hasZ: Bool? = nil, crs: CRSReference? = nil, extent: BoundingBox? = nil, featureCount: Int? = nil) {
        self.name = name
        self.fields = fields
        self.idField = idField
        self.geometryType = geometryType
        self.hasGeometry = hasGeometry
        self.hasZ = hasZ
        self.crs = crs
        self.extent = extent
        self.featureCount = featureCount
    }

    /// The field with this exact name, if the layer has one.
    public func field(named name: String) -> Field? {
        fields.first { $0.name == name }
    }
}
