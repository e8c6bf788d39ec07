import GeoCore

/// A query that cannot be answered as asked, with what to do instead.
public enum QueryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Latitude beyond ±90° or longitude beyond ±180°.
    case positionOutOfRange(Position)
    /// The position is far from the layer but its swapped form is inside it.
    case positionLooksSwapped(Position, suggestion: Position)
    /// A count, distance or radius that makes no sense (negative, NaN).
    case invalidArgument(String)

    /// Kinds of query errors, for callers that react without reading the message (a
    /// server answers 400 to both).
    public enum Code: String, Sendable, Hashable {
        /// The position is not a longitude/latitude pair, or looks swapped.
        case invalidPosition
        /// A count, distance or radius that makes no sense.
        case invalidArgument
    }

    /// What kind of error this is.
    public var code: Code {
        switch self {
        case .positionOutOfRange, .positionLooksSwapped: .invalidPosition
        case .invalidArgument: .invalidArgument
        }
    }

    public var description: String {
        switch self {
        case .positionOutOfRange(let p):
            if abs(p.y) > 90 && abs(p.x) <= 90 {
                return "latitude \(p.y) is out of range; positions are LON,LAT (x first): did you mean \(p.y),\(p.x)?"
            }
            return "position \(p.x),\(p.y) is not a longitude,latitude pair (longitude −180…180, latitude −90…90)"
        case .positionLooksSwapped(let p, let s):
            return "position \(p.x),\(p.y) is far from every feature of the layer, but \(s.x),\(s.y) lies among them: positions are LON,LAT (x first); are the numbers swapped?"
        case .invalidArgument(let what):
            return what
        }
    }
}
