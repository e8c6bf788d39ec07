import ArgumentParser
import Foundation
import GeoKit

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe layers: feature count, geometry types, extent, CRS and fields.",
        discussion: """
            Reads GeoPackage (every table), Shapefile (also zipped: every shapefile in the \
            archive), CSV, GeoJSON (FeatureCollection, Feature, geometry; also .gz) and GeoJSON \
            text sequences (.geojsonl, .geojsons, .ndjson). Files are streamed, so any size works. \
            A file that cannot be read is reported on standard error with its position, \
            the others are still described, and the exit status is 1.
            """
    )

    @Argument(help: "Files to describe; '-' reads standard input.")
    var files: [String]

    @Flag(help: "Print one JSON document (an array of layer summaries) for scripts.")
    var json = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        output.apply()
        var summaries: [InfoEntry] = []
        var failed = false
        for file in files {
            let read = LayerSummary.summaries(ofFileAt: file), described = read.summaries, failures = read.failures
            for summary in described {
                WarningOutput.report(summary.warnings, command: "info")
                if json {
                    summaries.append(InfoEntry(summary: summary))
                } else {
                    print(LayerInspector.text(for: summary, file: file))
                }
            }
            for error in failures {
                printError("geokit info: \(cliMessage(for: error))")
                if json { summaries.append(InfoEntry(path: file, error: "\(error)")) }
                failed = true
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(summaries)
            print(String(decoding: data, as: UTF8.self))
        }
        if failed { throw ExitCode(1) }
    }
}

/// One element of `info --json`: a layer's summary, or the error of a file (or table)
/// that could not be read, with its path either way.
struct InfoEntry: Encodable {
    var summary: LayerSummary?
    var path: String?
    var error: String?

    init(summary: LayerSummary) {
        self.summary = summary
    }

    init(path: String, error: String) {
        self.path = path
        self.error = error
    }

    func encode(to encoder: any Encoder) throws {
        if let summary {
            try summary.encode(to: encoder)
        } else {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(path, forKey: .path)
            try container.encode(error, forKey: .error)
        }
    }

    enum Keys: String, CodingKey { case path, error }
}
