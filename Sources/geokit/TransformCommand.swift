import ArgumentParser
import GeoKit

struct TransformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transform",
        abstract: "Transform coordinates read from standard input, one position per line (like cs2cs/cct).",
        discussion: """
            Each line holds x y [z], separated by spaces, tabs or commas, in GeoKit's order: \
            x = longitude/easting, y = latitude/northing, whatever the CRS authority says. \
            Lines starting with '#' and empty lines are copied through. A line that cannot be \
            read or transformed prints '* *' in its place, is named on standard error, and \
            the exit status is 1 after all other lines were done.
            """
    )

    @Option(name: [.customLong("s-crs"), .customLong("s-srs"), .customLong("from")], help: "Source CRS, e.g. EPSG:4326 (--from as in cs2cs).")
    var from: String

    @Option(name: [.customLong("t-crs"), .customLong("t-srs"), .customLong("to")], help: "Target CRS, e.g. EPSG:25832 (--to as in cs2cs).")
    var to: String

    @Flag(help: "Transform from --t-crs back to --s-crs.")
    var inverse = false

    @Option(help: "Decimals in the output (default: 3 for metres, 8 for degrees).")
    var precision: Int?

    @Flag(name: .customLong("check-area"), help: "Reject positions outside the operation's area of use (catches swapped latitude/longitude).")
    var checkArea = false

    func validate() throws {
        if let precision, !(0...15).contains(precision) {
            throw ValidationError("--precision must be between 0 and 15")
        }
    }

    func run() throws {
        let transformer: Transformer
        do {
            let forward = try Transformer(from: from, to: to, checkingAreaOfUse: checkArea && !inverse)
            transformer = inverse ? try forward.inverse : forward
        } catch {
            printError("geokit transform: \(cliMessage(for: error))")
            throw ExitCode(1)
        }
        let decimals = precision ?? ((transformer.target?.isGeographic ?? false) ? 8 : 3)
        let failures = CoordinateStream.run(transformer: transformer, decimals: decimals, input: 0) { bytes in
            writeAll(bytes, to: 1)
        } failed: { failure in
            printError("geokit transform: \(failure)")
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
