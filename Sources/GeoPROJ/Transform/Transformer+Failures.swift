import GeoCore

extension Transformer {
    /// Features transformed with the failures set aside: what a batch conversion with
    /// "skip failures" (ogr2ogr's `-skipfailures`) writes and reports.
    public struct FeatureTransform: Sendable {
        /// A feature that could not be transformed.
        public struct Failure: Sendable {
            /// Its index in the features given.
            public var index: Int
            /// Why (the position and PROJ's reason).
            public var error: PROJError
        }

        /// The transformed features, in order, without those that failed.
        public var features: [Feature]
        /// The features left out, in order.
        public var failures: [Failure]
    }

    /// Transforms features in one bulk call; when a position fails and `skippingFailures`
    /// is true, the features are transformed one by one and those that fail are set aside
    /// instead (the bulk call stays the fast path: only a batch with a failure pays).
    /// - Throws: `PROJError` naming the feature's index in `features`, when not skipping.
    public func transform(_ features: [Feature], skippingFailures: Bool) throws(PROJError) -> FeatureTransform {
        do {
            return FeatureTransform(features: try transform(Layer(name: "", features: features, fields: [])).features, failures: [])
        } catch {
            guard skippingFailures else { throw error }
        }
        var result = FeatureTransform(features: [], failures: [])
        result.features.reserveCapacity(features.count)
        for (i, feature) in features.enumerated() {
            do { result.features.append(try transform(feature)) } catch {
                result.failures.append(.init(index: i, error: error))
            }
        }
        return result
    }
}

extension Transformer {
    /// Transforms coordinate buffers in place in one bulk pass, setting failures aside:
    /// a position that cannot be transformed (or, with `checkingAreaOfUse`, lies outside
    /// the area of use) is left NaN, and its error, carrying its index, is returned. Time
    /// is linear however many positions fail.
    /// - Returns: the failures, in index order (empty when every position was transformed);
    ///   each error's ``PROJError/positionIndex`` is the index in the buffers.
    /// - Throws: `PROJError` only when PROJ cannot set up the operation at all.
    public func transformSettingFailuresAside(x: inout [Double], y: inout [Double], z: inout [Double]?) throws(PROJError) -> [PROJError] {
        precondition(x.count == y.count && (z == nil || z!.count == x.count), "coordinate buffers must have equal lengths")
        var failures: [PROJError]? = []
        var time: [Double]? = nil
        try withHandle { handle throws(PROJError) in
            try transform(x: &x, y: &y, z: &z, time: &time, range: 0..<x.count, with: handle, collecting: &failures)
        }
        return failures ?? []
    }
}
