import ArgumentParser
import Foundation
import GeoKit

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert files or folders of open data between GeoJSON, GeoJSON text sequences and CSV, optionally reprojecting.",
        discussion: """
            Inputs are files or folders (searched recursively for .geojson, .json, .geojsonl, \
            .csv). With one input (or --merge) OUTPUT is a file; otherwise it is a folder that \
            gets one file per input. A bad input is reported with its position and the others \
            are still converted; the exit status is then 1. Outputs are written under a \
            temporary name and renamed when complete.
            Examples: geokit convert aed.csv -o aed.geojson --t-srs EPSG:25832
                      geokit convert opendata/ -o out/ --to geojson --overwrite
            """
    )

    @Argument(help: "Input files or folders.") var inputs: [String]
    @Option(name: .shortAndLong, help: "Output file or folder.") var output: String
    @Option(help: "Output format: geojson, geojsonseq or csv (default: from the output's extension, else geojson).") var to: String?
    @Option(name: .customLong("t-srs"), help: "Reproject to this CRS.") var targetCRS: String?
    @Option(name: .customLong("s-srs"), help: "The inputs' CRS, when the files do not say it (or say it wrong).") var sourceCRS: String?
    @Flag(help: "Merge all inputs into one layer, with a source_file field.") var merge = false
    @Option(help: "Keep only these fields (comma-separated).") var select: String?
    @Option(help: "Keep features matching FIELD=VALUE, FIELD!=VALUE, FIELD>NUMBER or FIELD<NUMBER.") var `where`: String?
    @Option(help: "CSV input: the x column.") var xColumn: String?
    @Option(help: "CSV input: the y column.") var yColumn: String?
    @Option(help: "CSV input: the text encoding (utf-8, windows-1252, iso-8859-1).") var encoding: String?
    @Flag(help: "Replace existing outputs.") var overwrite = false
    @Flag(help: "Print a JSON report.") var json = false

    func validate() throws {
        if let to, VectorFormat(rawValue: to) == nil { throw ValidationError("--to must be geojson, geojsonseq or csv") }
        if let encoding, TextEncoding(name: encoding) == nil { throw ValidationError("unknown --encoding \"\(encoding)\"") }
        if let filter = `where`, FeatureFilter(filter) == nil { throw ValidationError("--where must be FIELD=VALUE, FIELD!=VALUE, FIELD>NUMBER or FIELD<NUMBER") }
    }

    struct Report: Encodable {
        var inputs = 0
        var outputs: [String] = []
        var featuresRead = 0
        var featuresWritten = 0
        var skippedByFilter = 0
        var withoutGeometry = 0
        var failed: [String] = []
    }

    func run() throws {
        var report = Report()
        let files = expand(inputs, report: &report)
        report.inputs = files.count
        let singleOutput = merge || (files.count == 1 && !(inputs.first.map(isDirectory) ?? false) && !output.hasSuffix("/"))
        let format = to.flatMap(VectorFormat.init(rawValue:)) ?? (singleOutput ? VectorFormat(fileExtensionOf: output) : nil) ?? .geojson
        var csvOptions = CSV.ReadOptions(xColumn: xColumn, yColumn: yColumn)
        csvOptions.encoding = encoding.flatMap(TextEncoding.init(name:))
        var merged: [Feature] = []
        var mergedCRS: CRSReference?
        if !singleOutput { try? FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true) }
        for file in files {
            do {
                let inputFormat = VectorFormat.detect(path: file)
                if !merge, inputFormat == .geojson || inputFormat == .geojsonSeq {
                    // GeoJSON streams through with flat memory, whatever its size.
                    var target = singleOutput ? output : output + "/" + ((file as NSString).lastPathComponent as NSString).deletingPathExtension + "." + format.fileExtension
                    if report.outputs.contains(target) {
                        target = (target as NSString).deletingPathExtension + "_" + (file as NSString).pathExtension + "." + format.fileExtension
                    }
                    try stream(file, sequence: inputFormat == .geojsonSeq, to: target, format: format, report: &report)
                    report.outputs.append(target)
                    continue
                }
                var layer = try prepare(file, options: csvOptions, report: &report)
                if merge {
                    if let crs = mergedCRS, crs != layer.crs, let c = layer.crs {
                        layer = try Transformer.cached(from: c.identifier, to: crs.identifier).transform(layer)
                    }
                    mergedCRS = mergedCRS ?? layer.crs
                    let name = (file as NSString).lastPathComponent
                    merged += layer.features.map { f in
                        var g = f
                        g.properties["source_file"] = .string(name)
                        return g
                    }
                    continue
                }
                var target = singleOutput ? output : output + "/" + ((file as NSString).lastPathComponent as NSString).deletingPathExtension + "." + format.fileExtension
                if report.outputs.contains(target) {
                    // Two inputs with the same name (aed.csv and aed.geojson): keep both.
                    let base = (target as NSString).deletingPathExtension
                    target = base + "_" + (file as NSString).pathExtension + "." + format.fileExtension
                }
                try LayerIO.write(layer, toPath: target, format: format, overwrite: overwrite)
                report.outputs.append(target)
                report.featuresWritten += layer.features.count
            } catch {
                printError("geokit convert: \(error)")
                report.failed.append(file)
            }
        }
        if merge {
            do {
                let layer = Layer(name: ((output as NSString).lastPathComponent as NSString).deletingPathExtension, crs: mergedCRS, features: merged)
                try LayerIO.write(layer, toPath: output, format: format, overwrite: overwrite)
                report.outputs.append(output)
                report.featuresWritten = merged.count
            } catch {
                printError("geokit convert: \(error)")
                report.failed.append(output)
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            printError("geokit convert: \(report.inputs) inputs, \(report.featuresRead) features read, \(report.featuresWritten) written to \(report.outputs.count) files"
                + (report.skippedByFilter > 0 ? ", \(report.skippedByFilter) left out by --where" : "")
                + (report.withoutGeometry > 0 ? ", \(report.withoutGeometry) without geometry (kept)" : "")
                + (report.failed.isEmpty ? "" : ", \(report.failed.count) failed"))
        }
        if !report.failed.isEmpty || files.isEmpty { throw ExitCode(1) }
    }

    /// Applies --where and --select to one feature; nil when --where drops it.
    func kept(_ f: Feature) -> Feature? {
        if let filterText = `where`, let filter = FeatureFilter(filterText), !filter.matches(f) { return nil }
        guard let select else { return f }
        let keep = select.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var g = f
        g.properties = JSONObject(keep.compactMap { k in f.properties[k].map { (k, $0) } })
        return g
    }

    /// The transformer for --t-srs from a file's CRS (after --s-srs), or nil.
    func transformer(for crs: CRSReference, file: String) throws -> Transformer? {
        guard let targetCRS else { return nil }
        let source = sourceCRS.map(CRSReference.init(parsing:)) ?? crs
        return try Transformer.cached(from: source.identifier, to: targetCRS)
    }

    /// Converts a GeoJSON file feature by feature in batches: memory stays flat.
    /// CSV output needs its columns first, so the file is read twice.
    func stream(_ file: String, sequence: Bool, to target: String, format: VectorFormat, report: inout Report) throws {
        let outputCRS = try targetCRS.map { try CRS($0).reference }
        var before = 0, written = 0, withoutGeometry = 0
        if format == .csv {
            var scan = try GeoJSONFeatureReader(path: file, sequence: sequence)
            var schema = FieldSchemaBuilder()
            var pointsOnly = true
            while let f = try scan.next() {
                guard let g = kept(f) else { continue }
                schema.add(g.properties)
                if let geometry = g.geometry, geometry.type != .point { pointsOnly = false }
            }
            var source = FeatureBatches(reader: try GeoJSONFeatureReader(path: file, sequence: sequence), keep: kept)
            var writer = try CSVFeatureWriter(path: target, fields: schema.fields.map(\.name), geometry: pointsOnly ? .xy : .wkt, overwrite: overwrite)
            while let batch = try source.next() {
                for f in try move(batch, crs: source.reader.crs, file: file) { try writer.write(f) }
                written += batch.count
            }
            try writer.finish()
            (before, withoutGeometry) = (source.read, source.withoutGeometry)
        } else {
            var source = FeatureBatches(reader: try GeoJSONFeatureReader(path: file, sequence: sequence), keep: kept)
            // The first feature is read before the writer opens: by then the reader knows
            // the file's CRS (the legacy crs member comes first), which the output keeps.
            try source.peek()
            let crs = outputCRS ?? sourceCRS.map(CRSReference.init(parsing:)) ?? source.reader.crs
            if format == .geojsonSeq, !crs.isWGS84Geographic {
                printError("geokit convert: warning: \(target): GeoJSON text sequences carry no CRS, and these coordinates are in \(crs.identifier); add --t-srs EPSG:4326 or write .geojson")
            }
            var writer = try GeoJSONFeatureWriter(path: target, layerName: source.reader.layerName, crs: crs,
                                                  style: format == .geojsonSeq ? .textSequence : .featureCollection, overwrite: overwrite)
            while let batch = try source.next() {
                for f in try move(batch, crs: source.reader.crs, file: file) { try writer.write(f) }
                written += batch.count
            }
            try writer.finish()
            (before, withoutGeometry) = (source.read, source.withoutGeometry)
        }
        report.featuresRead += before
        report.featuresWritten += written
        report.skippedByFilter += before - written
        report.withoutGeometry += withoutGeometry
    }

    /// Reprojects one batch when --t-srs asks for it.
    func move(_ batch: [Feature], crs: CRSReference, file: String) throws -> [Feature] {
        guard !batch.isEmpty, let t = try transformer(for: crs, file: file) else { return batch }
        return try t.transform(Layer(name: "", features: batch, fields: [])).features
    }

    func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    func expand(_ paths: [String], report: inout Report) -> [String] {
        var files: [String] = []
        for path in paths {
            if isDirectory(path) {
                let found = (FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? [])
                    .filter { VectorFormat(fileExtensionOf: $0) != nil }.sorted()
                files += found.map { path + "/" + $0 }
            } else if FileManager.default.fileExists(atPath: path) {
                files.append(path)
            } else {
                printError("geokit convert: \(path): no such file or folder")
                report.failed.append(path)
            }
        }
        return files
    }

    func prepare(_ file: String, options: CSV.ReadOptions, report: inout Report) throws -> Layer {
        var reading = try LayerIO.read(path: file, csv: options)
        for w in reading.warnings.prefix(5) { printError("geokit convert: \(w)") }
        report.featuresRead += reading.layer.features.count
        report.withoutGeometry += reading.featuresWithoutGeometry
        if let sourceCRS { reading.layer.crs = CRSReference(parsing: sourceCRS) }
        var layer = reading.layer
        let before = layer.features.count
        layer.features = layer.features.compactMap(kept)
        report.skippedByFilter += before - layer.features.count
        if let targetCRS {
            guard let source = layer.crs else { throw CLIError("\(file): the file does not say its CRS; give --s-srs") }
            layer = try Transformer.cached(from: source.identifier, to: targetCRS).transform(layer)
        }
        layer.fields = FieldSchemaBuilder.infer(from: layer.features)
        return layer
    }
}

