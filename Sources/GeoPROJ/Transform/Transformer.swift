import CPROJ
import Foundation
import GeoCore

/// Transforms coordinates from one CRS to another (or through a PROJ pipeline), always in
/// GeoKit's order: x = longitude/easting, y = latitude/northing, degrees for geographic
/// CRSs, whatever axis order the authority defines.
///
/// ```swift
/// let toUTM = try Transformer(from: "EPSG:4326", to: "EPSG:25832")
/// let p = try toUTM.transform(Position(longitude: 6.9578, latitude: 50.9413))
/// let layer25832 = try toUTM.transform(layer)          // the layer's CRS is updated
/// ```
///
/// A transformer is `Sendable` and can be used from many tasks at once: it keeps the
/// recipe (the two CRS definitions) and lends each call a PROJ operation with its own
/// context from a small pool, so no PROJ object is ever used by two threads at once.
/// Creating one opens PROJ's database; reuse transformers or take them from `cached(from:to:)`.
public final class Transformer: Sendable {
    /// How the PROJ operation is made, for each pooled handle.
    enum Recipe: Sendable, Hashable {
        case crsToCRS(source: String, target: String, sourceName: String, targetName: String)
        case pipeline(String)
    }

    let recipe: Recipe
    let direction: PJ_DIRECTION
    private let pool = ReusePool<TransformHandle>()

    /// The source CRS (nil for a pipeline).
    public let source: CRS?
    /// The target CRS (nil for a pipeline).
    public let target: CRS?
    /// The name of the operation PROJ chose, e.g. "Inverse of Transverse Mercator" or a
    /// datum shift, so a user can see which path was taken.
    public let operationName: String
    /// The operation's accuracy in metres as PROJ reports it, or `nil` when unknown
    /// (ballpark transformations report none).
    public let accuracy: Double?
    /// Where the chosen operation is valid (degrees), if PROJ knows.
    public let areaOfUse: CRS.AreaOfUse?
    /// The area of use in source coordinates, when positions are checked against it.
    let sourceBounds: BoundingBox?

    /// Creates a transformer between two CRSs.
    /// - Throws: `PROJError.noOperation` when PROJ finds no way between them.
    /// - Parameters:
    ///   - source: the CRS of the coordinates given.
    ///   - target: the CRS of the coordinates returned.
    ///   - checkingAreaOfUse: reject positions outside the area where the operation is
    ///     valid (with a 1 % margin) with `PROJError.outsideAreaOfUse`, instead of
    ///     returning PROJ's extrapolated numbers. Catches swapped latitude/longitude and
    ///     coordinates in the wrong CRS.
    public convenience init(from source: CRS, to target: CRS, checkingAreaOfUse: Bool = false) throws(PROJError) {
        try self.init(recipe: .crsToCRS(source: source.definition, target: target.definition,
                                        sourceName: source.identifier, targetName: target.identifier),
                      direction: PJ_FWD, source: source, target: target, checkingAreaOfUse: checkingAreaOfUse)
    }

    /// Creates a transformer between two CRSs given as text (`"EPSG:4326"`, WKT…).
    /// - Throws: `PROJError.unknownCRS` for text PROJ does not know, or `.noOperation`.
    public convenience init(from source: String, to target: String, checkingAreaOfUse: Bool = false) throws(PROJError) {
        try self.init(from: try CRS(source), to: try CRS(target), checkingAreaOfUse: checkingAreaOfUse)
    }

    /// Creates a transformer from a PROJ operation string or pipeline
    /// (`+proj=pipeline +step +proj=…`). Angular coordinates are given and returned in
    /// degrees; PROJ's radians stay inside.
    /// - Throws: `PROJError.invalidOperation` with PROJ's message.
    public convenience init(pipeline: String) throws(PROJError) {
        try self.init(recipe: .pipeline(pipeline), direction: PJ_FWD, source: nil, target: nil)
    }

    init(recipe: Recipe, direction: PJ_DIRECTION, source: CRS?, target: CRS?, checkingAreaOfUse: Bool = false) throws(PROJError) {
        self.recipe = recipe
        self.direction = direction
        self.source = source
        self.target = target
        // Build the first handle now: errors surface here, and the name and accuracy are read.
        let handle = try TransformHandle(recipe: recipe, direction: direction)
        operationName = proj_get_name(handle.operation).map { String(cString: $0) } ?? "unknown"
        let reported = proj_coordoperation_get_accuracy(handle.context.pointer, handle.operation)
        accuracy = reported >= 0 ? reported : nil
        areaOfUse = CRS.areaOfUse(of: handle.operation, context: handle.context.pointer)
        pool.giveBack(handle)
        if checkingAreaOfUse, let area = areaOfUse, let source {
            // The area in source coordinates, once, so that each check is a box test.
            let toSource = try Transformer(recipe: .crsToCRS(source: "OGC:CRS84", target: source.definition, sourceName: "OGC:CRS84", targetName: source.identifier),
                                           direction: PJ_FWD, source: nil, target: nil)
            let box = try toSource.transformBounds(area.bounds)
            let marginX = box.width * 0.01, marginY = box.height * 0.01
            sourceBounds = BoundingBox(minX: box.minX - marginX, minY: box.minY - marginY, maxX: box.maxX + marginX, maxY: box.maxY + marginY)
        } else {
            sourceBounds = nil
        }
    }

