import ArgumentParser
import Foundation
import GeoKit

struct ReprojectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproject",
        abstract: "Reproject a layer to another CRS: `geokit convert INPUT -o OUTPUT --t-crs CRS` in short.",
        discussion: """
            Reads everything convert reads (GeoJSON, CSV, GeoPackage, Shapefile, zipped or \
            gzipped) and writes the format the output's extension names, streaming, through \
            the same conversion. The source CRS is the file's own (for GeoJSON the legacy "crs" \
            member, or OGC:CRS84 as RFC 7946 says); --s-crs overrides it. '-' reads or writes \
            GeoJSON on standard input or output.
            """
    )

    @Argument(help: "The input: any file convert reads ('-' for GeoJSON on standard input).")
    var input: String

    @Argument(help: "Output file ('-' for standard output).")
    var output: String

    @Option(name: [.customLong("t-crs"), .customLong("t-srs"), .customLong("to")], help: "Target CRS, e.g. EPSG:25832 (--t-srs as in GDAL; --to as in earlier versions).")
    var to: String

    @Option(name: [.customLong("s-crs"), .customLong("s-srs"), .customLong("from")], help: "Source CRS, when the file does not say it (or says it wrong).")
    var from: String?

    @Flag(help: "Replace an existing output file.")
    var overwrite = false

    @Flag(name: .customLong("check-area"), help: "Reject positions outside the operation's area of use (catches swapped latitude/longitude or a wrong --from).")
    var checkArea = false

    @Flag(help: "Leave out the features that cannot be reprojected instead of failing.")
    var skipFailures = false

    func run() throws {
        var conversion = Conversion(inputs: [input], output: output)
        conversion.targetCRS = to
        conversion.sourceCRS = from
        conversion.overwrite = overwrite
        conversion.skipsFeaturesThatCannotBeReprojected = skipFailures
        conversion.checksAreaOfUse = checkArea
        let operation = Reprojection()
        let summary: ConversionSummary
        do {
            summary = try conversion.run { event in
                switch event {
                case .reprojecting(_, let source, let target, let name): operation.describe("\(source) → \(target) (\(name))")
                case .failed(_, let error): printError("geokit reproject: \(ConvertCommand.message(for: error))")
                case .warning(let warning): printError("geokit reproject: \(ConvertCommand.message(for: warning))")
                case .readWarnings(_, let warnings): WarningOutput.report(warnings, command: "reproject")
                default: break
                }
            }.summary
        } catch {
            printError("geokit reproject: \(ConvertCommand.message(for: error))")
            throw ExitCode(2)
        }
        guard summary.failed.isEmpty else { throw ExitCode(1) }
        if output != "-" {
            printError("geokit reproject: \(summary.featuresWritten) features \(operation.text) written to \(output)")
        }
    }
}

/// The operation a reprojection used, as the conversion's event tells it.
private final class Reprojection: @unchecked Sendable {
    // @unchecked: `text` is only touched under `lock`.
    private let lock = NSLock()
    private var value = ""

    func describe(_ text: String) { lock.withLock { value = text } }
    var text: String { lock.withLock { value } }
}
