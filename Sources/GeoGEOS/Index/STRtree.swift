import CGEOS
import Foundation
import GeoCore

/// GEOS's packed R-tree (Sort-Tile-Recursive) over many geometries, answering with the
/// indices of the geometries you gave it (the feature index, say), as Shapely's
/// `STRtree` does.
///
/// ```swift
/// let tree = try STRtree(layer.features.compactMap(\.geometry))
/// let hits = try tree.query(district, predicate: .intersects)      // [Int]
/// let near = try tree.nearest(to: .point(position), count: 3)       // [(index, distance)]
/// ```
///
/// The tree is built in `init` (GEOS builds lazily on the first query, which must not
/// race), so it can be shared by many tasks afterwards. Distances are planar, in CRS units.
public final class STRtree: @unchecked Sendable {
    // @unchecked: the tree and the geometries are immutable once init has built the tree;
    // GEOS's queries on a built STRtree only read it.
    private let tree: OpaquePointer
    private let geometries: [OpaquePointer]
    /// The number of geometries in the tree.
    public var count: Int { geometries.count }

    /// Which exact test `query(_:predicate:)` applies to the envelope candidates.
    public enum Predicate: Sendable {
        case intersects, contains, within, covers, coveredBy, touches, crosses, overlaps
        /// Only the envelope test.
        case envelopeIntersects
    }

    /// Builds the tree.
    /// - Parameters:
    ///   - items: the geometries, found again by their index in this array.
    ///   - nodeCapacity: entries per node (10 as in Shapely).
    /// - Throws: `GEOSError` when a geometry cannot be converted.
    public init(_ items: [Geometry], nodeCapacity: Int = 10) throws(GEOSError) {
        // Built in a pooled context: GEOS ties geometries and trees to no context, which
        // only reports errors, so any context may query and free them later.
        (tree, geometries) = try GEOSContextPool.with { context throws(GEOSError) in
            let h = context.handle
            guard let tree = GEOSSTRtree_create_r(h, nodeCapacity) else { throw context.error("STRtree") }
            var made: [OpaquePointer] = []
            made.reserveCapacity(items.count)
            do throws(GEOSError) {
                for (i, g) in items.enumerated() {
                    let converted = try g.makeGEOS(context)
                    made.append(converted)
                    // The item is the index + 1 (a null item would be ambiguous).
                    GEOSSTRtree_insert_r(h, tree, converted, UnsafeMutableRawPointer(bitPattern: i + 1))
                }
            } catch {
                for g in made { GEOSGeom_destroy_r(h, g) }
                GEOSSTRtree_destroy_r(h, tree)
                throw error
            }
            // Force the build now with a query.
            let probe = GEOSGeom_createPointFromXY_r(h, 0, 0)!
            GEOSSTRtree_query_r(h, tree, probe, { _, _ in }, nil)
            GEOSGeom_destroy_r(h, probe)
            return (tree, made)
        }
    }

    deinit {
        let (tree, geometries) = (self.tree, self.geometries)
        GEOSContextPool.with { context in
            GEOSSTRtree_destroy_r(context.handle, tree)
            for g in geometries { GEOSGeom_destroy_r(context.handle, g) }
        }
    }

    /// Collects query hits through the C callback's user data.
    private final class Hits {
        var indices: [Int] = []
    }

    private func candidates(_ envelope: OpaquePointer, context: GEOSContext) -> [Int] {
        let hits = Hits()
        withExtendedLifetime(hits) {
            GEOSSTRtree_query_r(context.handle, tree, envelope, { item, data in
                guard let data, let item else { return }
                Unmanaged<Hits>.fromOpaque(data).takeUnretainedValue().indices.append(Int(bitPattern: item) - 1)
            }, Unmanaged.passUnretained(hits).toOpaque())
        }
        return hits.indices.sorted()
    }

    /// Indices of the geometries whose envelope intersects `box`, ascending.
    public func query(intersecting box: BoundingBox) throws(GEOSError) -> [Int] {
        try GEOSContextPool.with { context throws(GEOSError) in
            let rectangle = try Geometry.polygon([[Position(x: box.minX, y: box.minY), Position(x: box.maxX, y: box.minY),
                                                   Position(x: box.maxX, y: box.maxY), Position(x: box.minX, y: box.maxY),
                                                   Position(x: box.minX, y: box.minY)]]).makeGEOS(context)
            defer { GEOSGeom_destroy_r(context.handle, rectangle) }
            return candidates(rectangle, context: context)
        }
    }

