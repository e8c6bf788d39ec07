import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GeoKit

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
            Examples: geokit convert aed.csv -o aed.gpkg --t-srs EPSG:25832
                      geokit convert opendata/ -o out/ --to gpkg --jobs 2 --overwrite
            """
    )

    @Argument(help: "Input files or folders.") var inputs: [String]
    @Option(name: .shortAndLong, help: "Output file or folder.") var output: String
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
        if let to, VectorFormat(rawValue: to) == nil { throw ValidationError("--to must be gpkg, shp, geojson, geojsonseq or csv") }
        if let encoding, TextEncoding(name: encoding) == nil { throw ValidationError("unknown --encoding \"\(encoding)\"") }
        if let filter = `where` {
            do { _ = try FeaturePredicate(parsing: filter) } catch { throw ValidationError("--where: \(error)\n  \(filter)\n  \(String(repeating: " ", count: error.column - 1))^") }
        }
        if let select, select.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("--select: an empty field name in \"\(select)\"")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let targetCRS, (try? CRS(targetCRS)) == nil { throw ValidationError("--t-crs: PROJ does not know \"\(targetCRS)\"") }
        if let sourceCRS, (try? CRS(sourceCRS)) == nil { throw ValidationError("--s-crs: PROJ does not know \"\(sourceCRS)\"") }
    }

    func run() throws {
        messages.apply()
        let report = ConvertReport()
        let sources = ConvertInput.expanding(expand(inputs, report: report), layer: layer)
        report.inputs = sources.count
        let singleOutput = merge || (sources.count == 1 && !(inputs.first.map(isDirectory) ?? false) && !output.hasSuffix("/"))
        // Several inputs into one `.gpkg`: a table per input.
        let onePackage = !merge && !singleOutput && VectorFormat(fileExtensionOf: output) == .geopackage && (to == nil || to == "gpkg")
        if !singleOutput, !onePackage, let named = VectorFormat(fileExtensionOf: output), !isDirectory(output) {
            // Several inputs and an output that names one file: say so rather than make a
            // folder of that name.
            let what = sources.count == 1 ? "a folder" : "\(sources.count) inputs (\(sources.prefix(3).map(\.name).joined(separator: ", "))\(sources.count > 3 ? ", …" : ""))"
            printError("geokit convert: \(what) cannot go into one \(named.rawValue) file \(output); give an output folder, a .gpkg (a table each) or --merge")
            throw ExitCode(2)
        }
        let format = to.flatMap(VectorFormat.init(rawValue:)) ?? (singleOutput || onePackage ? VectorFormat(fileExtensionOf: output) : nil) ?? .geojson
        if csvSafe && format != .csv {
            printError("geokit convert: --csv-safe is for CSV output; the output here is \(format.rawValue)")
            throw ExitCode(2)
        }
        let workers = min(max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount), max(1, sources.count))
        let job = ConvertJob(options: self, format: format, pipelined: merge || onePackage || workers == 1)
        let progress = Progress(inputs: sources, enabled: !json && isatty(2) != 0)
        if merge {
            job.merge(sources, into: output, report: report, progress: progress)
        } else if onePackage {
            job.package(sources, into: output, report: report, progress: progress)
        } else {
            if !singleOutput { try? FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true) }
            let targets = singleOutput ? [output] : outputNames(for: sources, format: format)
            // Largest inputs first, each worker taking the next when it is free: the last
            // to finish is then a small one.
            let queue = WorkQueue(order: sources.indices.sorted { sources[$0].size > sources[$1].size })
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let index = queue.next() {
                    job.convert(sources[index], to: targets[index], report: report, progress: progress)
                }
            }
        }
        progress.stop()
        if json || !messages.quiet { report.print(json: json) }
        if !report.failed.isEmpty || sources.isEmpty { throw ExitCode(1) }
    }

    /// One output per input in the output folder, named after the input (a table of a
    /// GeoPackage after the table); inputs with the same name (aed.csv and aed.geojson)
    /// get the input's extension added.
    /// Names that differ only by case are told apart too (a case-insensitive file system
    /// would make them one file).
    func outputNames(for sources: [ConvertInput], format: VectorFormat) -> [String] {
        var used: Set<String> = []
        return sources.map { source in
            var target = output + "/" + source.baseName + "." + format.fileExtension
            if used.contains(target.lowercased()) {
                target = output + "/" + source.baseName + "_" + ConvertInput.fileNameComponent((source.path as NSString).pathExtension) + "." + format.fileExtension
            }
            var n = 2
            while used.contains(target.lowercased()) {
                target = output + "/" + source.baseName + "_\(n)." + format.fileExtension
                n += 1
            }
            used.insert(target.lowercased())
            return target
        }
    }

    /// The files a shell pattern matches, sorted.
    static func glob(_ pattern: String) -> [String] {
        var matches = glob_t()
        defer { globfree(&matches) }
        guard Glibc.glob(pattern, 0, nil, &matches) == 0 else { return [] }
        return (0..<Int(matches.gl_pathc)).compactMap { matches.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }

    /// Why a file in a folder is passed over (a zip with no shapefile, a file that is no
    /// zip), or `nil` when it is read: also a damaged archive, so that it fails with its
    /// error instead of being passed over.
    static func unreadableReason(_ path: String) -> String? {
        do {
            _ = try VectorFormat.identify(path: path)
            return nil
        } catch {
            // A damaged archive is a failed input, not one to pass over.
            return error.format == "zip" ? nil : error.message
        }
    }

    func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    func expand(_ paths: [String], report: ConvertReport) -> [String] {
        var files: [String] = []
        for path in paths {
            if isDirectory(path) {
                let found = (FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? [])
                    .filter { !($0 as NSString).lastPathComponent.hasPrefix(".") }
                    .filter { VectorFormat(fileExtensionOf: $0) != nil || $0.lowercased().hasSuffix(".zip") }
                    .sorted()
                    .map { path + "/" + $0 }
                // What a folder holds besides data is named in the summary, neither failed
                // nor silently passed over: .txt notes (licence, README) that do not read
                // as a table with coordinates, .zip files without a layer, symbolic links
                // (which may point anywhere) unless --follow-symlinks.
                for file in found {
                    let lower = file.lowercased()
                    if !followSymlinks, (try? FileManager.default.destinationOfSymbolicLink(atPath: file)) != nil {
                        report.ignore(file, because: "a symbolic link; --follow-symlinks reads it")
                    } else if lower.hasSuffix(".txt"), (try? CSVReader(path: file, options: csvOptions)) == nil {
                        report.ignore(file, because: "no table with coordinates")
                    } else if lower.hasSuffix(".zip"), let reason = Self.unreadableReason(file) {
                        report.ignore(file, because: reason)
                    } else {
                        files.append(file)
                    }
                }
            } else if FileManager.default.fileExists(atPath: path) {
                files.append(path)
            } else if path.contains(where: { "*?[".contains($0) }), !Self.glob(path).isEmpty {
                // A quoted pattern the shell did not expand: 'opendata/*.csv'.
                files += Self.glob(path)
            } else {
                printError("geokit convert: \(path): no such file or folder")
                report.fail(path)
            }
        }
        return files
    }
}
