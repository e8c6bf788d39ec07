import Foundation
import GeoCore
import GeoPROJ

/// A batch conversion: files, folders or tables into one file, one GeoPackage with a
/// table per input, or a folder of files; filtered, reprojected and changed by steps on
/// the way. Every input streams (memory stays flat); outputs appear under their names
/// only when complete; a bad input is reported and the others are still converted.
///
/// ```swift
/// var conversion = Conversion(inputs: ["opendata/"], output: "opendata.gpkg")
/// conversion.targetCRS = "EPSG:25832"
/// let summary = try conversion.run().summary
/// print(summary.featuresWritten, summary.failed)
/// ```
///
/// With one input (or `merge`) the output is a file; with several and an output ending
/// in `.gpkg`, one GeoPackage gets a table per input; otherwise the output is a folder
/// that gets a file per input.
public struct Conversion: Sendable {
    /// Files, folders (searched recursively) and shell patterns; `-` is GeoJSON on
    /// standard input.
    public var inputs: [String]
    /// The output file or folder; `-` writes to standard output in any format that is one
    /// file (GeoJSON, GeoJSON text sequences and CSV as they go, a GeoPackage once built;
    /// a Shapefile is refused).
    public var output: String
    /// The output format, any driver of ``FormatRegistry`` that writes; nil takes it from
    /// the output's extension, else GeoJSON.
    public var format: (any FormatDriver)?
    /// The table of a GeoPackage (shapefile of a zip) to read; nil reads every one, each
    /// an input of its own.
    public var layer: String?
    /// How CSV inputs are read.
    public var csv = CSV.ReadOptions()
    /// The inputs' CRS when the files do not say it (or say it wrong), as PROJ reads it.
    public var sourceCRS: String?
    /// Reproject to this CRS.
    public var targetCRS: String?
    /// Keep only the features that match.
    public var filter: FeaturePredicate?
    /// Keep only these fields, in this order.
    public var selectedFields: [String]?
    /// Changes to each batch after the filter and before reprojection (e.g. repairing
    /// geometries); they run in order.
    public var steps: [any ConversionStep] = []
    /// CSV output for spreadsheets: text that a spreadsheet would run as a formula gets
    /// a `'` before it.
    public var spreadsheetSafe = false
    /// Merge every input into one layer with a `source_file` field.
    public var merge = false
    /// Leave out the features that cannot be reprojected (each reported) instead of
    /// failing their input.
    public var skipsFeaturesThatCannotBeReprojected = false
    /// Refuse positions outside the area of use of the reprojection (catches swapped
    /// latitude and longitude, or a wrong source CRS).
    public var checksAreaOfUse = false
    /// Read symbolic links found in input folders.
    public var followsSymbolicLinks = false
    /// Replace existing outputs.
    public var overwrite = false
    /// Inputs converted at once; nil uses every core.
    public var jobs: Int?

    /// Creates a conversion of `inputs` into `output`.
    public init(inputs: [String], output: String) {
        self.inputs = inputs
        self.output = output
    }

    /// What a conversion will do: its inputs (found in folders, expanded to tables), how
    /// they map to outputs, and the output format.
    public struct Plan: Sendable {
        /// The inputs.
        public var inputs: [ConversionInput]
        /// What the folders held besides data, and the paths that name nothing.
        public var sources: ConversionSources
        /// How inputs map to outputs.
        public var mode: Mode
        /// The output format.
        public var format: any FormatDriver

        /// How inputs map to outputs.
        public enum Mode: Sendable, Hashable {
            /// One input into one file.
            case oneFile
            /// Every input into one layer.
            case merged
            /// Several inputs into one GeoPackage, a table each.
            case tablePerInput
            /// Several inputs into a folder, a file each (named by `outputPaths`).
            case filePerInput(outputPaths: [String])
        }
    }

