/// What a layer would become under a mapping: how many features can be exported, what
/// stops the others, and which properties would be void. `geokit inspire check` prints
/// it; an export refuses to write while `isExportable` is false.
public struct INSPIRECheck: Sendable, Hashable {
    /// Features read from the source.
    public var featureCount = 0
    /// Features without a problem: those an export writes.
    public var exportableCount = 0
    /// The first problems found (at most `problemLimit`), in feature order.
    public var problems: [ExportProblem] = []
    /// How many problems there are in all, by property.
    public var problemCounts: [String: Int] = [:]
    /// Source values that no service type is mapped to, with how many features have them.
    public var unmappedValues: [String: Int] = [:]
    /// Features whose property is void, by property and reason (`pointOfContact`: 12 ×
    /// `Unknown`).
    public var voids: [String: [VoidReason: Int]] = [:]
    /// What the export changes that the user should know: polygons written as a point on
    /// their surface, heights left out, dates given as midnight, an assumed CRS.
    public var warnings: [String] = []
    /// Service type values used that GeoKit's profiles do not know (check them in the
    /// INSPIRE registry), with their feature counts.
    public var unknownServiceTypes: [String: Int] = [:]
    /// The extent of the exported locations in EPSG:4258 (longitude, latitude order), for
    /// the metadata record; nil when nothing can be exported.
    public var extent: BoundingBox4258?

    /// How many problems are listed one by one.
    public static let problemLimit = 100

    /// Whether every feature can be exported as mapped.
    public var isExportable: Bool { problemCounts.isEmpty && featureCount > 0 }

    /// Whether an export can go ahead: every feature can be exported, or (when features
    /// with problems are left out) at least one can.
    public func allowsExport(skippingUnexportable: Bool) -> Bool {
        skippingUnexportable ? exportableCount > 0 : isExportable
    }

    /// Creates an empty check.
    public init() {}

    mutating func add(_ problem: ExportProblem) {
        if problems.count < Self.problemLimit { problems.append(problem) }
        problemCounts[problem.property, default: 0] += 1
    }

    mutating func addVoid(_ property: String, _ reason: VoidReason) {
        voids[property, default: [:]][reason, default: 0] += 1
    }
}

/// A geographic extent in ETRS89 (EPSG:4258), in degrees.
public struct BoundingBox4258: Sendable, Hashable {
    /// Western bound, degrees east.
    public var west: Double
    /// Eastern bound, degrees east.
    public var east: Double
    /// Southern bound, degrees north.
    public var south: Double
    /// Northern bound, degrees north.
    public var north: Double

    /// Creates an extent.
    public init(west: Double, east: Double, south: Double, north: Double) {
        self.west = west
        self.east = east
        self.south = south
        self.north = north
    }

    mutating func include(longitude: Double, latitude: Double) {
        west = min(west, longitude)
        east = max(east, longitude)
        south = min(south, latitude)
        north = max(north, latitude)
    }
}
