import CGEOS
import GeoCore

/// Owns one `GEOSContextHandle_t` and receives its error and notice messages through the
/// handler's user data (GEOS's handlers capture nothing, so the owner is passed along).
///
/// `GEOS_init_r` is not free, so contexts are pooled, never created per call; a context is
/// used by one thread at a time and never held across an `await`. Not `Sendable` on purpose.
final class GEOSContext {
    let handle: GEOSContextHandle_t
    private(set) var lastError: String?
    private(set) var notices: [String] = []

    init() {
        // GEOS_init_r returns NULL only when out of memory.
        guard let handle = GEOS_init_r() else { fatalError("GEOS could not allocate a context (out of memory)") }
        self.handle = handle
        let me = Unmanaged.passUnretained(self).toOpaque()
        GEOSContext_setErrorMessageHandler_r(handle, { message, data in
            guard let message, let data else { return }
            Unmanaged<GEOSContext>.fromOpaque(data).takeUnretainedValue().lastError = String(cString: message)
        }, me)
        GEOSContext_setNoticeMessageHandler_r(handle, { message, data in
            guard let message, let data else { return }
            let owner = Unmanaged<GEOSContext>.fromOpaque(data).takeUnretainedValue()
            if owner.notices.count < 16 { owner.notices.append(String(cString: message)) }
        }, me)
    }

    deinit {
        GEOS_finish_r(handle)
    }

    func reset() {
        lastError = nil
        notices.removeAll(keepingCapacity: true)
    }

    /// The error for a failed call: GEOS's message, or a generic one when GEOS gave none.
    func error(_ operation: String) -> GEOSError {
        GEOSError(operation: operation, message: lastError ?? notices.last ?? "GEOS reported an exception without a message")
    }

    /// Interprets a GEOS predicate's answer: 1 true, 0 false, 2 exception.
    func boolean(_ answer: CChar, _ operation: String) throws(GEOSError) -> Bool {
        switch answer {
        case 1: return true
        case 0: return false
        default: throw error(operation)
        }
    }

    /// Frees memory GEOS allocated (strings, buffers): never Swift's `deallocate`.
    func free(_ pointer: UnsafeMutableRawPointer?) {
        if let pointer { GEOSFree_r(handle, pointer) }
    }
}

/// The process's pool of GEOS contexts.
enum GEOSContextPool {
    private static let pool = ReusePool<GEOSContext>(maximumIdle: 16)

    /// Lends a context for the duration of `body`.
    static func with<T, E: Error>(_ body: (GEOSContext) throws(E) -> T) throws(E) -> T {
        let context = pool.borrow { GEOSContext() }
        context.reset()
        defer { pool.giveBack(context) }
        return try body(context)
    }
}

/// The GEOS library GeoKit runs on.
public enum GEOSLibrary {
    /// The version of the linked GEOS (`3.11.1-CAPI-1.17.1`).
    public static var version: String { String(cString: GEOSversion()) }
}