    /// The transformer for the opposite direction.
    public var inverse: Transformer {
        get throws(PROJError) {
            try Transformer(recipe: recipe, direction: direction == PJ_FWD ? PJ_INV : PJ_FWD, source: target, target: source)
        }
    }

    /// Names for messages: `EPSG:4326` → `EPSG:25832`, or the pipeline.
    var sourceName: String {
        switch recipe {
        case .crsToCRS(_, _, let s, let t): direction == PJ_FWD ? s : t
        case .pipeline(let p): direction == PJ_FWD ? "pipeline input" : "pipeline output (\(p))"
        }
    }

    var targetName: String {
        switch recipe {
        case .crsToCRS(_, _, let s, let t): direction == PJ_FWD ? t : s
        case .pipeline(let p): direction == PJ_FWD ? "pipeline output (\(p))" : "pipeline input"
        }
    }

    /// Lends a handle for the duration of `body`.
    func withHandle<T>(_ body: (TransformHandle) throws(PROJError) -> T) throws(PROJError) -> T {
        let handle: TransformHandle
        do {
            handle = try pool.borrow { () throws(PROJError) -> TransformHandle in try TransformHandle(recipe: recipe, direction: direction) }
        } catch let error as PROJError {
            throw error
        } catch {
            throw PROJError.invalidOperation(definition: "\(recipe)", reason: "\(error)")
        }
        defer { pool.giveBack(handle) }
        handle.context.reset()
        return try body(handle)
    }

    // MARK: - Transforming coordinates

    /// Transforms one position.
    /// - Throws: `PROJError.transformFailed` naming the CRSs and the position when PROJ
    ///   cannot transform it (outside the projection's domain, a non-finite result).
    public func transform(_ position: Position) throws(PROJError) -> Position {
        if position.isEmpty { return position }
        var x = [position.x], y = [position.y]
        var z: [Double]? = position.z.map { [$0] }
        try transform(x: &x, y: &y, z: &z)
        return Position(x: x[0], y: y[0], z: z?[0])
    }

    /// Transforms positions in bulk (one PROJ call for all of them).
    /// - Throws: `PROJError.transformFailed` for the first position that fails, with its index.
    public func transform(_ positions: [Position]) throws(PROJError) -> [Position] {
        var x = positions.map(\.x), y = positions.map(\.y)
        let hasZ = positions.contains { $0.z != nil }
        var z: [Double]? = hasZ ? positions.map { $0.z ?? 0 } : nil
        try transform(x: &x, y: &y, z: &z)
        return positions.indices.map { i in
            positions[i].isEmpty ? positions[i] : Position(x: x[i], y: y[i], z: positions[i].z == nil ? nil : z?[i])
        }
    }

    /// Transforms coordinate buffers in place: the bulk path (`proj_trans_generic`).
    /// NaN pairs (empty positions) pass through unchanged.
    /// - Throws: `PROJError.transformFailed` for the first position that fails; the
    ///   buffers are then partly transformed and should be discarded.
    public func transform(x: inout [Double], y: inout [Double], z: inout [Double]?) throws(PROJError) {
        var time: [Double]? = nil
        try transform(x: &x, y: &y, z: &z, time: &time)
    }

    /// Transforms coordinate buffers with a time coordinate (decimal years, e.g. 2017.5)
    /// for time-dependent operations such as ITRF→ETRF Helmert transformations.
    /// Without times PROJ uses the operation's reference epoch.
    public func transform(x: inout [Double], y: inout [Double], z: inout [Double]?, time: inout [Double]?) throws(PROJError) {
        precondition(x.count == y.count && (z == nil || z!.count == x.count) && (time == nil || time!.count == x.count),
                     "coordinate buffers must have equal lengths")
        try withHandle { handle throws(PROJError) in
            try transform(x: &x, y: &y, z: &z, time: &time, range: 0..<x.count, with: handle)
        }
    }

    /// Throws `outsideAreaOfUse` for the first position outside the checked area.
    func checkAreaOfUse(x: [Double], y: [Double], range: Range<Int>) throws(PROJError) {
        guard let bounds = sourceBounds else { return }
        for i in range where !(x[i].isNaN && y[i].isNaN) && !bounds.contains(Position(x: x[i], y: y[i])) {
            throw PROJError.outsideAreaOfUse(source: sourceName, target: targetName, position: Position(x: x[i], y: y[i]),
                                             index: i, area: areaOfUse?.name ?? "its area of use")
        }
    }