    /// Indices of the tree geometries `g` for which `predicate(geometry, g)` holds: for
    /// `.contains`, the query geometry contains the tree geometry (Shapely's order).
    public func query(_ geometry: Geometry, predicate: Predicate = .intersects) throws(GEOSError) -> [Int] {
        try geometry.withGEOS("STRtree query") { context, g throws(GEOSError) in
            let found = candidates(g, context: context)
            guard predicate != .envelopeIntersects else { return found }
            let h = context.handle
            var result: [Int] = []
            for i in found {
                let other = geometries[i]
                let answer: CChar = switch predicate {
                case .intersects: GEOSIntersects_r(h, g, other)
                case .contains: GEOSContains_r(h, g, other)
                case .within: GEOSWithin_r(h, g, other)
                case .covers: GEOSCovers_r(h, g, other)
                case .coveredBy: GEOSCoveredBy_r(h, g, other)
                case .touches: GEOSTouches_r(h, g, other)
                case .crosses: GEOSCrosses_r(h, g, other)
                case .overlaps: GEOSOverlaps_r(h, g, other)
                case .envelopeIntersects: 1
                }
                if answer == 2 { throw context.error("STRtree query") }  // 2 on exception
                if answer == 1 { result.append(i) }
            }
            return result
        }
    }

    /// The `count` geometries nearest to `geometry` by planar distance (CRS units),
    /// nearest first; ties keep ascending index order. Fewer when the tree is smaller.
    public func nearest(to geometry: Geometry, count: Int = 1) throws(GEOSError) -> [(index: Int, distance: Double)] {
        guard count > 0, !geometries.isEmpty else { return [] }
        return try geometry.withGEOS("STRtree nearest") { context, g throws(GEOSError) in
            let h = context.handle
            func distance(_ i: Int) throws(GEOSError) -> Double {
                var d = 0.0
                guard GEOSDistance_r(h, g, geometries[i], &d) != 0 else { throw context.error("STRtree nearest") }  // 0 on exception
                return d
            }
            // The single nearest through GEOS's branch-and-bound search.
            final class Search {
                let query: OpaquePointer
                let geometries: [OpaquePointer]
                let handle: GEOSContextHandle_t
                init(query: OpaquePointer, geometries: [OpaquePointer], handle: GEOSContextHandle_t) {
                    self.query = query
                    self.geometries = geometries
                    self.handle = handle
                }
            }
            let search = Search(query: g, geometries: geometries, handle: h)
            let sentinel = UnsafeRawPointer(bitPattern: Int.max)!
            let best = withExtendedLifetime(search) {
                GEOSSTRtree_nearest_generic_r(h, tree, sentinel, g, { a, b, out, data in
                    guard let data, let out else { return 0 }
                    let s = Unmanaged<Search>.fromOpaque(data).takeUnretainedValue()
                    func geometry(_ item: UnsafeRawPointer?) -> OpaquePointer? {
                        guard let item else { return nil }
                        let value = Int(bitPattern: item)
                        return value == Int.max ? s.query : s.geometries[value - 1]
                    }
                    guard let x = geometry(a), let y = geometry(b) else { return 0 }
                    return GEOSDistance_r(s.handle, x, y, out)  // returns 0 on exception
                }, Unmanaged.passUnretained(search).toOpaque())
            }
            guard let best else { throw context.error("STRtree nearest") }
            let first = Int(bitPattern: best) - 1
            var radius = try distance(first)
            if count == 1 { return [(first, radius)] }
            // k > 1: widen a box around the query until it holds k geometries within its radius.
            guard let box = geometry.boundingBox else { return [(first, radius)] }
            var step = max(radius, 1e-9)
            while true {
                let window = BoundingBox(minX: box.minX - radius, minY: box.minY - radius, maxX: box.maxX + radius, maxY: box.maxY + radius)
                let rectangle = try Geometry.polygon([[Position(x: window.minX, y: window.minY), Position(x: window.maxX, y: window.minY),
                                                       Position(x: window.maxX, y: window.maxY), Position(x: window.minX, y: window.maxY),
                                                       Position(x: window.minX, y: window.minY)]]).makeGEOS(context)
                let found = candidates(rectangle, context: context)
                GEOSGeom_destroy_r(h, rectangle)
                var scored: [(index: Int, distance: Double)] = []
                for i in found { scored.append((i, try distance(i))) }
                scored.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index) }
                let within = scored.filter { $0.distance <= radius }
                if within.count >= count || found.count == geometries.count {
                    return Array(scored.prefix(min(count, scored.count)).filter { $0.distance <= radius || found.count == geometries.count })
                }
                radius += step
                step *= 2
            }
        }
    }
}
