import CPROJ
import Foundation
import GeoCore

extension Transformer {
    /// Transforms a bounding box, densifying its edges so that the result holds the whole
    /// transformed area (a straight edge in one CRS is curved in another), as pyproj's
    /// `transform_bounds` does.
    /// - Parameters:
    ///   - box: the box in source coordinates.
    ///   - densifyPoints: points added along each edge (21 by default).
    /// - Throws: `PROJError.transformFailed` when PROJ cannot transform the box.
    public func transformBounds(_ box: BoundingBox, densifyPoints: Int = 21) throws(PROJError) -> BoundingBox {
        try withHandle { handle throws(PROJError) in
            var minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0
            let scaleIn = handle.inputRadians ? Double.pi / 180 : 1
            let scaleOut = handle.outputRadians ? 180 / Double.pi : 1
            // returns TRUE on success
            let ok = proj_trans_bounds(handle.context.pointer, handle.operation, direction,
                                       box.minX * scaleIn, box.minY * scaleIn, box.maxX * scaleIn, box.maxY * scaleIn,
                                       &minX, &minY, &maxX, &maxY, Int32(densifyPoints))
            guard ok != 0, minX.isFinite, minY.isFinite, maxX.isFinite, maxY.isFinite else {
                throw PROJError.transformFailed(source: sourceName, target: targetName, position: Position(x: box.minX, y: box.minY),
                                                index: nil, reason: "bounding box \(box): \(handle.context.failureReason())")
            }
            return BoundingBox(minX: minX * scaleOut, minY: minY * scaleOut, maxX: maxX * scaleOut, maxY: maxY * scaleOut)
        }
    }

    /// A shared transformer for a CRS pair, created once per process: creating one opens
    /// PROJ's database, so code that transforms often should ask here.
    /// - Throws: what `init(from:to:)` throws.
    public static func cached(from source: String, to target: String) throws(PROJError) -> Transformer {
        try TransformerCache.transformer(from: source, to: target)
    }

    /// A shared transformer from the CRS a file declares to `target` (text, as the user
    /// gave it). The declared CRS is guarded as ``CRS/init(declaredByData:)`` guards it.
    /// - Throws: `PROJError.unknownCRS` when the declared CRS names a file or is unknown,
    ///   or `.noOperation`.
    public static func cached(from source: CRSReference, to target: String) throws(PROJError) -> Transformer {
        if case .other(let text) = source { try DataCRSGuard.check(text) }
        return try TransformerCache.transformer(from: source.identifier, to: target)
    }

    /// A shared transformer between the CRSs two files declare, both guarded as
    /// ``CRS/init(declaredByData:)`` guards them.
    /// - Throws: `PROJError.unknownCRS` when either names a file or is unknown, or `.noOperation`.
    public static func cached(from source: CRSReference, to target: CRSReference) throws(PROJError) -> Transformer {
        if case .other(let text) = target { try DataCRSGuard.check(text) }
        return try cached(from: source, to: target.identifier)
    }
}

/// Transformers by (source, target) definition.
enum TransformerCache {
    static let shared = SharedCache<String, Transformer>()

    static func transformer(from source: String, to target: String) throws(PROJError) -> Transformer {
        let key = CRS.normalizedDefinition(source) + "\u{1}" + CRS.normalizedDefinition(target)
        return try shared.value(for: key) { () throws(PROJError) in try Transformer(from: source, to: target) }
    }
}
