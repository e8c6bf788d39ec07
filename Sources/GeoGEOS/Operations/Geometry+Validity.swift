import CGEOS
import GeoCore

/// What is wrong with an invalid geometry, and where.
public struct ValidityProblem: Sendable, Hashable, CustomStringConvertible {
    /// GEOS's reason, e.g. "Self-intersection" or "Ring Self-intersection".
    public let reason: String
    /// Where the problem is, if GEOS says.
    public let location: Position?

    public var description: String {
        location.map { "\(reason) at \($0)" } ?? reason
    }
}

extension Geometry {
    /// True when the geometry is valid in the OGC sense (no self-intersections, rings
    /// closed and simple, holes inside shells…).
    public func isValid() throws(GEOSError) -> Bool {
        try validityProblem() == nil
    }

    /// The reason and location of the first problem, or `nil` for a valid geometry.
    public func validityProblem() throws(GEOSError) -> ValidityProblem? {
        try withGEOS("isValid") { context, g throws(GEOSError) in
            var reason: UnsafeMutablePointer<CChar>?
            var location: OpaquePointer?
            let result = GEOSisValidDetail_r(context.handle, g, 0, &reason, &location)
            defer {
                context.free(reason)
                if let location { GEOSGeom_destroy_r(context.handle, location) }
            }
            switch result {
            case 1: return nil
            case 0:
                var position: Position?
                if let location, case .point(let p) = try Geometry(geos: location, context: context) { position = p }
                return ValidityProblem(reason: reason.map { String(cString: $0) } ?? "invalid", location: position)
            default: throw context.error("isValid")  // 2 on exception
            }
        }
    }

    /// How `makeValid()` repairs a geometry.
    public enum RepairMethod: Sendable, Hashable {
        /// Keeps every line of the input (GEOS "linework", PostGIS's default).
        case linework
        /// Rebuilds polygons from shells and holes (GEOS "structure"): better for
        /// overlapping or inverted polygons.
        case structure(keepCollapsed: Bool)
    }

    /// A valid version of the geometry.
    public func makeValid(method: RepairMethod = .linework) throws(GEOSError) -> Geometry {
        try withGEOS("makeValid") { context, g throws(GEOSError) in
            let h = context.handle
            guard let params = GEOSMakeValidParams_create_r(h) else { throw context.error("makeValid") }
            defer { GEOSMakeValidParams_destroy_r(h, params) }
            switch method {
            case .linework:
                // returns 0 on exception
                guard GEOSMakeValidParams_setMethod_r(h, params, GEOS_MAKE_VALID_LINEWORK) != 0 else { throw context.error("makeValid") }
            case .structure(let keepCollapsed):
                guard GEOSMakeValidParams_setMethod_r(h, params, GEOS_MAKE_VALID_STRUCTURE) != 0,
                      GEOSMakeValidParams_setKeepCollapsed_r(h, params, keepCollapsed ? 1 : 0) != 0
                else { throw context.error("makeValid") }
            }
            guard let result = GEOSMakeValidWithParams_r(h, g, params) else { throw context.error("makeValid") }
            defer { GEOSGeom_destroy_r(h, result) }
            return try Geometry(geos: result, context: context)
        }
    }

    private func flag(_ name: String, _ call: (GEOSContextHandle_t, OpaquePointer) -> CChar) throws(GEOSError) -> Bool {
        try withGEOS(name) { context, g throws(GEOSError) in
            try context.boolean(call(context.handle, g), name)
        }
    }

    /// True when the geometry has no anomalous self-intersection (lines) — GEOS's `isSimple`.
    public func isSimple() throws(GEOSError) -> Bool { try flag("isSimple", GEOSisSimple_r) }
    /// True for a closed, simple line.
    public func isRing() throws(GEOSError) -> Bool { try flag("isRing", GEOSisRing_r) }
}
