import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GeoKit
import GeoPostGIS

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert files or folders of open data between GeoPackage, Shapefile, GeoJSON, GeoJSON text sequences and CSV, optionally reprojecting.",
        discussion: """
            Inputs are files or folders (searched recursively for .gpkg, .shp, .geojson, .json, \
            .geojsonl, .csv, .zip, .gz); every table of a GeoPackage (every shapefile of a zip) \
            is an input of its own unless --layer picks one. With one input (or --merge) OUTPUT is a file; with \
            several and an OUTPUT ending in .gpkg, one GeoPackage gets a table per input; \
            otherwise OUTPUT is a folder that gets one file per input. Every format streams: memory stays flat. A bad \
            input is reported with its position and the others are still converted; the exit \
            status is then 1. Outputs are written under a temporary name and renamed when complete.
            OUTPUT may be a PostGIS database (postgresql://USER@HOST:PORT/DATABASE, password from \
            PGPASSWORD or ~/.pgpass): each input becomes a table, loaded with COPY in one transaction \
            and put in place only when complete; inputs may be postgresql:// tables too.
            Examples: geokit convert aed.csv -o aed.gpkg --t-srs EPSG:25832
                      geokit convert opendata/ -o postgresql://gis@localhost/opendata --overwrite
                      geokit convert opendata/ -o out/ --to gpkg --jobs 2 --overwrite
            """
    )

    @Argument(help: "Input files or folders.") var inputs: [String]
    @Option(name: .shortAndLong, help: "Output file or folder, or a postgresql:// database.") var output: String
    @Option(help: "PostGIS output: the table's name (default: the input's name).") var table: String?
    @Flag(help: "PostGIS output: order the rows by the spatial index (CLUSTER) before the table goes live; box queries then read a few pages instead of one per feature, and the load takes longer.") var cluster = false
    @Option(name: [.customLong("to"), .customLong("format")], help: "Output format: gpkg, shp, geojson, geojsonseq or csv (default: from the output's extension, else geojson).") var to: String?
    @Option(name: [.customLong("t-crs"), .customLong("t-srs")], help: "Reproject to this CRS (--t-srs as in GDAL).") var targetCRS: String?
    @Option(name: [.customLong("s-crs"), .customLong("s-srs")], help: "The inputs' CRS, when the files do not say it (or say it wrong); --s-srs as in GDAL.") var sourceCRS: String?
    @Flag(help: "Repair invalid polygons with GEOS (make valid, keeping all input area).") var makeValid = false
    @Flag(help: "CSV output for spreadsheets: text starting with =, +, -, @, tab or CR gets a ' before it, so that no cell runs as a formula.") var csvSafe = false
    @Flag(help: "Read symbolic links found in input folders (they are otherwise named in the summary and not read).") var followSymlinks = false
    @Flag(help: "Leave out the features that cannot be reprojected (each named, and counted in the summary) instead of failing the file.") var skipFailures = false
    @Flag(help: "Merge all inputs into one layer, with a source_file field.") var merge = false
    @Option(help: "Keep only these fields (comma-separated).") var select: String?
    @Option(help: ArgumentHelp("Keep the features matching a filter, e.g. \"plz LIKE '50%' AND einwohner >= 1000\".",
                               discussion: "Comparisons =, !=, <, <=, >, >=; IN (…); IS [NOT] NULL; [NOT] LIKE with % and _; AND, OR, NOT, parentheses. Text in single quotes, numbers as numbers; a field absent from the input's schema is an error.")) var `where`: String?
    @Option(help: "GeoPackage or zip input: the table or shapefile to read (default: every one, each its own input).") var layer: String?
    @Option(help: "CSV input: the x column.") var xColumn: String?
    @Option(help: "CSV input: the y column.") var yColumn: String?
    @Option(help: "CSV input: the text encoding (utf-8, windows-1252, iso-8859-1).") var encoding: String?
    @Option(help: "Files converted at once (default: all cores).") var jobs: Int?
    @Flag(help: "Replace existing outputs.") var overwrite = false
    @OptionGroup var messages: OutputOptions
    @Flag(help: "Print a JSON report: the totals, and each conversion with its inputs, output, counts and seconds.") var json = false

    /// How CSV inputs are read: the column and encoding options.
    var csvOptions: CSV.ReadOptions {
        var csv = CSV.ReadOptions(xColumn: xColumn, yColumn: yColumn)
        csv.encoding = encoding.flatMap(TextEncoding.init(name:))
        return csv
    }

    func validate() throws {
        if let to, FormatRegistry.shared.driver(named: to) == nil {
            throw ValidationError("--to must be one of: \(FormatRegistry.shared.drivers.map(\.name).joined(separator: ", "))")
        }
        if let encoding, TextEncoding(name: encoding) == nil { throw ValidationError("unknown --encoding \"\(encoding)\"") }
        if let filter = `where` {
            do { _ = try FeaturePredicate(parsing: filter) } catch { throw ValidationError("--where: \(error)\n  \(filter)\n  \(String(repeating: " ", count: error.column - 1))^") }
        }
        if let select, select.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("--select: an empty field name in \"\(select)\"")
        }
        if table != nil && !PostGISLocation.isURL(output) { throw ValidationError("--table is for a postgresql:// output") }
        if cluster && !PostGISLocation.isURL(output) { throw ValidationError("--cluster is for a postgresql:// output") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let targetCRS, (try? CRS(targetCRS)) == nil { throw ValidationError("--t-crs: PROJ does not know \"\(targetCRS)\"") }
        if let sourceCRS, (try? CRS(sourceCRS)) == nil { throw ValidationError("--s-crs: PROJ does not know \"\(sourceCRS)\"") }
    }

    /// The conversion these options ask for.
    var conversion: Conversion {
        var target = output
        if let table, let named = PostGISDriver().location(output, forTable: table) { target = named }
        if cluster, var components = URLComponents(string: target) {
            components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "cluster", value: "true")]
            target = components.string ?? target
        }
        var conversion = Conversion(inputs: inputs, output: target)
        conversion.format = to.flatMap(FormatRegistry.shared.driver(named:))
        conversion.layer = layer
        conversion.csv = csvOptions
        conversion.sourceCRS = sourceCRS
        conversion.targetCRS = targetCRS
        conversion.filter = `where`.flatMap { try? FeaturePredicate(parsing: $0) }
        conversion.selectedFields = select.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        conversion.steps = makeValid ? [MakeValidStep()] : []
        conversion.spreadsheetSafe = csvSafe
        conversion.merge = merge
        conversion.skipsFeaturesThatCannotBeReprojected = skipFailures
        conversion.followsSymbolicLinks = followSymlinks
        conversion.overwrite = overwrite
        conversion.jobs = jobs
        return conversion
    }

    func run() throws {
        messages.apply()
        let conversion = self.conversion
        let plan: Conversion.Plan
        do { plan = try conversion.plan() } catch {
            printError("geokit convert: \(Self.message(for: error))")
            throw ExitCode(2)
        }
        let progress = Progress(inputs: plan.inputs, enabled: !json && isatty(2) != 0)
        let report = conversion.run(plan) { event in
            switch event {
            case .readWarnings(_, let warnings): WarningOutput.report(warnings, command: "convert")
            case .outputWarnings(let output, let warnings):
                if WarningOutput.level != .none { for w in warnings { printError("geokit convert: \(output): warning: \(w)") } }
            case .warning(let warning): printError("geokit convert: \(Self.message(for: warning))")
            case .failed(_, let error): printError("geokit convert: \(Self.message(for: error))")
            case .reprojecting: break
            case .wroteFeatures(let count): progress.add(features: count)
            case .finished(let input): progress.finished(input)
            }
        }
        progress.stop()
        let summary = report.summary
        if json || !messages.quiet { ConvertCommand.print(summary, json: json) }
        if !summary.failed.isEmpty || plan.inputs.isEmpty { throw ExitCode(1) }
    }

    /// A library error with the option that helps, by its code.
    static func message(for error: any Error) -> String {
        guard let error = error as? ConversionError else { return cliMessage(for: error) }
        switch error.code {
        case .severalInputsForOneFile: return "\(error); give an output folder, a .gpkg (a table each) or --merge"
        case .spreadsheetSafeNeedsCSV: return error.message.replacingOccurrences(of: "spreadsheet-safe text", with: "--csv-safe")
        case .unknownSourceCRS: return "\(error); give --s-crs"
        case .reprojectionFailed: return "\(error) (--skip-failures leaves such features out)"
        case .unknownField where error.message.contains("no feature has a field"):
            return error.message.replacingOccurrences(of: "which the filter or the field selection names", with: "which --where or --select names")
        default: return "\(error)"
        }
    }

    /// A warning with the option that helps, by its code.
    static func message(for warning: ConversionWarning) -> String {
        switch warning.code {
        case .sequenceNotInWGS84: "warning: \(warning); add --t-crs EPSG:4326 or write .geojson"
        case .featureLeftOut: "\(warning)"
        }
    }
}
