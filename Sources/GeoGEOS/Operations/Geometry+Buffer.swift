import CGEOS
import GeoCore

/// How a buffer is built (GEOS's `BufferParameters`).
public struct BufferOptions: Sendable, Hashable {
    /// How line ends are closed.
    public enum CapStyle: Sendable, Hashable { case round, flat, square }
    /// How corners are joined.
    public enum JoinStyle: Sendable, Hashable { case round, mitre, bevel }

    /// Segments per quarter circle (8 by default, as Shapely); GEOS takes values below 1
    /// as 1. Beyond ±``maximumQuadrantSegments`` `buffered(by:options:)` throws.
    public var quadrantSegments: Int = 8
    /// The largest accepted ``quadrantSegments``: 10,000 segments per quarter circle is far
    /// finer than any map needs, and a larger count only exhausts memory.
    public static let maximumQuadrantSegments = 10_000
    /// The end cap style.
    public var capStyle: CapStyle = .round
    /// The join style.
    public var joinStyle: JoinStyle = .round
    /// The mitre ratio limit for `.mitre` joins.
    public var mitreLimit: Double = 5
    /// Buffer one side of a line only (left for positive distances, right for negative).
    public var singleSided = false

    /// The defaults: round caps and joins, 8 segments per quadrant.
    public init(quadrantSegments: Int = 8, capStyle: CapStyle = .round, joinStyle: JoinStyle = .round, mitreLimit: Double = 5, singleSided: Bool = false) {
        self.quadrantSegments = quadrantSegments
        self.capStyle = capStyle
        self.joinStyle = joinStyle
        self.mitreLimit = mitreLimit
        self.singleSided = singleSided
    }
}

extension Geometry {
    /// The area within `distance` of the geometry, in CRS units (metres for EPSG:25832,
    /// degrees for EPSG:4326: reproject first for metric buffers). Negative distances
    /// shrink polygons.
    /// - Throws: `GEOSError` when `distance` or the mitre limit is not a finite number, when
    ///   `options.quadrantSegments` is beyond ±``BufferOptions/maximumQuadrantSegments``,
    ///   or when GEOS fails.
    public func buffered(by distance: Double, options: BufferOptions = BufferOptions()) throws(GEOSError) -> Geometry {
        guard (-BufferOptions.maximumQuadrantSegments...BufferOptions.maximumQuadrantSegments).contains(options.quadrantSegments) else {
            throw GEOSError(operation: "buffer", message: "quadrant segments must be at most \(BufferOptions.maximumQuadrantSegments), got \(options.quadrantSegments)")
        }
        guard distance.isFinite, options.mitreLimit.isFinite else {
            throw GEOSError(operation: "buffer", message: "the distance and the mitre limit must be finite numbers")
        }
        return try withGEOS("buffer") { context, g throws(GEOSError) in
            let h = context.handle
            guard let params = GEOSBufferParams_create_r(h) else { throw context.error("buffer") }
            defer { GEOSBufferParams_destroy_r(h, params) }
            let cap: GEOSBufCapStyles = switch options.capStyle {
            case .round: GEOSBUF_CAP_ROUND
            case .flat: GEOSBUF_CAP_FLAT
            case .square: GEOSBUF_CAP_SQUARE
            }
            let join: GEOSBufJoinStyles = switch options.joinStyle {
            case .round: GEOSBUF_JOIN_ROUND
            case .mitre: GEOSBUF_JOIN_MITRE
            case .bevel: GEOSBUF_JOIN_BEVEL
            }
            // Each setter returns 0 on exception.
            guard GEOSBufferParams_setEndCapStyle_r(h, params, Int32(cap.rawValue)) != 0,
                  GEOSBufferParams_setJoinStyle_r(h, params, Int32(join.rawValue)) != 0,
                  GEOSBufferParams_setMitreLimit_r(h, params, options.mitreLimit) != 0,
                  GEOSBufferParams_setQuadrantSegments_r(h, params, Int32(options.quadrantSegments)) != 0,
                  GEOSBufferParams_setSingleSided_r(h, params, options.singleSided ? 1 : 0) != 0
            else { throw context.error("buffer parameters") }
            guard let result = GEOSBufferWithParams_r(h, g, params, distance) else { throw context.error("buffer") }
            defer { GEOSGeom_destroy_r(h, result) }
            return try Geometry(geos: result, context: context)
        }
    }
}
