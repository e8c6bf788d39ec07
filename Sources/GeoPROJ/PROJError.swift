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
    /// A position lies outside the area where the operation is valid (only reported by a
    /// transformer made with `checkingAreaOfUse: true`).
    case outsideAreaOfUse(source: String, target: String, position: Position, index: Int?, area: String)

    public var description: String {
        switch self {
        case .unknownCRS(let definition, let reason):
            return "unknown CRS \"\(definition.abbreviated(to: 80))\": \(reason)"
        case .invalidOperation(let definition, let reason):
            return "invalid PROJ operation \"\(definition.abbreviated(to: 80))\": \(reason)"
        case .noOperation(let source, let target, let reason):
            return "no transformation from \(source) to \(target): \(reason)"
        case .transformFailed(let source, let target, let position, let index, let reason):
            let which = index.map { " (position \($0))" } ?? ""
            return "cannot transform \(position)\(which) from \(source) to \(target): \(reason)"
        case .outsideAreaOfUse(let source, let target, let position, let index, let area):
            let which = index.map { " (position \($0))" } ?? ""
            return "\(position)\(which) lies outside the area where \(source) → \(target) is valid (\(area)); are the coordinates swapped or in another CRS?"
        }
    }
}

extension PROJError {
    /// The index of the offending position, for errors about one position.
    public var positionIndex: Int? {
        switch self {
        case .transformFailed(_, _, _, let index, _), .outsideAreaOfUse(_, _, _, let index, _): index
        default: nil
        }
    }

    /// The same error with its position index mapped (from a chunk to the whole buffer,
    /// or from a flat buffer to a feature), and `context` put before its reason.
    func reindexed(_ map: (Int) -> Int, context: String? = nil) -> PROJError {
        switch self {
        case .transformFailed(let s, let t, let p, let i?, let reason):
            return .transformFailed(source: s, target: t, position: p, index: map(i), reason: context.map { "\($0): \(reason)" } ?? reason)
        case .outsideAreaOfUse(let s, let t, let p, let i?, let area):
            return .outsideAreaOfUse(source: s, target: t, position: p, index: map(i), area: area)
        default:
            return self
        }
    }
}
