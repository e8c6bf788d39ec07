import CPROJ
import Foundation
import GeoCore

extension Transformer {
    /// Transforms every position of a geometry in one bulk call, keeping its structure.
    /// - Throws: `PROJError.transformFailed` naming the first position that fails.
    public func transform(_ geometry: Geometry) throws(PROJError) -> Geometry {
        var buffers = CoordinateBuffers()
        buffers.append(geometry)
        try transform(&buffers, parallel: false)
        var reader = buffers.reader()
        return reader.rebuild(geometry)
    }

    /// Transforms a feature's geometry; properties are kept.
    public func transform(_ feature: Feature) throws(PROJError) -> Feature {
        var result = feature
        if let g = feature.geometry { result.geometry = try transform(g) }
        result.declaredBoundingBox = nil
        return result
    }

    /// Transforms every feature of a layer and sets the layer's CRS to the target.
    ///
    /// All coordinates go through PROJ in bulk; with `parallel` (the default) large layers
    /// are split over the machine's cores, each part with its own PROJ context.
    /// - Throws: `PROJError.transformFailed` naming the feature index and position.
    public func transform(_ layer: Layer, parallel: Bool = true) throws(PROJError) -> Layer {
        var buffers = CoordinateBuffers()
        var ends: [Int] = []
        ends.reserveCapacity(layer.features.count)
        for f in layer.features {
            if let g = f.geometry { buffers.append(g) }
            ends.append(buffers.count)
        }
        do throws(PROJError) {
            try transform(&buffers, parallel: parallel)
        } catch {
            // Report the feature, not the flat buffer index.
            guard let index = error.positionIndex else { throw error }
            let feature = ends.firstIndex { $0 > index } ?? 0
            throw error.reindexed({ _ in feature }, context: "feature \(feature)")
        }
        var reader = buffers.reader()
        var result = layer
        for i in result.features.indices {
            if let g = result.features[i].geometry { result.features[i].geometry = reader.rebuild(g) }
            result.features[i].declaredBoundingBox = nil
        }
        if let target { result.crs = target.reference }
        return result
    }
}
