import ArgumentParser
import GeoKit
import GeoPostGIS

#if canImport(Glibc)
import Glibc
#endif

@main
struct GeoKitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geokit",
        abstract: "Open geodata toolkit: inspect, query, reproject and convert layers.",
        version: "geokit \(GeoKitInfo.version) (GEOS \(GeoKitInfo.geosVersion), PROJ \(GeoKitInfo.projVersion))",
        subcommands: [InfoCommand.self, ConvertCommand.self, NearestCommand.self, LocateCommand.self, GeocodeCommand.self, WithinCommand.self, AtCommand.self, JoinCommand.self, SplitCommand.self, CoverageCommand.self, GeomCommand.self, CRSCommand.self, ReprojectCommand.self, TransformCommand.self, InspireCommand.self, ServeCommand.self]
    )

    /// Runs the command; usage errors exit 2 and data errors exit 1 (the commands print
    /// their own data errors and throw `ExitCode(1)`).
    static func main() {
        // Before PROJ or GRDB open an SQLite database: `convert --jobs` writes several
        // GeoPackages at once.
        GeoPackage.prepareForConcurrentWriting()
        // GML (WFS responses, INSPIRE GML) as an input format.
        GMLDriver.register()
        // postgresql:// URLs as inputs and outputs of every command.
        PostGISDriver.register()
        StopSignals.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as WriteError {
            printError("geokit: \(cliMessage(for: error))")
            Glibc.exit(1)
        } catch where error is ReadError || error is INSPIREError || error is PROJError {
            // Data errors say where they are themselves.
            printError("geokit: \(error)")
            Glibc.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code == ExitCode(1) || error is ExitCode {
                exit(withError: error)
            }
            // Argument parsing and validation failures: usage error, exit status 2.
            let message = fullMessage(for: error)
            if !message.isEmpty { printError(message) }
            Glibc.exit(2)
        }
    }
}

/// An error as the command line says it: the library's message, and the option that
/// helps where there is one.
func cliMessage(for error: any Error) -> String {
    if let error = error as? WriteError, error.code == .alreadyExists { return "\(error) (use --overwrite to replace it)" }
    return "\(error)"
}

/// Prints one line to standard error.
func printError(_ message: String) {
    var standardError = StandardError()
    print(redactingPasswords(message), to: &standardError)
}

/// The text with the password of any `postgresql://` URL in it replaced by `***`: what
/// the command line prints never holds one, whichever message carries the URL.
func redactingPasswords(_ text: String) -> String {
    guard text.contains("://") else { return text }
    return text.replacingOccurrences(of: #"(postgres(?:ql)?://[^:/@\s]*):[^@\s/]*@"#, with: "$1:***@", options: [.regularExpression, .caseInsensitive])
        .replacingOccurrences(of: #"([?&])password=[^&\s]*"#, with: "$1password=***", options: .regularExpression)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        writeAll(Array(string.utf8), to: 2)
    }
}

/// Writes every byte to a file descriptor (1 = standard output, 2 = standard error),
/// retrying short writes; gives up silently when the reader has gone (closed pipe).
func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let n = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            if n <= 0 { return }
            offset += n
        }
    }
}
