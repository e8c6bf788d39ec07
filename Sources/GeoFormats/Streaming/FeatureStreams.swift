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
    /// The next features, at most `maxCount`: fewer only at the end, empty after it. The
    /// batch form of `next()` for streaming work; a reader that holds rows in batches
    /// (GeoPackage) hands them over without a call per feature.
    /// - Throws: `ReadError` as `next()`; the features before the bad one are lost with
    ///   the batch, so a caller that needs them reads one by one.
    func nextBatch(maxCount: Int) throws(ReadError) -> [Feature]
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

    /// One call of `next()` per feature.
    public func nextBatch(maxCount: Int) throws(ReadError) -> [Feature] {
        var batch: [Feature] = []
        batch.reserveCapacity(min(max(maxCount, 0), 4096))
        while batch.count < maxCount, let feature = try next() { batch.append(feature) }
        return batch
    }
}

extension FeatureSink {
    /// Most formats change nothing.
    public var warnings: [String] { [] }

    /// One feature at a time.
    public func write(contentsOf batch: [Feature]) throws(WriteError) {
        for feature in batch { try write(feature) }
    }
}

/// What a writer must know before the first feature: now `LayerSchema`, which also
/// carries the extent and count a sink may need before the first feature.
@available(*, deprecated, renamed: "LayerSchema")
public typealias LayerDescription = LayerSchema

extension LayerSchema {
    /// Scans a source to the end and describes what it holds: fields, geometry types, Z,
    /// the extent and the number of features.
    /// - Parameters:
    ///   - source: the source, read to its end.
    ///   - transform: what is done to each feature before it is described (nil leaves it out).
    /// - Throws: `ReadError` from the source.
    public static func scanning(_ source: some FeatureSource, transform: (Feature) -> Feature? = { $0 }) throws(ReadError) -> LayerSchema {
        var schema = FieldSchemaBuilder()
        var types: Set<GeometryType> = []
        var z = false
        var extent = BoundingBox.Accumulator()
        var count = 0
        while let raw = try source.next() {
            guard let f = transform(raw) else { continue }
            count += 1
            schema.add(f.properties)
            if let g = f.geometry {
                types.insert(g.type)
                if g.hasZ { z = true }
                g.forEachPosition { extent.add($0) }
            }
        }
        var scanned = LayerSchema(name: source.layerName, crs: source.crs, fields: schema.fields, geometryTypes: types, hasZ: z)
        scanned.extent = extent.box
        scanned.featureCount = count
        return scanned
    }
}
