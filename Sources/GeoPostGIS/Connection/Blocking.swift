import Foundation

/// Async work waited for on the calling thread: how the synchronous reader and writer
/// protocols (`FeatureSource`, `FeatureSink`) reach postgres-nio. Call it from a thread
/// of your own (the command line's, a conversion's), never from a task.
enum Blocking {
    static func wait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
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
