/// An axis-aligned box in the units of a CRS, with optional z range.
///
/// `minX`/`maxX` are longitudes or eastings and `minY`/`maxY` latitudes or northings
/// (GeoKit's x/y order). A box that crosses the antimeridian, as RFC 7946 allows in a
/// `bbox` member, has `minX > maxX`.
public struct BoundingBox: Sendable, Hashable, CustomStringConvertible {
    /// West edge (smallest x).
    public var minX: Double
    /// South edge (smallest y).
    public var minY: Double
    /// East edge (largest x).
    public var maxX: Double
    /// North edge (largest y).
    public var maxY: Double
    /// Lowest z, or `nil` for a 2D box.
    public var minZ: Double?
    /// Highest z, or `nil` for a 2D box.
    public var maxZ: Double?

    /// Creates a box from its edges.
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double, minZ: Double? = nil, maxZ: Double? = nil) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
        self.minZ = minZ
        self.maxZ = maxZ
    }

    /// The smallest box holding all `positions`, or `nil` when there are none.
    public init?<S: Sequence>(covering positions: S) where S.Element == Position {
        var accumulator = Accumulator()
        for p in positions { accumulator.add(p) }
        guard let box = accumulator.box else { return nil }
        self = box
    }

    /// Width (x extent) in CRS units.
    public var width: Double { maxX - minX }
    /// Height (y extent) in CRS units.
    public var height: Double { maxY - minY }

    /// True when the position lies inside or on the edge of the box (x/y only).
    public func contains(_ position: Position) -> Bool {
        position.x >= minX && position.x <= maxX && position.y >= minY && position.y <= maxY
    }

    /// True when the two boxes share at least one point (x/y only).
    public func intersects(_ other: BoundingBox) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }

    /// The smallest box holding both boxes.
    public func union(_ other: BoundingBox) -> BoundingBox {
        var z: (Double, Double)? = nil
        switch (minZ, maxZ, other.minZ, other.maxZ) {
        case let (a?, b?, c?, d?): z = (Swift.min(a, c), Swift.max(b, d))
        case let (a?, b?, nil, nil): z = (a, b)
        case let (nil, nil, c?, d?): z = (c, d)
        default: z = nil
        }
        return BoundingBox(minX: Swift.min(minX, other.minX), minY: Swift.min(minY, other.minY),
                           maxX: Swift.max(maxX, other.maxX), maxY: Swift.max(maxY, other.maxY),
                           minZ: z?.0, maxZ: z?.1)
    }

    /// The box's numbers in GeoJSON `bbox` order: `[minX, minY, maxX, maxY]`, or with z
    /// `[minX, minY, minZ, maxX, maxY, maxZ]`.
    public var geoJSONArray: [Double] {
        if let minZ, let maxZ { return [minX, minY, minZ, maxX, maxY, maxZ] }
        return [minX, minY, maxX, maxY]
    }

    /// Creates a box from a GeoJSON `bbox` array of 4 or 6 numbers; `nil` for other lengths.
    public init?(geoJSONArray a: [Double]) {
        switch a.count {
        case 4: self.init(minX: a[0], minY: a[1], maxX: a[2], maxY: a[3])
        case 6: self.init(minX: a[0], minY: a[1], maxX: a[3], maxY: a[4], minZ: a[2], maxZ: a[5])
        default: return nil
        }
    }

    public var description: String {
        if let minZ, let maxZ { return "(\(minX), \(minY), \(minZ)) – (\(maxX), \(maxY), \(maxZ))" }
        return "(\(minX), \(minY)) – (\(maxX), \(maxY))"
    }

    /// Grows a box position by position without allocating; `box` is `nil` until a
    /// non-empty position was added.
    public struct Accumulator: Sendable {
        private var minX = Double.infinity, minY = Double.infinity
        private var maxX = -Double.infinity, maxY = -Double.infinity
        private var minZ = Double.infinity, maxZ = -Double.infinity
        private var count = 0
        private var zCount = 0

        /// Creates an empty accumulator.
        public init() {}

        /// Widens the box to hold `position`; empty positions are ignored.
        @inlinable
        public mutating func add(_ position: Position) {
            add(x: position.x, y: position.y, z: position.z)
        }

        @usableFromInline
        mutating func add(x: Double, y: Double, z: Double?) {
            if x.isNaN || y.isNaN { return }
            count += 1
            if x < minX { minX = x }
            if x > maxX { maxX = x }
            if y < minY { minY = y }
            if y > maxY { maxY = y }
            if let z {
                zCount += 1
                if z < minZ { minZ = z }
                if z > maxZ { maxZ = z }
            }
        }

        /// Widens the box to hold another box.
        public mutating func add(_ box: BoundingBox) {
            add(x: box.minX, y: box.minY, z: box.minZ)
            add(x: box.maxX, y: box.maxY, z: box.maxZ)
        }

        /// The box so far, or `nil` when nothing was added. z is given only when every
        /// position added had one.
        public var box: BoundingBox? {
            guard count > 0 else { return nil }
            let hasZ = zCount == count
            return BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY,
                               minZ: hasZ ? minZ : nil, maxZ: hasZ ? maxZ : nil)
        }
    }
}
