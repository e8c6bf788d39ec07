/// What `geokit info` reports about a layer, accumulated feature by feature so that a
/// file of any size can be summarised while streaming.
public struct LayerSummary: Sendable, Hashable, Codable {
    /// The file the layer was read from, when it came from one.
    public var path: String?
    /// The layer name.
    public var name: String
    /// The CRS identifier (`EPSG:25832`, `OGC:CRS84`), if known.
    public var crs: String?
    /// The number of features.
    public var featureCount = 0
    /// The number of features without geometry.
    public var nullGeometryCount = 0
    /// Features per geometry type, by GeoJSON type name.
    public var geometryTypes: [String: Int] = [:]
    /// True when any geometry has z values.
    public var hasZ = false
    /// The extent of all geometries `[minX, minY, maxX, maxY]` in CRS units, if any.
    public var boundingBox: [Double]?
    /// Fields with inferred types and null counts, in first-seen order.
    public var fields: [FieldSummary] = []
    /// What the reader noticed while the summary was made (not encoded).
    public var warnings: [ReadWarning] = []

    private enum CodingKeys: String, CodingKey {
        case path, name, crs, featureCount, nullGeometryCount, geometryTypes, hasZ, boundingBox, fields
    }

    /// A field and how many features lack a value for it.
    public struct FieldSummary: Sendable, Hashable, Codable {
        /// The property name.
        public var name: String
        /// The inferred type.
        public var type: FieldType
        /// Features where the property is null or absent.
        public var nullCount: Int
    }

    /// Creates an empty summary.
    public init(name: String, crs: CRSReference?) {
        self.name = name
        self.crs = crs?.identifier
    }

    /// Accumulates features; call `finish()` for the final summary.
    public struct Builder: Sendable {
        private var summary: LayerSummary
        private var box = BoundingBox.Accumulator()
        private var schema = FieldSchemaBuilder()

        /// Starts a summary for a layer.
        public init(name: String, crs: CRSReference?) {
            summary = LayerSummary(name: name, crs: crs)
        }

        /// Adds one feature.
        public mutating func add(_ feature: Feature) {
            summary.featureCount += 1
            schema.add(feature.properties)
            guard let g = feature.geometry else {
                summary.nullGeometryCount += 1
                return
            }
            summary.geometryTypes[g.type.rawValue, default: 0] += 1
            var z = false
            g.forEachPosition { p in
                box.add(p)
                if p.z != nil { z = true }
            }
            if z { summary.hasZ = true }
        }

        /// The summary of what was added; `crs` replaces the one given at the start
        /// (a streaming reader may learn the CRS late). With `declaredFields` (a format
        /// that declares its columns), the fields are those, with their declared types,
        /// so that the summary says what every writer will write.
        public func finish(crs: CRSReference?, declaredFields: [Field]? = nil) -> LayerSummary {
            var result = summary
            result.crs = crs?.identifier
            if let b = box.box { result.boundingBox = [b.minX, b.minY, b.maxX, b.maxY] }
            let nulls = schema.nullCounts
            let fields = declaredFields ?? schema.fields
            result.fields = fields.map { FieldSummary(name: $0.name, type: $0.type, nullCount: nulls[$0.name] ?? summary.featureCount) }
            return result
        }
    }
}