    /// Finds the inputs and decides how they map to outputs, without reading them.
    /// - Throws: `ConversionError` when several inputs would go into one file that is not
    ///   a GeoPackage, or spreadsheet-safe text is asked for an output that is not CSV.
    public func plan() throws(ConversionError) -> Plan {
        let sources = ConversionSources(inputs, followingSymbolicLinks: followsSymbolicLinks, csv: csv)
        let found = ConversionInput.expanding(sources.files, layer: layer, formats: sources.formats)
        let oneFile = merge || (found.count == 1 && !(inputs.first.map(ConversionSources.isFolder) ?? false) && !output.hasSuffix("/"))
        let gpkg = VectorFormat.geopackage.rawValue
        let onePackage = !merge && !oneFile && VectorFormat(fileExtensionOf: output) == .geopackage && (format == nil || format?.name == gpkg)
        if !oneFile, !onePackage, let named = VectorFormat(fileExtensionOf: output), !ConversionSources.isFolder(output) {
            let what = found.count == 1 ? "a folder" : "\(found.count) inputs (\(found.prefix(3).map(\.name).joined(separator: ", "))\(found.count > 3 ? ", …" : ""))"
            throw ConversionError(.severalInputsForOneFile, "\(what) cannot go into one \(named.rawValue) file \(output)")
        }
        let format = format ?? FormatRegistry.shared.driver(forURL: output) ?? (oneFile || onePackage ? FormatRegistry.shared.driver(forFileExtensionOf: output) : nil) ?? VectorFormat.geojson.driver
        if spreadsheetSafe && format.name != VectorFormat.csv.rawValue {
            throw ConversionError(.spreadsheetSafeNeedsCSV, "spreadsheet-safe text is for CSV output; the output here is \(format.name)")
        }
        let mode: Plan.Mode = merge ? .merged : oneFile ? .oneFile : onePackage ? .tablePerInput : .filePerInput(outputPaths: outputPaths(for: found, format: format))
        if !oneFile, !merge, format.location(output, forTable: "t") != nil {
            // A database gets a table per input, named after it (unique, as files are).
            let names = outputPaths(for: found, format: format).map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
            return Plan(inputs: found, sources: sources, mode: .filePerInput(outputPaths: names.map { format.location(output, forTable: $0) ?? output }), format: format)
        }
        return Plan(inputs: found, sources: sources, mode: mode, format: format)
    }

    /// Runs the conversion.
    /// - Parameter events: called (from any thread) with progress and what each input
    ///   did: warnings, failures, features written.
    /// - Returns: the report; failed inputs are in it, not thrown.
    /// - Throws: `ConversionError` from ``plan()``.
    @discardableResult
    public func run(events: @escaping @Sendable (ConversionEvent) -> Void = { _ in }) throws(ConversionError) -> ConversionReport {
        try run(plan(), events: events)
    }

