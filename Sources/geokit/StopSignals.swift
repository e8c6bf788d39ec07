import Dispatch
import GeoCore

#if canImport(Glibc)
import Glibc
#endif

/// What a stopped run leaves: nothing. Ctrl-C (SIGINT), SIGTERM and SIGHUP remove every
/// temporary output, spool and unpacked archive alive at that moment, then end the
/// process with the status a shell gives a run ended by that signal (128 + its number);
/// an exit removes them too. SIGXFSZ (a file past `ulimit -f`) is ignored, so that the
/// write fails with EFBIG and the run ends through its ordinary error path.
enum StopSignals {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Leaves SIGINT and SIGTERM to a command that stops gracefully itself (`serve`):
    /// they stay ignored by default, so only that command's own handlers see them.
    static func handOver() {
        for source in sources { source.cancel() }
        sources.removeAll()
        let hangUp = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        hangUp.setEventHandler { _exit(128 + SIGHUP) }
        hangUp.resume()
        sources.append(hangUp)
    }

    static func install() {
        // An exit on an error path skips the deinitializers that would remove them.
        atexit { ScratchFiles.removeAll() }
        signal(SIGXFSZ, SIG_IGN)
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                ScratchFiles.removeAll()
                // The shell's status for a run ended by a signal (130 for Ctrl-C, 143 for
                // SIGTERM); _exit, because other threads may still be writing.
                _exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }
}
