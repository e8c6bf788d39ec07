import GeoCore
import GeoGEOS
import GeoPROJ

/// How `spatialJoin` matches features of the right layer to each feature of the left one.
public enum JoinPredicate: Sendable, Hashable {
    /// The left geometry lies within the right one (each school gets its Gemeinde).
    case within
    /// The geometries share a point.
    case intersects
    /// The nearest right feature, by geodesic distance in metres (optionally no farther
    /// than `maxDistance`); the distance is added as the field `distance_m`.
    case nearest(maxDistance: Double?)
}

/// A joined layer and how many left features found no match.
public struct JoinResult: Sendable {
    /// The left features with the matched right feature's properties added.
    public var layer: Layer
    /// Left features without a match (kept, with the right fields null).
    public var unmatchedCount: Int
}

extension Layer {
    /// Adds to each feature the properties of the right layer's feature that matches it
    /// (the first in the right layer's order when several do), like GeoPandas
    /// `sjoin(how="left")` / `sjoin_nearest`. A right field whose name the left layer
    /// already uses gets `suffix` appended; every right field gets `prefix` before it.
    ///
    /// The right layer is reprojected to the left layer's CRS when they differ; the
    /// nearest join measures geodesic metres whatever the CRSs.
    /// - Throws: `PROJError` for CRSs that cannot be transformed, `GEOSError` for
    ///   geometries GEOS rejects.
    public func spatialJoin(_ right: Layer, predicate: JoinPredicate, prefix: String = "", suffix: String = "_right") throws -> JoinResult {
        let leftNames = Set(fields.map(\.name))
        func renamed(_ key: String) -> String {
            let name = prefix + key
            return leftNames.contains(name) ? name + suffix : name
        }
        let rightFields = right.fields.map { Field(name: renamed($0.name), type: $0.type) }
        var matches: [Int?] = []
        var distances: [Double?] = []
        switch predicate {
        case .nearest(let maxDistance):
            let index = try GeoIndex(right)
            for f in features {
                guard let g = f.geometry, let p = try representativePoint(g) else {
                    matches.append(nil)
                    distances.append(nil)
                    continue
                }
                let hit = try index.nearest(to: p, crs: crs ?? .crs84, count: 1, within: maxDistance).first
                matches.append(hit?.featureIndex)
                distances.append(hit?.distance)
            }
        case .within, .intersects:
            let aligned = try right.inCRS(of: self)
            let planar = PlanarIndex(aligned.features.map(\.geometry))
            var tree: STRtree?
            for f in features {
                guard let g = f.geometry else {
                    matches.append(nil)
                    continue
                }
                if case .point(let p) = g, !p.isEmpty {
                    // Points in polygons, the common case: a planar box index and an exact
                    // even-odd test in Swift (boundary points count, as GEOS's covers does).
                    matches.append(planar.firstCovering(p, in: aligned.features))
                    continue
                }
                if tree == nil { tree = try STRtree(aligned.features.map { $0.geometry ?? .geometryCollection([]) }) }
                var found: Int?
                for i in try tree!.query(g, predicate: .envelopeIntersects) {
                    guard let r = aligned.features[i].geometry else { continue }
                    let hit = predicate == .within ? try g.isCovered(by: r) : try g.intersects(r)
                    if hit {
                        found = i
                        break
                    }
                }
                matches.append(found)
            }
        }
        var joined = self
        var unmatched = 0
        for i in joined.features.indices {
            if let m = matches[i] {
                for (key, value) in right.features[m].properties { joined.features[i].properties[renamed(key)] = value }
            } else {
                unmatched += 1
                for field in rightFields { joined.features[i].properties[field.name] = .null }
            }
            if case .nearest = predicate {
                joined.features[i].properties["distance_m"] = distances[i].map { .double(($0 * 1000).rounded() / 1000) } ?? .null
            }
        }
        var newFields = fields + rightFields
        if case .nearest = predicate { newFields.append(Field(name: "distance_m", type: .real)) }
        joined.fields = newFields
        return JoinResult(layer: joined, unmatchedCount: unmatched)
    }

    /// This layer in the CRS of `other` (unchanged when they agree or either has none).
    func inCRS(of other: Layer) throws -> Layer {
        guard let mine = crs, let theirs = other.crs, mine != theirs, !(mine.isWGS84Geographic && theirs.isWGS84Geographic) else { return self }
        return try Transformer.cached(from: mine.identifier, to: theirs.identifier).transform(self)
    }

    /// A point that stands for a geometry in distance questions: itself for a point, a
    /// point on its surface otherwise.
    func representativePoint(_ geometry: Geometry) throws -> Position? {
        if case .point(let p) = geometry { return p.isEmpty ? nil : p }
        if case .point(let p) = try geometry.pointOnSurface() { return p }
        return nil
    }
}

/// Planar bounding boxes of a layer's geometries in a packed R-tree (z = 0), for
/// point-in-polygon joins in the layer's own CRS.
struct PlanarIndex {
    let tree: PackedRTree

    init(_ geometries: [Geometry?]) {
        var entries: [(box: PackedRTree.Box, payload: Int)] = []
        for (i, g) in geometries.enumerated() {
            guard let box = g?.boundingBox else { continue }
            entries.append((PackedRTree.Box(min: SIMD3(box.minX, box.minY, 0), max: SIMD3(box.maxX, box.maxY, 0)), i))
        }
        tree = PackedRTree(boxes: entries)
    }

    /// The first feature (in layer order) whose polygon covers `p`; points, lines and
    /// other geometries never cover a point here.
    func firstCovering(_ p: Position, in features: [Feature]) -> Int? {
        var first: Int?
        tree.forEachIntersecting(PackedRTree.Box(point: SIMD3(p.x, p.y, 0))) { i in
            if let first, first < i { return }
            let covers: Bool
            switch features[i].geometry {
            case .polygon(let rings)?: covers = PlanarContainment.contains(rings, p)
            case .multiPolygon(let polygons)?: covers = polygons.contains { PlanarContainment.contains($0, p) }
            default: covers = false
            }
            if covers { first = i }
        }
        return first
    }
}