    /// Runs a conversion as planned.
    @discardableResult
    public func run(_ plan: Plan, events: @escaping @Sendable (ConversionEvent) -> Void = { _ in }) -> ConversionReport {
        let report = ConversionReport()
        report.setInputs(plan.inputs.count)
        for file in plan.sources.ignored { report.ignore(file) }
        for path in plan.sources.missing {
            report.fail(path, ConversionError(.noSuchInput, "\(path): no such file or folder"))
            events(.failed(path, ConversionError(.noSuchInput, "\(path): no such file or folder")))
        }
        let workers = min(max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount), max(1, plan.inputs.count))
        let job = ConversionJob(conversion: self, format: plan.format, pipelined: plan.mode == .merged || plan.mode == .tablePerInput || workers == 1,
                                report: report, events: events)
        switch plan.mode {
        case .merged:
            job.merge(plan.inputs, into: output)
        case .tablePerInput:
            job.package(plan.inputs, into: output)
        case .oneFile:
            for input in plan.inputs { job.convert(input, to: output) }
        case .filePerInput(let targets):
            if !FormatRegistry.shared.isDatabaseURL(output) { try? FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true) }
            // Largest inputs first, each worker taking the next when it is free: the last
            // to finish is then a small one.
            let queue = WorkQueue(order: plan.inputs.indices.sorted { plan.inputs[$0].size > plan.inputs[$1].size })
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let index = queue.next() { job.convert(plan.inputs[index], to: targets[index]) }
            }
        }
        return report
    }

    /// One output per input in the output folder, named after the input (a table of a
    /// GeoPackage after the table); inputs with the same name (aed.csv and aed.geojson)
    /// get the input's extension added, and names that differ only by case are told apart
    /// (a case-insensitive file system would make them one file).
    func outputPaths(for inputs: [ConversionInput], format: any FormatDriver) -> [String] {
        let fileExtension = format.fileExtensions.first ?? format.name
        var used: Set<String> = []
        return inputs.map { input in
            var target = output + "/" + input.baseName + "." + fileExtension
            if used.contains(target.lowercased()) {
                target = output + "/" + input.baseName + "_" + ConversionInput.fileNameComponent((input.path as NSString).pathExtension) + "." + fileExtension
            }
            var n = 2
            while used.contains(target.lowercased()) {
                target = output + "/" + input.baseName + "_\(n)." + fileExtension
                n += 1
            }
            used.insert(target.lowercased())
            return target
        }
    }
}

/// A change to each batch of features on the way through a ``Conversion``, supplied as
/// a value so that GeoFormats needs no module that makes it (repairing geometries with
/// GEOS comes from `GeoKit`: `MakeValidStep`).
public protocol ConversionStep: Sendable {
    /// Changes the batch in place.
    /// - Returns: how many features it changed (reported as repaired).
    /// - Throws: any error; the input then fails.
    func apply(to batch: inout [Feature]) throws -> Int
}

/// What a conversion tells while it runs.
public enum ConversionEvent: Sendable {
    /// What the reader of an input noticed, with positions.
    case readWarnings(input: String, [ReadWarning])
    /// What the output's format made the writer change (names shortened for dBase…).
    case outputWarnings(output: String, [String])
    /// Something the user should know that is not an error.
    case warning(ConversionWarning)
    /// An input or output failed; the others go on.
    case failed(String, any Error)
    /// An input is reprojected: from which CRS to which, by which PROJ operation.
    case reprojecting(input: String, source: String, target: String, operation: String)
    /// More features were written.
    case wroteFeatures(Int)
    /// An input is done (converted or failed).
    case finished(ConversionInput)
}

/// A warning of a conversion, with a code for callers that add their own advice.
public struct ConversionWarning: Sendable, Hashable, CustomStringConvertible {
    /// Kinds of warnings.
    public enum Code: String, Sendable, Hashable {
        /// A GeoJSON text sequence is written in a CRS other than WGS 84, which the format
        /// cannot say.
        case sequenceNotInWGS84
        /// A feature that could not be reprojected was left out.
        case featureLeftOut
    }
    /// The kind.
    public var code: Code
    /// What happened, naming the file and the feature.
    public var message: String
    public var description: String { message }
}

/// A conversion that cannot be done as asked, or an input that cannot be converted.
public struct ConversionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Kinds of conversion failures, for callers that add their own advice.
    public enum Code: String, Sendable, Hashable {
        /// Several inputs and an output that names one file of a format without tables.
        case severalInputsForOneFile
        /// Spreadsheet-safe text asked for an output that is not CSV.
        case spreadsheetSafeNeedsCSV
        /// An input path that names nothing.
        case noSuchInput
        /// An input that does not say its CRS, with reprojection asked and no source CRS.
        case unknownSourceCRS
        /// A feature that cannot be reprojected.
        case reprojectionFailed
        /// The filter or the field selection names a field the input does not have.
        case unknownField
        /// No input could be converted into a GeoPackage of several tables.
        case nothingConverted
        /// An input of a merge failed after the output was begun: nothing was written.
        case mergeAbandoned
    }
    /// The kind.
    public var code: Code
    /// What is wrong, naming the input.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
