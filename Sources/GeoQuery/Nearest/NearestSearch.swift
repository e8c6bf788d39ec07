import GeoCore
import GeoPROJ

/// A feature found by the search, with its exact geodesic distance in metres.
struct NearestMatch {
    var index: Int
    var distance: Double
    /// Degrees clockwise from north in [0, 360); 0 when azimuths were not asked for.
    var azimuth: Double
    var point: Position
}

/// The search behind every distance query of `GeoIndex`: the `count` features nearest to
/// a position, exact in geodesic metres, while computing as few geodesics as possible.
///
/// Point entries are ranked by their straight chord through the ellipsoid, which bounds
/// the geodesic from below, and by `Geodesic.distanceUpperBound(forChord:)` from above
/// (0.5 mm apart at 10 km); only the entries whose interval overlaps the `count`-th best
/// get an exact geodesic, usually exactly `count` of them. Other geometries are measured
/// as they are met. Reusable between queries: its buffers keep their capacity.
struct NearestSearch {
    private struct Candidate {
        var index: Int
        var lower: Double
        /// The exact distance, azimuth and point, for geometries measured during the descent.
        var measured: NearestMatch?
        /// For point entries, the point.
        var point: Position
    }

    private var candidates: [Candidate] = []
    private var pending: [PackedRTree.PendingNode] = []
    private var uppers = SmallestValues()
    private(set) var matches: [NearestMatch] = []

    /// Runs one query; the answer is in `matches`, nearest first, ties in layer order.
    mutating func run(_ index: GeoIndex, from q: Position, count: Int, limit: Double,
                      withAzimuths: Bool, filter: ((Feature) -> Bool)?) {
        matches.removeAll(keepingCapacity: true)
        guard count > 0 else { return }
        let ellipsoid = index.ellipsoid
        var frame: TangentFrame?
        var radius = limit
        let onlyPoints = index.holdsOnlyPoints, points = index.points
        // The buffers are moved out of `self` while the search closure fills them (no copy).
        var candidates: [Candidate] = [], uppers = SmallestValues(), pending: [PackedRTree.PendingNode] = []
        swap(&candidates, &self.candidates)
        swap(&uppers, &self.uppers)
        swap(&pending, &self.pending)
        defer {
            swap(&candidates, &self.candidates)
            swap(&uppers, &self.uppers)
            swap(&pending, &self.pending)
        }
        candidates.removeAll(keepingCapacity: true)
        candidates.reserveCapacity(16)  // a query meets ~5; growing from empty would copy thrice
        uppers.reset(capacity: count)
        index.tree.visitNearest(to: index.frame.coordinates(of: q), initialRadiusSquared: limit * limit,
                                orderingEntries: !onlyPoints, pending: &pending) { entry, boundSquared in
            if let filter, !filter(index.layer.features[entry]) { return radius * radius }
            var point = onlyPoints ? points[entry] : nil
            if point == nil, case .point(let p)? = index.geographic[entry], !p.isEmpty { point = p }
            if let point {
                // The box of a point is the point: its bound is the chord.
                let chord = boundSquared.squareRoot()
                if chord <= limit {
                    candidates.append(Candidate(index: entry, lower: chord, measured: nil, point: point))
                    uppers.insert(ellipsoid.distanceUpperBound(forChord: chord))
                }
            } else {
                switch index.geographic[entry] {
                case let g?:
                    if frame == nil { frame = TangentFrame(at: q) }
                    guard let (distance, azimuth, point) = index.measure(from: q, to: g, frame: frame!), distance <= limit else {
                        return radius * radius
                    }
                    let match = NearestMatch(index: entry, distance: distance, azimuth: azimuth < 0 ? azimuth + 360 : azimuth, point: point)
                    candidates.append(Candidate(index: entry, lower: distance, measured: match, point: point))
                    uppers.insert(distance)
                case nil:
                    return radius * radius
                }
            }
            radius = min(limit, uppers.largest)
            return radius * radius
        }
        for candidate in candidates where candidate.lower <= radius {
            if let measured = candidate.measured {
                matches.append(measured)
            } else {
                // Short lines by the curvature formula (no shared state); longer ones by PROJ.
                let (distance, azimuth) = ellipsoid.nearbyInverse(from: q, to: candidate.point, withAzimuth: withAzimuths)
                    ?? index.geodesic.karneyInverse(from: q, to: candidate.point, withAzimuth: withAzimuths)
                guard distance <= limit else { continue }
                matches.append(NearestMatch(index: candidate.index, distance: distance, azimuth: azimuth < 0 ? azimuth + 360 : azimuth, point: candidate.point))
            }
        }
        if matches.count > 1 {
            matches.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index) }
        }
        if matches.count > count { matches.removeLast(matches.count - count) }
    }
}

/// The `capacity` smallest values inserted so far, in a binary max-heap: `largest` is the
/// `capacity`-th smallest once that many have come, infinity before.
struct SmallestValues {
    private var heap: [Double] = []
    private var capacity = 1
    /// For a capacity of one (the common nearest query), the value, without an array.
    private var single = Double.infinity

    mutating func reset(capacity: Int) {
        heap.removeAll(keepingCapacity: true)
        self.capacity = capacity
        single = .infinity
    }

    var largest: Double {
        if capacity == 1 { return single }
        return heap.count == capacity ? heap[0] : .infinity
    }

    mutating func insert(_ value: Double) {
        if capacity == 1 {
            single = min(single, value)
        } else if heap.count < capacity {
            heap.append(value)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard heap[parent] < heap[child] else { break }
                heap.swapAt(parent, child)
                child = parent
            }
        } else if value < heap[0] {
            heap[0] = value
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var largest = parent
                if left < heap.count, heap[left] > heap[largest] { largest = left }
                if right < heap.count, heap[right] > heap[largest] { largest = right }
                if largest == parent { break }
                heap.swapAt(parent, largest)
                parent = largest
            }
        }
    }
}
