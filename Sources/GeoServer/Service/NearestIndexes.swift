import Foundation
import GeoCore
import GeoQuery

/// The geodesic nearest-neighbour index of each collection, built from its store on the
/// first nearest request and shared by every later one (a failed build is tried again
/// on the next request).
final class NearestIndexes: Sendable {
    private let builds: [Mutex]

    init(count: Int) {
        builds = (0..<count).map { _ in Mutex() }
    }

    /// The index of the collection at `position`, building it once.
    func index(at position: Int, of collection: ServedCollection) async throws -> GeoIndex {
        let task = builds[position].task {
            Task {
                var features: [Feature] = []
                for try await batch in collection.store.batches() { features += batch }
                let schema = collection.store.schema
                return try GeoIndex(Layer(name: schema.name, crs: schema.crs, features: features, fields: schema.fields))
            }
        }
        do {
            return try await task.value
        } catch {
            builds[position].forget(task)
            throw error
        }
    }

    /// One collection's build, under a lock.
    private final class Mutex: @unchecked Sendable {
        // @unchecked: `current` is only touched under `lock`.
        private let lock = NSLock()
        private var current: Task<GeoIndex, any Error>?

        func task(_ start: () -> Task<GeoIndex, any Error>) -> Task<GeoIndex, any Error> {
            lock.withLock {
                if let current { return current }
                let started = start()
                current = started
                return started
            }
        }

        func forget(_ failed: Task<GeoIndex, any Error>) {
            lock.withLock { if current == failed { current = nil } }
        }
    }
}
