import Foundation

/// GeoKit's one naming scheme for files that exist only while it works — temporaries
/// renamed onto their target, spools, unpacked archives — and the process-wide list of
/// those alive now, so that a signal handler can remove them before the process ends.
///
/// A scratch file beside a target is named `.<target name>.<kind>-<pid>-<random>`; an
/// unpacked archive lives in `$TMPDIR/geokit-<pid>-<random>`. A name of either form whose
/// process no longer runs is left over from a killed run and may be removed.
package enum ScratchFiles {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var alive: Set<String> = []
    nonisolated(unsafe) private static var sweptFolders: Set<String> = []

    /// A fresh scratch name beside `target` (same folder, so that a rename is atomic).
    package static func name(beside target: String, kind: String) -> String {
        let slash = target.lastIndex(of: "/")
        let directory = slash.map { String(target[..<$0]) } ?? "."
        let base = slash.map { String(target[target.index(after: $0)...]) } ?? target
        return "\(directory.isEmpty ? "/" : directory)/.\(base).\(kind)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// A fresh folder name in the system's temporary folder.
    package static func temporaryFolderName() -> String {
        NSTemporaryDirectory() + "geokit-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Notes a scratch path as alive (to be removed should the process be stopped).
    package static func register(_ path: String) {
        lock.lock()
        alive.insert(path)
        lock.unlock()
    }

    /// Forgets a scratch path that was removed or renamed into place.
    package static func unregister(_ path: String) {
        lock.lock()
        alive.remove(path)
        lock.unlock()
    }

    /// Removes every scratch file and folder alive now; for signal handlers (run on a
    /// normal thread, not in signal context) just before the process exits.
    package static func removeAll() {
        lock.lock()
        let paths = alive
        alive.removeAll()
        lock.unlock()
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }

    /// The process id in a scratch name of GeoKit's form (`….tmp-1234-5678` or
    /// `geokit-1234-5678`), or `nil` for any other name.
    package static func processID(inScratchName name: String) -> Int32? {
        var name = Substring(name)
        for suffix in ["-journal", "-wal", "-shm"] where name.hasSuffix(suffix) { name = name.dropLast(suffix.count) }
        let parts = name.split(separator: "-")
        guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]), UInt32(parts[parts.count - 1]) != nil else { return nil }
        let head = parts[0..<(parts.count - 2)].joined(separator: "-")
        if name.hasPrefix("geokit-") && parts.count == 3 { return pid }
        guard name.hasPrefix(".") else { return nil }
        for kind in [".tmp", ".scratch", ".rows"] where head.hasSuffix(kind) { return pid }
        return nil
    }

    /// Removes, once per folder and process, scratch files in `folder` that a killed
    /// GeoKit run left behind (their process is gone).
    package static func removeLeftovers(in folder: String) {
        lock.lock()
        let first = sweptFolders.insert(folder).inserted
        lock.unlock()
        guard first, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names {
            guard let pid = processID(inScratchName: name), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }
}
