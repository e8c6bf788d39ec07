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
            // Points in polygons, the common case: a planar box index and an exact even-odd
            // test in Swift (boundary points count, as GEOS's covers does).
            let points: [Position?] = features.map { if case .point(let p)? = $0.geometry, !p.isEmpty { p } else { nil } }
            let polygons = PlanarIndex(aligned.features.map(\.geometry))
            matches = points.map { $0.flatMap(polygons.firstCovering) }
            var tree: STRtree?
            for (i, f) in features.enumerated() where points[i] == nil {
                guard let g = f.geometry else { continue }
                if tree == nil { tree = try STRtree(aligned.features.map { $0.geometry ?? .geometryCollection([]) }) }
                for candidate in try tree!.query(g, predicate: .envelopeIntersects) {
                    guard let r = aligned.features[candidate].geometry else { continue }
                    if predicate == .within ? try g.isCovered(by: r) : try g.intersects(r) {
                        matches[i] = candidate
                        break
                    }
                }
            }
        }
        var joined = self
        let joining = JoinedProperties(rightNames: right.fields.map(\.name), renamed: rightFields.map(\.name),
                                       distanceField: { if case .nearest = predicate { true } else { false } }())
        var unmatched = 0
        for i in joined.features.indices {
            if matches[i] == nil { unmatched += 1 }
            let distance: JSONValue? = distances.isEmpty ? nil : distances[i].map { .double(($0 * 1000).rounded() / 1000) } ?? .null
            joined.features[i].properties = joining.combine(features[i].properties, with: matches[i].map { right.features[$0].properties },
                                                           distance: distance)
        }
        var newFields = fields + rightFields
        if case .nearest = predicate { newFields.append(Field(name: "distance_m", type: .real)) }
        joined.fields = newFields
        return JoinResult(layer: joined, unmatchedCount: unmatched)
    }

    /// This layer in the CRS of `other` (unchanged when they agree or either has none).
    func inCRS(of other: Layer) throws -> Layer {
        guard let mine = crs, let theirs = other.crs, mine != theirs, !(mine.isWGS84Geographic && theirs.isWGS84Geographic) else { return self }
        return try Transformer.cached(from: mine, to: theirs).transform(self)
    }

    /// A point that stands for a geometry in distance questions: itself for a point, a
    /// point on its surface otherwise.
    func representativePoint(_ geometry: Geometry) throws -> Position? {
        if case .point(let p) = geometry { return p.isEmpty ? nil : p }
        if case .point(let p) = try geometry.pointOnSurface() { return p }
        return nil
    }
}

/// Builds the properties of joined features: the left members, then the right layer's
/// fields (renamed; null when unmatched), then `distance_m` for nearest joins. Features
/// whose left members have the same names share one array of names, and each feature
/// gets its values in one allocation.
private final class JoinedProperties {
    let rightNames: [String]
    let renamed: [String]
    let distanceField: Bool
    private var lastLeftKeys: [String] = []
    private var lastCombinedKeys: [String]?

    init(rightNames: [String], renamed: [String], distanceField: Bool) {
        self.rightNames = rightNames
        self.renamed = renamed
        self.distanceField = distanceField
    }

    func combine(_ left: JSONObject, with right: JSONObject?, distance: JSONValue?) -> JSONObject {
        var values = left.values
        values.reserveCapacity(left.count + rightNames.count + 1)
        if let right, right.keys == rightNames {
            values.append(contentsOf: right.values)
        } else {
            for name in rightNames { values.append(right?[name] ?? .null) }
        }
        if distanceField { values.append(distance ?? .null) }
        if let keys = combinedKeys(left.keys) { return JSONObject(uncheckedKeys: keys, values: values) }
        // A left member that is not a declared left field carries a joined name: set the
        // joined members one by one (the joined value wins).
        var object = left
        let names = renamed + (distanceField ? ["distance_m"] : [])
        for (name, value) in zip(names, values[left.count...]) { object[name] = value }
        return object
    }

    /// The member names for left members named `leftKeys`, shared between features, or
    /// nil when a left name clashes with a joined one.
    private func combinedKeys(_ leftKeys: [String]) -> [String]? {
        if leftKeys == lastLeftKeys, let lastCombinedKeys { return lastCombinedKeys }
        var keys = leftKeys
        keys.append(contentsOf: renamed)
        if distanceField { keys.append("distance_m") }
        guard Set(keys).count == keys.count else { return nil }
        lastLeftKeys = leftKeys
        lastCombinedKeys = keys
        return keys
    }
}
