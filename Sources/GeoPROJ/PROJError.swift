import GeoCore

/// A failure reported by PROJ, with PROJ's own message and the CRS codes and coordinate
/// involved.
public enum PROJError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text does not name or describe a CRS that PROJ knows.
    case unknownCRS(definition: String, reason: String)
    /// The text is not a valid PROJ operation or pipeline.
    case invalidOperation(definition: String, reason: String)
    /// No operation links the two CRSs.
    case noOperation(source: String, target: String, reason: String)
    /// A coordinate could not be transformed (outside the operation's domain, or the
    /// result was not finite).
    case transformFailed(source: String, target: String, position: Position, index: Int?, reason: String)

    public var description: String {
        switch self {
        case .unknownCRS(let definition, let reason):
            return "unknown CRS \"\(definition)\": \(reason)"
        case .invalidOperation(let definition, let reason):
            return "invalid PROJ operation \"\(definition)\": \(reason)"
        case .noOperation(let source, let target, let reason):
            return "no transformation from \(source) to \(target): \(reason)"
        case .transformFailed(let source, let target, let position, let index, let reason):
            let which = index.map { " (position \($0))" } ?? ""
            return "cannot transform \(position)\(which) from \(source) to \(target): \(reason)"
        }
    }
}
