import GeoCore

/// Features read one by one from a file, whatever its format: what `geokit convert` and
/// `LayerIO` read through. A source holds at most a batch of features in memory.
public protocol FeatureSource: AnyObject {
    /// The layer name (the table name, or the file name without extension).
    var layerName: String { get }
    /// The coordinates' CRS, when the file says it.
    var crs: CRSReference? { get }
    /// The attribute schema when the format declares it before the first feature
    /// (GeoPackage, Shapefile, CSV); nil when it is only known after reading (GeoJSON).
    var declaredFields: [Field]? { get }
    /// What the reader noticed so far, with positions.
    var warnings: [ReadWarning] { get }
    /// False when the layer has no geometry at all (a GeoPackage attribute table):
    /// writers that can then write a table without a geometry column.
    var hasGeometry: Bool { get }
    /// The next feature, or nil at the end.
    /// - Throws: `ReadError` with the file and position of bad input.
    func next() throws(ReadError) -> Feature?
}

/// Features written one by one into a new file, which appears under its name only when
/// `finish()` succeeds.
public protocol FeatureSink: AnyObject {
    /// Writes one feature.
    /// - Throws: `WriteError` naming the feature index.
    func write(_ feature: Feature) throws(WriteError)
    /// Writes a batch of features, in order: what the converter hands over (a sink that
    /// can do better than one call per feature implements it).
    /// - Throws: `WriteError` naming the feature index; the features before it are written.
    func write(contentsOf batch: [Feature]) throws(WriteError)
    /// Completes the file and moves it into place.
    /// - Throws: `WriteError`; the target is then untouched.
    func finish() throws(WriteError)
    /// What the format made the writer change (e.g. field names shortened for dBase).
    var warnings: [String] { get }
}

extension FeatureSource {
    /// Most layers have geometries.
    public var hasGeometry: Bool { true }
}

extension FeatureSink {
    /// Most formats change nothing.
    public var warnings: [String] { [] }

    /// One feature at a time.
    public func write(contentsOf batch: [Feature]) throws(WriteError) {
        for feature in batch { try write(feature) }
    }
}

/// What a writer must know before the first feature: table formats (GeoPackage, CSV,
/// Shapefile) create their columns from it.
public struct LayerDescription: Sendable, Hashable {
    /// The layer (table) name.
    public var name: String
    /// The CRS of the coordinates that will be written.
    public var crs: CRSReference?
    /// The attribute columns, in order.
    public var fields: [Field]
    /// The geometry types that will be written, when known (CSV writes x/y columns when
    /// all are points; Shapefile needs one shape type).
    public var geometryTypes: Set<GeometryType>?
    /// Whether any geometry has Z, when known.
    public var hasZ: Bool?
    /// Whether features may carry properties beyond `fields` (a GeoJSON input not scanned
    /// first). Writers that can add columns as they go (GeoPackage) do; others ignore them.
    public var fieldsMayGrow = false
    /// False for a layer without geometry (an attribute table): a GeoPackage writes it as
    /// one (`data_type = 'attributes'`).
    public var hasGeometry = true
    /// The names of the x and y columns the input had (a CSV's `lon`/`lat`,
    /// `Rechtswert`/`Hochwert`), which a CSV output keeps; nil writes `x` and `y`.
    public var coordinateColumnNames: CoordinateColumnNames?

    /// Describes a layer.
    public init(name: String, crs: CRSReference?, fields: [Field], geometryTypes: Set<GeometryType>? = nil, hasZ: Bool? = nil) {
        self.name = name
        self.crs = crs
        self.fields = fields
        self.geometryTypes = geometryTypes
        self.hasZ = hasZ
    }

    /// The description of an in-memory layer (fields, geometry types, Z).
    public init(of layer: Layer) {
        var types: Set<GeometryType> = []
        var z = false
        for f in layer.features {
            guard let g = f.geometry else { continue }
            types.insert(g.type)
            if g.hasZ { z = true }
        }
        self.init(name: layer.name, crs: layer.crs, fields: layer.fields, geometryTypes: types, hasZ: z)
    }

    /// Scans a source to the end and describes what it holds.
    /// - Throws: `ReadError` from the source.
    public static func scanning(_ source: some FeatureSource, transform: (Feature) -> Feature? = { $0 }) throws(ReadError) -> LayerDescription {
        var schema = FieldSchemaBuilder()
        var types: Set<GeometryType> = []
        var z = false
        while let raw = try source.next() {
            guard let f = transform(raw) else { continue }
            schema.add(f.properties)
            if let g = f.geometry {
                types.insert(g.type)
                if g.hasZ { z = true }
            }
        }
        return LayerDescription(name: source.layerName, crs: source.crs, fields: schema.fields, geometryTypes: types, hasZ: z)
    }
}
