import GeoCore
import GeoGEOS
import GeoPROJ

/// A layer split by boundary polygons (`Layer.split(by:nameField:)`).
public struct LayerSplit: Sendable {
    /// One boundary's part.
    public struct Part: Sendable {
        /// The boundary's name (its `nameField` value, else its index).
        public var name: String
        /// The boundary's index in the boundary layer.
        public var boundaryIndex: Int
        /// The features inside the boundary (lines and polygons clipped to it).
        public var layer: Layer
    }

    /// The parts, in boundary order, empty ones included.
    public var parts: [Part]
    /// The indices of the features that lie in no boundary (or have no geometry).
    public var outside: [Int]
}

extension Layer {
    /// One layer per boundary polygon (per Gemeinde): the features inside it, lines and
    /// polygons clipped to it, points on its boundary included; and the features that
    /// fall in no boundary.
    ///
    /// - Parameters:
    ///   - boundaries: the polygons; reprojected to this layer's CRS when needed.
    ///   - nameField: the boundary property that names each part (e.g. `GEN`); a missing
    ///     name becomes the boundary's index.
    /// - Throws: `GEOSError` or `PROJError` from clipping or reprojecting.
    public func split(by boundaries: Layer, nameField: String) throws -> LayerSplit {
        let aligned = try boundaries.inCRS(of: self)
        let tree = try STRtree(features.map { $0.geometry ?? .geometryCollection([]) })
        var parts: [LayerSplit.Part] = []
        var placed = [Bool](repeating: false, count: features.count)
        for (b, boundary) in aligned.features.enumerated() {
            let name = boundary[property: nameField]?.stringValue ?? boundary[property: nameField].map { "\($0)" } ?? "\(b)"
            var part: [Feature] = []
            if let shape = boundary.geometry {
                let prepared = try PreparedGeometry(shape)
                for i in try tree.query(shape, predicate: .envelopeIntersects) {
                    guard let g = features[i].geometry else { continue }
                    switch g.type {
                    case .point, .multiPoint:
                        if try prepared.covers(g) {
                            part.append(features[i])
                            placed[i] = true
                        }
                    default:
                        guard try prepared.intersects(g) else { continue }
                        var clipped = features[i]
                        clipped.geometry = try prepared.covers(g) ? g : g.intersection(shape)
                        clipped.declaredBoundingBox = nil
                        if let c = clipped.geometry, !c.isEmpty {
                            part.append(clipped)
                            placed[i] = true
                        }
                    }
                }
            }
            parts.append(LayerSplit.Part(name: name, boundaryIndex: b, layer: Layer(name: name, crs: crs, features: part, fields: fields)))
        }
        return LayerSplit(parts: parts, outside: placed.indices.filter { !placed[$0] })
    }

    /// For target features (schools) and facilities (AEDs): which targets have at least one
    /// facility within `radius` metres (geodesic), and the share that do.
    public func coverage(by facilities: Layer, within radius: Double) throws -> Coverage {
        let index = try GeoIndex(facilities)
        var covered: [Int] = [], uncovered: [Int] = []
        for (i, f) in features.enumerated() {
            guard let g = f.geometry, let p = try representativePoint(g) else {
                uncovered.append(i)
                continue
            }
            if try index.nearest(to: p, crs: crs ?? .crs84, count: 1, within: radius).isEmpty { uncovered.append(i) } else { covered.append(i) }
        }
        return Coverage(radius: radius, covered: covered, uncovered: uncovered)
    }
}

/// The answer to "how many schools have a defibrillator within 300 m?".
public struct Coverage: Sendable, Hashable {
    /// The radius in metres.
    public let radius: Double
    /// Indices of targets with a facility within the radius.
    public let covered: [Int]
    /// Indices of targets without one (including targets without geometry).
    public let uncovered: [Int]
    /// covered / all, between 0 and 1 (0 for no targets).
    public var share: Double {
        let all = covered.count + uncovered.count
        return all == 0 ? 0 : Double(covered.count) / Double(all)
    }
}
