import GeoCore

/// A failure reported by GEOS: which operation, and GEOS's own message (for example
/// "IllegalArgumentException: Invalid number of points in LinearRing found 3 - must be 0 or >= 4"
/// or a TopologyException with its location).
public struct GEOSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The GeoKit operation that failed, e.g. "intersection".
    public let operation: String
    /// GEOS's message.
    public let message: String

    /// Creates an error.
    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { "\(operation) failed: \(message)" }
}

extension GEOSError {
    /// The error for a position GEOS must not see: NaN or infinite coordinates make GEOS
    /// 3.11 crash or loop.
    static func nonFinite(_ position: Position) -> GEOSError {
        GEOSError(operation: "input", message: GeometryStructure.coordinateProblem(position) ?? "a coordinate is not a finite number")
    }

    /// The error for an operation that is not defined on an empty geometry.
    static func emptyInput(_ operation: String) -> GEOSError {
        GEOSError(operation: operation, message: "not defined for an empty geometry")
    }
}
