import ArgumentParser
import GeoKit

/// `--quiet` and `--warnings`, shared by the commands that read data.
struct OutputOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print nothing but errors (and the results asked for).")
    var quiet = false

    @Option(help: "Warnings about the input: summary (the default: what was changed or left out, at most 5 kinds a file), all (also notes such as a legacy crs member read), none.")
    var warnings: WarningOutput.Level = .summary

    /// Makes these options the process's policy.
    func apply() {
        WarningOutput.level = quiet ? .none : warnings
        WarningOutput.quiet = quiet
    }
}

/// How warnings reach standard error.
enum WarningOutput {
    enum Level: String, ExpressibleByArgument, CaseIterable {
        case summary, all, none
    }

    nonisolated(unsafe) static var level = Level.summary
    nonisolated(unsafe) static var quiet = false

    /// Prints what a reader noticed about one input, as the policy says.
    static func report(_ warnings: [ReadWarning], command: String) {
        switch level {
        case .none:
            return
        case .all:
            for w in warnings { printError("geokit \(command): \(w)") }
        case .summary:
            let shown = warnings.filter { $0.severity == .warning }
            for w in shown.prefix(5) { printError("geokit \(command): \(w)") }
            if shown.count > 5 { printError("geokit \(command): … and \(shown.count - 5) more kinds of warning (--warnings all lists them)") }
        }
    }
}
