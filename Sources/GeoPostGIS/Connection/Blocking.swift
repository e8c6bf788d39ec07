import Foundation

/// Async work waited for on the calling thread: how the synchronous reader and writer
/// protocols (`FeatureSource`, `FeatureSink`) reach postgres-nio.
///
/// The work runs on ``PostGISExecutor``, never on Swift's cooperative pool: a caller that
/// blocks a pool thread (a synchronous test, a conversion started from a task) would
/// otherwise wait for a pool thread that only it could free — with 2 cores, two such
/// callers deadlock.
enum Blocking {
    static func wait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached(executorPreference: PostGISExecutor.shared) {
            do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    private final class Box<T>: @unchecked Sendable {
        // @unchecked: written once before the semaphore is signalled, read after.
        var result: Result<T, any Error>?
    }
}

/// Where GeoPostGIS's own tasks run: a concurrent Dispatch queue, whose threads are not
/// limited to the number of cores as the cooperative pool's are, so that work a blocked
/// thread waits for always finds a thread.
final class PostGISExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: the queue is thread-safe and nothing else is stored.
    static let shared = PostGISExecutor()
    private let queue = DispatchQueue(label: "org.geokit.postgis", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
