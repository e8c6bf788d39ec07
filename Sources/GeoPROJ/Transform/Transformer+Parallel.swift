import Foundation
import GeoCore

/// Bulk transforms split over the cores: the flat coordinate buffers that layers and
/// geometries are flattened into, transformed in parallel chunks.
extension Transformer {
    /// Transforms coordinate buffers in place, split over the machine's cores when
    /// `parallel` is true and there are enough positions to be worth it (each part with its
    /// own PROJ context).
    public func transform(x: inout [Double], y: inout [Double], z: inout [Double]?, parallel: Bool) throws(PROJError) {
        guard parallel else {
            try transform(x: &x, y: &y, z: &z)
            return
        }
        var buffers = CoordinateBuffers()
        buffers.x = x
        buffers.y = y
        buffers.hasZ = z != nil
        buffers.z = z ?? []
        x = []
        y = []
        try transform(&buffers, parallel: true)
        x = buffers.x
        y = buffers.y
        if z != nil { z = buffers.z }
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
