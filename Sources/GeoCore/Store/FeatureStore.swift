/// A layer that answers queries from many tasks at once: a GeoPackage table, a layer held
/// in memory with an index, later a PostGIS table. What a server serves and what the
/// query commands read.
///
/// Each call is independent (no state between calls), so one store serves any number of
/// concurrent requests.
public protocol FeatureStore: Sendable {
    /// The layer's schema, known when the store was opened.
    var schema: LayerSchema { get }

    /// How many features match the query (its `limit`, `offset`, `cursor` and
    /// `propertyNames` do not count).
    /// - Throws: `ReadError` with code `invalidQuery` for a query the layer cannot answer
    ///   (an unknown field, a cursor of another store), or a read failure.
    func count(matching query: FeatureQuery) async throws(ReadError) -> Int

    /// One page of the features that match the query: at most `limit`, after `cursor`
    /// or `offset`, with the cursor of the next page.
    /// - Throws: `ReadError` as ``count(matching:)``.
    func features(matching query: FeatureQuery) async throws(ReadError) -> FeaturePage

    /// The feature with this id, or nil when there is none.
    /// - Throws: `ReadError` for a read failure.
    func feature(id: FeatureID) async throws(ReadError) -> Feature?

    /// One page of the features that match the query and how many match in all.
    /// - Throws: `ReadError` as ``count(matching:)``.
    func pageAndCount(matching query: FeatureQuery) async throws(ReadError) -> (page: FeaturePage, matched: Int)
}

extension FeatureStore {
    /// One page of the features that match the query and how many match in all (what a
    /// server's `numberMatched` says). Stores that can answer both in one pass over their
    /// data (one SQLite read) do; the default asks ``count(matching:)`` and
    /// ``features(matching:)``.
    /// - Throws: `ReadError` as ``count(matching:)``.
    public func pageAndCount(matching query: FeatureQuery) async throws(ReadError) -> (page: FeaturePage, matched: Int) {
        let page = try await features(matching: query)
        return (page, try await count(matching: query))
    }

    /// Every feature that matches the query, in pages of `batchSize` (the query's limit
    /// still bounds the total): for streaming a whole layer out of a store.
    public func batches(matching query: FeatureQuery = .all, batchSize: Int = 4096) -> AsyncThrowingStream<[Feature], any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                var next = query
                var remaining = query.limit
                do {
                    while remaining.map({ $0 > 0 }) ?? true {
                        next.limit = min(batchSize, remaining ?? .max)
                        let page = try await features(matching: next)
                        if !page.features.isEmpty { continuation.yield(page.features) }
                        remaining = remaining.map { $0 - page.features.count }
                        guard let cursor = page.nextCursor else { break }
                        next.cursor = cursor
                        next.offset = 0
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
