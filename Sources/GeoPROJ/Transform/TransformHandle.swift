import CPROJ

/// One ready-to-use PROJ operation with its own context: what a `Transformer` lends to
/// one thread at a time. Not `Sendable`; the `Transformer` keeps these in a pool.
final class TransformHandle {
    let context: PROJContext
    let operation: OpaquePointer
    /// True when the operation wants radians in and the caller gives degrees.
    let inputRadians: Bool
    /// True when the operation gives radians out and the caller wants degrees.
    let outputRadians: Bool

    /// Builds the operation from its recipe.
    init(recipe: Transformer.Recipe, direction: PJ_DIRECTION) throws(PROJError) {
        context = PROJContext()
        let ctx = context.pointer
        switch recipe {
        case .pipeline(let definition):
            guard let op = proj_create(ctx, definition) else {
                throw PROJError.invalidOperation(definition: definition, reason: context.failureReason())
            }
            operation = op
        case .crsToCRS(let source, let target, _, _):
            guard let s = proj_create(ctx, source) else { throw PROJError.unknownCRS(definition: source, reason: context.failureReason()) }
            defer { proj_destroy(s) }
            guard let t = proj_create(ctx, target) else { throw PROJError.unknownCRS(definition: target, reason: context.failureReason()) }
            defer { proj_destroy(t) }
            guard let raw = proj_create_crs_to_crs_from_pj(ctx, s, t, nil, nil) else {
                throw PROJError.noOperation(source: source, target: target, reason: context.failureReason())
            }
            defer { proj_destroy(raw) }
            // Longitude/easting first on both sides, whatever the authority's axis order.
            guard let normalized = proj_normalize_for_visualization(ctx, raw) else {
                throw PROJError.noOperation(source: source, target: target, reason: context.failureReason())
            }
            operation = normalized
        }
        let forwardIn = direction == PJ_FWD ? PJ_FWD : PJ_INV
        inputRadians = proj_angular_input(operation, forwardIn) != 0 && proj_degree_input(operation, forwardIn) == 0
        outputRadians = proj_angular_output(operation, forwardIn) != 0 && proj_degree_output(operation, forwardIn) == 0
    }

    deinit {
        proj_destroy(operation)
    }
}
