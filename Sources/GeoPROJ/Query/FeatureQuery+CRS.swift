import GeoCore

extension FeatureQuery {
    /// The query's box in the layer's CRS: as given when it has no CRS of its own or the
    /// layer's, else its edges transformed by PROJ (densified, so that the result holds
    /// the whole box).
    /// - Returns: nil when the query has no box.
    /// - Throws: the reason as text when the layer has no CRS to compare with or PROJ
    ///   cannot transform between the two.
    public func boundingBox(inLayerCRS layerCRS: CRSReference?) throws(QueryProblem) -> BoundingBox? {
        guard let box = boundingBox else { return nil }
        guard let crs = boundingBoxCRS, crs != layerCRS else { return box }
        guard let layerCRS else { throw QueryProblem("the box has a CRS, but the layer declares none to compare it with") }
        do {
            return try Transformer.cached(from: crs, to: layerCRS).transformBounds(box)
        } catch {
            throw QueryProblem("the box cannot be transformed from \(crs.identifier) to \(layerCRS.identifier): \(error)")
        }
    }
}

/// Why a query cannot be answered, in words; stores turn it into their own error.
public struct QueryProblem: Error, Sendable, Hashable {
    /// What is wrong.
    public var message: String
    /// Creates a problem.
    public init(_ message: String) { self.message = message }
}
