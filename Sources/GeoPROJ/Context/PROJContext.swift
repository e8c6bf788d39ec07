import CPROJ
import Foundation
import GeoCore

/// Owns one `PJ_CONTEXT` and captures what PROJ logs into it, so that failures PROJ 9.1
/// reports only as "Unknown error (code 4096)" get their real message.
///
/// A context is used by one thread at a time: it is never shared, only borrowed from a
/// pool (`PROJContextPool`) and given back. Not `Sendable` on purpose.
final class PROJContext {
    let pointer: OpaquePointer
    /// Messages logged since the last `takeMessages()`.
    private(set) var messages: [String] = []

    init() {
        // proj_context_create returns NULL only when out of memory.
        guard let context = proj_context_create() else { fatalError("PROJ could not allocate a context (out of memory)") }
        pointer = context
        // No downloads of grids unless the user asked for them with PROJ_NETWORK=ON
        // (a proj.ini somewhere on the machine does not turn it on behind their back).
        let network = ProcessInfo.processInfo.environment["PROJ_NETWORK"]?.uppercased()
        proj_context_set_enable_network(context, network == "ON" || network == "YES" || network == "TRUE" ? 1 : 0)
        proj_log_level(context, PJ_LOG_ERROR)
        let me = Unmanaged.passUnretained(self).toOpaque()
        proj_log_func(context, me) { data, _, message in
            guard let data, let message else { return }
            let owner = Unmanaged<PROJContext>.fromOpaque(data).takeUnretainedValue()
            owner.messages.append(String(cString: message))
        }
    }

    deinit {
        proj_context_destroy(pointer)
    }

    /// Clears the error state and the captured log before a call.
    func reset() {
        messages.removeAll(keepingCapacity: true)
    }

    /// The best description of the last failure: PROJ's logged message when there is one,
    /// otherwise its error string.
    func failureReason(errno code: Int32? = nil) -> String {
        let number = code ?? proj_context_errno(pointer)
        if let last = messages.last(where: { !$0.isEmpty }) {
            return last.hasPrefix("proj_") ? String(last.drop(while: { $0 != ":" }).dropFirst().drop(while: { $0 == " " })) : last
        }
        if number != 0, let text = proj_context_errno_string(pointer, number) { return String(cString: text) }
        return "PROJ reported an error without a message"
    }
}

/// Contexts for short metadata work (reading a CRS).
enum PROJContextPool {
    private static let pool = ReusePool<PROJContext>()

    static func withContext<T, E: Error>(_ body: (PROJContext) throws(E) -> T) throws(E) -> T {
        let context = pool.borrow { PROJContext() }
        context.reset()
        defer { pool.giveBack(context) }
        return try body(context)
    }
}

/// The PROJ library GeoKit runs on.
public enum PROJLibrary {
    /// The version of the linked PROJ (`9.1.1`).
    public static var version: String { String(cString: proj_info().version) }
}
