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