/// `--where FIELD=VALUE` and friends.
struct FeatureFilter {
    let field: String
    let op: String
    let value: String

    init?(_ text: String) {
        for op in ["!=", ">=", "<=", "=", ">", "<"] {
            if let range = text.range(of: op) {
                field = String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
                value = String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces)
                self.op = op
                if field.isEmpty { return nil }
                if ["<", ">", "<=", ">="].contains(op), Double(value) == nil { return nil }
                return
            }
        }
        return nil
    }

    func matches(_ feature: Feature) -> Bool {
        let v = feature.properties[field] ?? .null
        let text: String = switch v {
        case .string(let s): s
        case .integer(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): String(b)
        default: ""
        }
        switch op {
        case "=": return text == value
        case "!=": return text != value
        default:
            guard let number = v.doubleValue, let limit = Double(value) else { return false }
            switch op {
            case ">": return number > limit
            case "<": return number < limit
            case ">=": return number >= limit
            default: return number <= limit
            }
        }
    }
}

/// Features of a GeoJSON reader in batches, after --where/--select, counting what was read.
struct FeatureBatches: ~Copyable {
    var reader: GeoJSONFeatureReader
    let keep: (Feature) -> Feature?
    private var pending: Feature?
    private var exhausted = false
    private(set) var read = 0
    private(set) var withoutGeometry = 0

    init(reader: consuming GeoJSONFeatureReader, keep: @escaping (Feature) -> Feature?) {
        self.reader = reader
        self.keep = keep
    }

    /// Reads one feature ahead (so that the reader has seen the file's CRS).
    mutating func peek() throws {
        if pending == nil && !exhausted {
            pending = try reader.next()
            if pending == nil { exhausted = true }
        }
    }

    /// The next batch of up to `size` kept features; nil when the input is done.
    mutating func next(size: Int = 10_000) throws -> [Feature]? {
        if exhausted && pending == nil { return nil }
        var batch: [Feature] = []
        while batch.count < size {
            let f: Feature
            if let p = pending {
                f = p
                pending = nil
            } else if !exhausted, let n = try reader.next() {
                f = n
            } else {
                exhausted = true
                break
            }
            read += 1
            if f.geometry == nil { withoutGeometry += 1 }
            if let g = keep(f) { batch.append(g) }
        }
        return batch.isEmpty && exhausted ? nil : batch
    }
}
