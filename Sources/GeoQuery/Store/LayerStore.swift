import GeoCore
import GeoPROJ

/// A layer held in memory as a `FeatureStore`: what a server serves for files without
/// an index of their own (GeoJSON, CSV, Shapefile). Built once, in O(n log n), with a
/// packed R-tree over the features' envelopes and a table of ids; immutable afterwards,
/// so any number of tasks query it at once.
///
/// ```swift
/// let store = LayerStore(try GeoJSON.readLayer(atPath: "aed.geojson"))
/// let page = try await store.features(matching: FeatureQuery(boundingBox: box, limit: 100))
/// ```
///
/// Features come in the layer's order. A feature without an id is handed out with its
/// 1-based position as its id, as GeoPackage views without an id column are; a feature
/// by id is found by its own id, else by that position.
public final class LayerStore: FeatureStore {
    /// The layer's schema; `extent` is computed from the coordinates, `featureCount` is
    /// the number of features.
    public let schema: LayerSchema
    /// What the reader noticed when the layer was read (geometries repaired or left out,
    /// with their positions), as the caller passed it: kept with the store so that
    /// serving a file does not hide it.
    public let warnings: [ReadWarning]
    private let features: [Feature]
    private let index: PackedRTree?
    private let positionsByID: [FeatureID: Int]

    /// Indexes a layer.
    /// - Parameters:
    ///   - layer: the features, held as they are (ids added by position where missing).
    ///   - warnings: what the reader noticed reading it (``warnings``).
    public init(_ layer: Layer, warnings: [ReadWarning] = []) {
        self.warnings = warnings
        features = layer.features.enumerated().map { position, feature in
            guard feature.id == nil else { return feature }
            var numbered = feature
            numbered.id = .integer(Int64(position + 1))
            return numbered
        }
        var entries: [(box: PackedRTree.Box, payload: Int)] = []
        var byID: [FeatureID: Int] = [:]
        for (position, feature) in features.enumerated() {
            if let id = feature.id, byID[id] == nil { byID[id] = position }
            guard let box = feature.geometry?.boundingBox else { continue }
            entries.append((PackedRTree.Box(min: SIMD3(box.minX, box.minY, 0), max: SIMD3(box.maxX, box.maxY, 0)), position))
        }
        index = entries.isEmpty ? nil : PackedRTree(boxes: entries)
        positionsByID = byID
        let declared = Set(layer.features.compactMap { $0.geometry?.type })
        var hasZ = false
        for feature in layer.features where !hasZ { feature.geometry?.forEachPosition { if $0.z != nil { hasZ = true } } }
        schema = LayerSchema(name: layer.name, fields: layer.fields, geometryType: declared.count == 1 ? declared.first : nil,
                             hasGeometry: !entries.isEmpty || layer.features.isEmpty, hasZ: hasZ, crs: layer.crs,
                             extent: layer.boundingBox, featureCount: layer.features.count)
    }

    public func count(matching query: FeatureQuery) async throws(ReadError) -> Int {
        var count = 0
        try forEachMatch(of: query, from: 0) { _ in count += 1; return true }
        return count
    }

    public func features(matching query: FeatureQuery) async throws(ReadError) -> FeaturePage {
        var start = 0
        if let cursor = query.cursor {
            guard let position = cursor.position else { throw invalid("a cursor that this layer did not make (\"\(cursor.token.abbreviated(to: 40))\")") }
            start = position
        }
        var page: [Feature] = []
        var skipped = 0
        var nextPosition: Int?
        if query.limit != 0 {
            try forEachMatch(of: query, from: start) { position in
                if skipped < query.offset { skipped += 1; return true }
                if let limit = query.limit, page.count == limit { nextPosition = position; return false }
                page.append(query.propertyNames.map { features[position].keepingProperties($0) } ?? features[position])
                return true
            }
        }
        return FeaturePage(features: page, nextCursor: nextPosition.map(FeatureCursor.from(position:)))
    }

    public func feature(id: FeatureID) async throws(ReadError) -> Feature? {
        position(of: id).map { features[$0] }
    }

    private func position(of id: FeatureID) -> Int? {
        if let position = positionsByID[id] { return position }
        switch id {
        case .string(let text): return Int64(text).flatMap { positionsByID[.integer($0)] }
        case .integer(let number): return positionsByID[.string(String(number))]
        case .double: return nil
        }
    }

    /// Calls `body` with the position of each matching feature from `start` on, in
    /// order, until it returns false.
    private func forEachMatch(of query: FeatureQuery, from start: Int, _ body: (Int) -> Bool) throws(ReadError) {
        if let problem = query.problem(in: schema) { throw invalid(problem) }
        let box: BoundingBox?
        do { box = try query.boundingBox(inLayerCRS: schema.crs) } catch { throw invalid(error.message) }
        var candidates: [Int]
        if let ids = query.ids {
            candidates = Array(Set(ids.compactMap(position(of:)))).sorted()
        } else if let box {
            candidates = []
            index?.forEachIntersecting(PackedRTree.Box(min: SIMD3(box.minX, box.minY, 0), max: SIMD3(box.maxX, box.maxY, 0))) { candidates.append($0) }
            candidates.sort()
        } else {
            candidates = Array(start..<max(start, features.count))
        }
        for position in candidates where position >= start {
            let feature = features[position]
            if let box, !(feature.geometry?.boundingBox.map { $0.intersects(box) } ?? false) { continue }
            if let predicate = query.predicate, !predicate.matches(feature.properties) { continue }
            if !body(position) { return }
        }
    }

    private func invalid(_ message: String) -> ReadError {
        ReadError(format: "layer", location: SourceLocation(), message: "layer \"\(schema.name)\": \(message)", code: .invalidQuery)
    }
}
