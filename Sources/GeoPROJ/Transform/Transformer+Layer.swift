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

    /// Transforms flat buffers, in parallel chunks when asked and worth it.
    func transform(_ buffers: inout CoordinateBuffers, parallel: Bool) throws(PROJError) {
        let count = buffers.count
        var z: [Double]? = buffers.hasZ ? buffers.z : nil
        let workers = parallel && count >= 50_000 ? ProcessInfo.processInfo.activeProcessorCount : 1
        if workers <= 1 {
            try transform(x: &buffers.x, y: &buffers.y, z: &z)
        } else {
            let chunk = (count + workers - 1) / workers
            let failures = FailureBox()
            let shared = SharedBuffers(x: buffers.x, y: buffers.y, z: z)
            DispatchQueue.concurrentPerform(iterations: workers) { part in
                let range = (part * chunk)..<min(count, (part + 1) * chunk)
                guard !range.isEmpty else { return }
                var x = Array(shared.x[range]), y = Array(shared.y[range])
                var zPart: [Double]? = shared.z.map { Array($0[range]) }
                do throws(PROJError) {
                    try self.withHandle { handle throws(PROJError) in
                        try self.transform(x: &x, y: &y, z: &zPart, range: 0..<x.count, with: handle)
                    }
                    shared.store(part: part, x: x, y: y, z: zPart)
                } catch {
                    failures.record(error.reindexed { $0 + range.lowerBound })
                }
            }
            if let error = failures.first { throw error }
            (buffers.x, buffers.y, z) = shared.joined(parts: workers)
        }
        if let z { buffers.z = z }
    }
}

/// Results of parallel parts, joined in order afterwards.
private final class SharedBuffers: @unchecked Sendable {
    // @unchecked: each part writes its own slot under the lock; inputs are read-only.
    let x: [Double], y: [Double], z: [Double]?
    private let lock = NSLock()
    private var parts: [Int: ([Double], [Double], [Double]?)] = [:]

    init(x: [Double], y: [Double], z: [Double]?) {
        self.x = x
        self.y = y
        self.z = z
    }

    func store(part: Int, x: [Double], y: [Double], z: [Double]?) {
        lock.lock()
        parts[part] = (x, y, z)
        lock.unlock()
    }

    func joined(parts count: Int) -> ([Double], [Double], [Double]?) {
        var x: [Double] = [], y: [Double] = [], z: [Double]? = self.z == nil ? nil : []
        for i in 0..<count {
            guard let part = parts[i] else { continue }
            x += part.0
            y += part.1
            if let pz = part.2 { z! += pz }
        }
        return (x, y, z)
    }
}

/// The first error of parallel parts (the one with the lowest position index).
private final class FailureBox: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var errors: [PROJError] = []

    func record(_ error: PROJError) {
        lock.lock()
        errors.append(error)
        lock.unlock()
    }

    var first: PROJError? {
        errors.min { a, b in (a.positionIndex ?? .max) < (b.positionIndex ?? .max) }
    }
}

/// The positions of geometries flattened into x/y/z arrays, and read back in the same order.
struct CoordinateBuffers {
    var x: [Double] = []
    var y: [Double] = []
    var z: [Double] = []
    var hasZ = false

    var count: Int { x.count }

    mutating func append(_ geometry: Geometry) {
        geometry.forEachPosition { p in
            x.append(p.x)
            y.append(p.y)
            z.append(p.z ?? 0)
            if p.z != nil { hasZ = true }
        }
    }

    func reader() -> Reader { Reader(buffers: self) }

    struct Reader {
        let buffers: CoordinateBuffers
        var index = 0

        mutating func rebuild(_ geometry: Geometry) -> Geometry {
            geometry.mapPositions { p in
                defer { index += 1 }
                return Position(x: buffers.x[index], y: buffers.y[index], z: p.z == nil ? nil : buffers.z[index])
            }
        }
    }
}