    /// Transforms one position observed at `epoch` (decimal years).
    public func transform(_ position: Position, epoch: Double) throws(PROJError) -> Position {
        var x = [position.x], y = [position.y]
        var z: [Double]? = [position.z ?? 0]
        var time: [Double]? = [epoch]
        try transform(x: &x, y: &y, z: &z, time: &time)
        return Position(x: x[0], y: y[0], z: position.z == nil ? nil : z?[0])
    }

    /// Transforms `range` of the buffers with one handle.
    func transform(x: inout [Double], y: inout [Double], z: inout [Double]?, range: Range<Int>, with handle: TransformHandle) throws(PROJError) {
        var time: [Double]? = nil
        try transform(x: &x, y: &y, z: &z, time: &time, range: range, with: handle)
    }

    func transform(x: inout [Double], y: inout [Double], z: inout [Double]?, time: inout [Double]?, range: Range<Int>, with handle: TransformHandle) throws(PROJError) {
        var failures: [PROJError]? = nil
        try transform(x: &x, y: &y, z: &z, time: &time, range: range, with: handle, collecting: &failures)
    }

    /// Transforms `range`; with `failures` non-nil, a position that fails is left NaN and
    /// its error appended instead of thrown (in index order).
    func transform(x: inout [Double], y: inout [Double], z: inout [Double]?, time: inout [Double]?, range: Range<Int>, with handle: TransformHandle,
                   collecting failures: inout [PROJError]?) throws(PROJError) {
        guard !range.isEmpty else { return }
        if direction == PJ_FWD {
            if failures == nil {
                try checkAreaOfUse(x: x, y: y, range: range)
            } else {
                // Outside the area: set aside (NaN passes through PROJ untouched).
                var from = range.lowerBound
                while from < range.upperBound {
                    do throws(PROJError) {
                        try checkAreaOfUse(x: x, y: y, range: from..<range.upperBound)
                        break
                    } catch {
                        let i = error.positionIndex ?? range.upperBound - 1
                        failures!.append(error)
                        x[i] = .nan
                        y[i] = .nan
                        from = i + 1
                    }
                }
            }
        }
        // Work in blocks that stay in cache: the originals of a block are kept (for the
        // error message) in a small scratch buffer instead of copying whole arrays.
        let blockSize = 4096
        var originalX = [Double](repeating: 0, count: min(blockSize, range.count))
        var originalY = originalX
        var start = range.lowerBound
        while start < range.upperBound {
            let block = start..<min(start + blockSize, range.upperBound)
            for i in block {
                originalX[i - block.lowerBound] = x[i]
                originalY[i - block.lowerBound] = y[i]
            }
            try transformBlock(x: &x, y: &y, z: &z, time: &time, block: block, originalX: originalX, originalY: originalY, with: handle, collecting: &failures)
            start = block.upperBound
        }
    }

    private func transformBlock(x: inout [Double], y: inout [Double], z: inout [Double]?, time: inout [Double]?, block range: Range<Int>,
                                originalX: [Double], originalY: [Double], with handle: TransformHandle, collecting failures: inout [PROJError]?) throws(PROJError) {
        let count = range.count
        if handle.inputRadians {
            for i in range {
                x[i] *= .pi / 180
                y[i] *= .pi / 180
            }
        }
        let stride = MemoryLayout<Double>.stride
        proj_errno_reset(handle.operation)
        let base = range.lowerBound
        func withOptionalPointer<R>(_ array: inout [Double]?, _ body: (UnsafeMutablePointer<Double>?) -> R) -> R {
            if array == nil { return body(nil) }
            return array!.withUnsafeMutableBufferPointer { body($0.baseAddress! + base) }
        }
        x.withUnsafeMutableBufferPointer { xs in
            y.withUnsafeMutableBufferPointer { ys in
                withOptionalPointer(&z) { zp in
                    withOptionalPointer(&time) { tp in
                        _ = proj_trans_generic(handle.operation, direction, xs.baseAddress! + base, stride, count, ys.baseAddress! + base, stride, count,
                                               zp, zp == nil ? 0 : stride, zp == nil ? 0 : count, tp, tp == nil ? 0 : stride, tp == nil ? 0 : count)
                    }
                }
            }
        }
        let errorNumber = proj_errno(handle.operation)
        let hasZ = z != nil
        for i in range {
            let k = i - base
            if x[i].isFinite && y[i].isFinite && (!hasZ || z![i].isFinite) {
                if handle.outputRadians {
                    x[i] *= 180 / .pi
                    y[i] *= 180 / .pi
                }
                continue
            }
            if originalX[k].isNaN && originalY[k].isNaN {
                // An empty position passes through.
                x[i] = .nan
                y[i] = .nan
                continue
            }
            let reason = errorNumber != 0 ? handle.context.failureReason(errno: errorNumber) : "the result is not a finite number"
            let error = PROJError.transformFailed(source: sourceName, target: targetName, position: Position(x: originalX[k], y: originalY[k]),
                                                  index: i, reason: reason)
            guard failures != nil else { throw error }
            failures!.append(error)
            x[i] = .nan
            y[i] = .nan
        }
    }
}
