/// What is known about a layer before its first feature: what a store announces about a
/// collection, and what a sink needs to create its columns and its header (GML's
/// `numberMatched` and extent come before the first member).
///
/// `extent` and `featureCount` are what the source records (a GeoPackage's
/// `gpkg_contents` extent, a table's row count) or what a scan found, not computed by
/// reading every feature; they are nil when the source does not say.
public struct LayerSchema: Sendable, Hashable {
    /// The layer (table) name.
    public var name: String
    /// The attribute columns, in order (the id and geometry columns excluded).
    public var fields: [Field]
    /// The column the feature ids come from (a GeoPackage's integer primary key), if any.
    public var idField: String?
    /// The geometry types of the features, when known: one for a layer of one type (a
    /// GeoPackage `POINT` column), several for a mixed layer that was scanned, nil when
    /// unknown (a GeoPackage `GEOMETRY` column, a GeoJSON file not scanned first).
    public var geometryTypes: Set<GeometryType>?
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
    /// Whether features may carry properties beyond `fields` (a GeoJSON input not scanned
    /// first). Writers that can add columns as they go (GeoPackage) do; others ignore them.
    public var fieldsMayGrow = false
    /// The names of the x and y columns the input had (a CSV's `lon`/`lat`), which a CSV
    /// output keeps; nil writes `x` and `y`.
    public var coordinateColumnNames: CoordinateColumnNames?

    /// The one geometry type every feature has, when known; nil for mixed or unknown types
    /// and for layers without geometry. Setting it sets `geometryTypes` to that one type.
    public var geometryType: GeometryType? {
        get { geometryTypes?.count == 1 ? geometryTypes!.first : nil }
        set { geometryTypes = newValue.map { [$0] } }
    }

    /// Creates a schema.
    /// - Parameters:
    ///   - name: the layer (table) name.
    ///   - fields: the attribute columns, in order.
    ///   - idField: the column the feature ids come from.
    ///   - geometryType: the one geometry type of every feature, when known.
    ///   - hasGeometry: false for an attribute table.
    ///   - hasZ: whether the geometries have z values, when known.
    ///   - crs: the CRS of the coordinates.
    ///   - extent: the extent the source records, in the layer's CRS.
    ///   - featureCount: the number of features, when known without reading them.
    public init(name: String, fields: [Field], idField: String? = nil, geometryType: GeometryType? = nil, hasGeometry: Bool = true,
                hasZ: Bool? = nil, crs: CRSReference? = nil, extent: BoundingBox? = nil, featureCount: Int? = nil) {
        self.name = name
        self.fields = fields
        self.idField = idField
        self.geometryTypes = geometryType.map { [$0] }
        self.hasGeometry = hasGeometry
        self.hasZ = hasZ
        self.crs = crs
        self.extent = extent
        self.featureCount = featureCount
    }

    /// Creates the schema a writer needs: a name, a CRS, fields and what is known of the
    /// geometries.
    /// - Parameters:
    ///   - name: the layer (table) name.
    ///   - crs: the CRS of the coordinates that will be written.
    ///   - fields: the attribute columns, in order.
    ///   - geometryTypes: the geometry types that will be written, when known.
    ///   - hasZ: whether any geometry has Z, when known.
    public init(name: String, crs: CRSReference?, fields: [Field], geometryTypes: Set<GeometryType>? = nil, hasZ: Bool? = nil) {
        self.init(name: name, fields: fields, hasZ: hasZ, crs: crs)
        self.geometryTypes = geometryTypes
    }

    /// The schema of an in-memory layer: its fields, geometry types, Z, extent and count.
    public init(of layer: Layer) {
        var types: Set<GeometryType> = []
        var z = false
        for f in layer.features {
            guard let g = f.geometry else { continue }
            types.insert(g.type)
            if g.hasZ { z = true }
        }
        self.init(name: layer.name, crs: layer.crs, fields: layer.fields, geometryTypes: types, hasZ: z)
        extent = layer.boundingBox
        featureCount = layer.features.count
    }

    /// The field with this exact name, if the layer has one.
    public func field(named name: String) -> Field? {
        fields.first { $0.name == name }
    }
}
