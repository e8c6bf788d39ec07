import Foundation
import GeoKit

/// The conversion of one input (or of all inputs with --merge) through the streaming
/// sources and sinks of GeoFormats: read a batch, filter, repair, reproject, write.
struct ConvertJob: @unchecked Sendable {
    let options: ConvertCommand
    let format: VectorFormat
    let filter: FeaturePredicate?
    let selected: [String]?
    /// --csv-safe, read once: an argument's property wrapper costs on every feature.
    let csvSafe: Bool
    let batchSize = 10_000
    /// Whether each file is read on a thread of its own while the calling thread writes.
    /// Worth it when files are converted one at a time; with several jobs the jobs
    /// already fill the cores, and the extra threads only contend.
    let pipelined: Bool

    init(options: ConvertCommand, format: VectorFormat, pipelined: Bool = true) {
        self.options = options
        self.format = format
        self.pipelined = pipelined
        filter = options.where.flatMap { try? FeaturePredicate(parsing: $0) }
        selected = options.select.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        csvSafe = options.csvSafe
    }

    /// Opens an input in its detected format.
    func open(_ input: ConvertInput) throws -> any FeatureSource {
        let inputFormat = try VectorFormat.identify(path: input.path)
        let source = try inputFormat.openSource(path: input.path, layer: input.layer ?? options.layer, csv: options.csvOptions)
        // With --s-crs the file's own CRS member does not label anything, wherever it stands.
        if options.sourceCRS != nil { (source as? GeoJSONSource)?.acceptsLateCRS = true }
        return source
    }

    /// --where and --select on one feature (nil when --where drops it). For table outputs
    /// a GeoJSON feature's id becomes an `id` field, so that it is not lost.
    func kept(_ feature: Feature, idAsField: Bool) -> Feature? {
        if let filter, !filter.matches(feature) { return nil }
        var f = feature
        if idAsField, let id = f.id, f.properties["id"] == nil {
            switch id {
            case .string(let s): f.properties["id"] = .string(s)
            case .integer(let i): f.properties["id"] = .integer(i)
            case .double(let d): f.properties["id"] = .double(d)
            }
        }
        guard let selected else { return f }
        f.properties = JSONObject(selected.compactMap { k in f.properties[k].map { (k, $0) } })
        return f
    }

    /// What the output's columns are: the declared schema (after --select) when the input
    /// has one; otherwise every writer grows its columns as features arrive, so no input is
    /// read twice.
    func describe(_ source: any FeatureSource) throws -> LayerDescription {
        if let declared = source.declaredFields {
            // A field that --where or --select names and the input does not have is a
            // mistake, not an empty result.
            let known = Set(declared.map(\.name))
            let named = (filter?.fieldNames ?? []) + (selected ?? [])
            if let unknown = named.first(where: { !known.contains($0) }) {
                throw CLIError("\(source.layerName): no field \"\(unknown)\" (fields: \(declared.map(\.name).joined(separator: ", ")))")
            }
        }
        var fields = source.declaredFields ?? []
        if let selected { fields = selected.compactMap { name in fields.first { $0.name == name } } }
        var description = LayerDescription(name: source.layerName, crs: source.crs, fields: fields)
        description.hasGeometry = source.hasGeometry
        // A CSV keeps its coordinate columns' names (not when reprojected: then they lie).
        if options.targetCRS == nil { description.coordinateColumnNames = (source as? CSVReader)?.coordinateColumnNames }
        // Without declared fields, the output grows its columns as features arrive.
        description.fieldsMayGrow = source.declaredFields == nil
        return description
    }

    /// The transformer from an input's CRS to --t-crs, or nil.
    func transformer(from crs: CRSReference?, input: ConvertInput) throws -> Transformer? {
        guard let target = options.targetCRS else { return nil }
        if let given = options.sourceCRS { return try Transformer.cached(from: given, to: target) }
        guard let declared = crs else {
            throw CLIError("\(input.name): the file does not say its CRS; give --s-crs")
        }
        return try Transformer.cached(from: declared, to: target)
    }

    /// Converts one input into one output.
    func convert(_ input: ConvertInput, to target: String, report: ConvertReport, progress: Progress) {
        convert(input, named: target, report: report, progress: progress) { description in
            try format.makeSink(path: target, layer: description, overwrite: options.overwrite)
        }
    }

    /// Converts one input into a sink that `makeSink` creates once the layer is described;
    /// a layer of a GeoPackage with several is discarded when its input fails.
    func convert(_ input: ConvertInput, named target: String, report: ConvertReport, progress: Progress,
                 makeSink: (LayerDescription) throws -> any FeatureSink) {
        var opened: (any FeatureSink)?
        let start = Date()
        do {
            let source = try open(input)
            let idAsField = format.isTable && source.declaredFields == nil
            // The first feature is read before the output opens: by then a GeoJSON reader
            // knows the file's CRS (the legacy crs member comes first).
            let first = try source.next()
            var description = try describe(source)
            let inputCRS = options.sourceCRS.map(CRSReference.init(parsing:)) ?? source.crs
            let move = try transformer(from: inputCRS, input: input)
            description.crs = try options.targetCRS.map { try CRS($0).reference } ?? inputCRS
            if format == .geojsonSeq, let crs = description.crs, !crs.isWGS84Geographic {
                printError("geokit convert: warning: \(target): GeoJSON text sequences carry no CRS, and these coordinates are in \(crs.identifier); add --t-crs EPSG:4326 or write .geojson")
            }
            let sink = try makeSink(description)
            opened = sink
            var counts = Counts()
            var pending = first
            try pump(source, named: input.name, first: &pending, into: sink, move: move, idAsField: idAsField, counts: &counts, progress: progress) { $0 }
            try sink.finish()
            WarningOutput.report(source.warnings, command: "convert")
            record(counts, of: sink, at: target, from: [input], since: start, in: report)
        } catch {
            printError("geokit convert: \(cliMessage(for: error))")
            report.fail(input.name)
            if let layer = opened as? GeoPackageLayerSink { try? layer.discard() }
        }
        progress.finished(input)
    }

    /// Converts every input into one GeoPackage, one table per input (named after the
    /// file); a bad input leaves no table behind and the others are kept.
    func package(_ inputs: [ConvertInput], into target: String, report: ConvertReport, progress: Progress) {
        let writer: GeoPackageWriter
        do { writer = try GeoPackageWriter(path: target, overwrite: options.overwrite) } catch {
            printError("geokit convert: \(cliMessage(for: error))")
            report.fail(target)
            return
        }
        var names: Set<String> = []
        for input in inputs {
            convert(input, named: target, report: report, progress: progress) { description in
                var layer = description
                var name = layer.name.isEmpty ? "layer" : layer.name
                var n = 2
                while names.contains(name.lowercased()) {
                    name = "\(layer.name)_\(n)"
                    n += 1
                }
                names.insert(name.lowercased())
                layer.name = name
                return try writer.layerSink(for: layer)
            }
        }
        // No input made it: no GeoPackage without layers is left behind (the unfinished
        // writer removes its temporary file).
        guard writer.layerCount > 0 else {
            printError("geokit convert: \(target): not written, no input could be converted")
            return
        }
        do { try writer.finish() } catch {
            printError("geokit convert: \(cliMessage(for: error))")
            report.fail(target)
        }
    }

    /// Merges every input into one output layer with a `source_file` field; inputs in
    /// another CRS are reprojected to the first input's (or to --t-crs).
    func merge(_ inputs: [ConvertInput], into target: String, report: ConvertReport, progress: Progress) {
        // The inputs' fields in first-seen order, each with the type that holds them all.
        let start = Date()
        var names: [String] = []
        var types: [String: FieldType] = [:]
        var crs: CRSReference?
        var usable: [ConvertInput] = []
        for input in inputs {
            do {
                let source = try open(input)
                // The first feature: by then a GeoJSON reader knows the file's CRS.
                _ = try source.next()
                let description = try describe(source)
                let fileCRS = options.sourceCRS.map(CRSReference.init(parsing:)) ?? source.crs
                crs = crs ?? fileCRS
                for field in description.fields {
                    if types[field.name] == nil { names.append(field.name) }
                    types[field.name] = (types[field.name] ?? .null).widened(with: field.type)
                }
                usable.append(input)
            } catch {
                printError("geokit convert: \(cliMessage(for: error))")
                report.fail(input.name)
            }
        }
        if types["source_file"] == nil { names.append("source_file") }
        types["source_file"] = .string
        do {
            let outputCRS = try options.targetCRS.map { try CRS($0).reference } ?? crs
            let name = ((target as NSString).lastPathComponent as NSString).deletingPathExtension
            var description = LayerDescription(name: name, crs: outputCRS, fields: names.map { Field(name: $0, type: types[$0]!) })
            description.fieldsMayGrow = true
            let sink = try format.makeSink(path: target, layer: description, overwrite: options.overwrite)
            var counts = Counts()
            for input in usable {
                do {
                    let source = try open(input)
                    let idAsField = format.isTable && source.declaredFields == nil
                    var first = try source.next()
                    let inputCRS = options.sourceCRS.map(CRSReference.init(parsing:)) ?? source.crs
                    var move: Transformer?
                    if let outputCRS, let inputCRS, inputCRS != outputCRS {
                        move = try options.sourceCRS != nil ? Transformer.cached(from: inputCRS.identifier, to: outputCRS.identifier)
                            : Transformer.cached(from: inputCRS, to: outputCRS.identifier)
                    }
                    // The file's name, and the table's after a colon when it has several.
                    let label = JSONValue.string((input.name as NSString).lastPathComponent)
                    try pump(source, named: input.name, first: &first, into: sink, move: move, idAsField: idAsField, counts: &counts, progress: progress) { f in
                        var g = f
                        g.properties["source_file"] = label
                        return g
                    }
                } catch {
                    // The output would silently miss this input's features: fail it whole.
                    throw CLIError("\(error) (nothing was written to \(target))")
                }
                progress.finished(input)
            }
            try sink.finish()
            record(counts, of: sink, at: target, from: usable, since: start, in: report)
        } catch {
            printError("geokit convert: \(cliMessage(for: error))")
            report.fail(target)
        }
    }

    /// Reports a finished output: what the format changed, and the counts.
    func record(_ counts: Counts, of sink: any FeatureSink, at target: String, from inputs: [ConvertInput], since start: Date,
                in report: ConvertReport) {
        if WarningOutput.level != .none { for w in sink.warnings { printError("geokit convert: \(target): warning: \(w)") } }
        report.add(output: target, inputs: inputs.map(\.name), seconds: Date().timeIntervalSince(start), read: counts.read, written: counts.written,
                   skipped: counts.read - counts.written - counts.failed, withoutGeometry: counts.withoutGeometry, repaired: counts.repaired,
                   failedToReproject: counts.failed)
    }

    struct Counts {
        var read = 0, written = 0, withoutGeometry = 0, repaired = 0, failed = 0
    }

    /// Reads the source in batches, filters, repairs and reprojects each batch, and writes it.
    func pump(_ source: any FeatureSource, named name: String, first: inout Feature?, into sink: any FeatureSink, move: Transformer?, idAsField: Bool,
              counts: inout Counts, progress: Progress, label: @escaping (Feature) -> Feature) throws {
        let reader = Handover(value: ReaderState(source: source, name: name, first: first, label: label, move: move, idAsField: idAsField))
        if source.declaredFields == nil { reader.value.unseenFields = Set((filter?.fieldNames ?? []) + (selected ?? [])) }
        first = nil
        func write(_ batch: [Feature], counts: inout Counts) throws {
            for f in batch { try sink.write(f) }
            counts.written += batch.count
            progress.add(features: batch.count)
        }
        if pipelined {
            let pipeline = BatchPipeline { pipeline in try produce(reader.value) { pipeline.put($0) } }
            do {
                while let batch = try pipeline.take() { try write(batch, counts: &counts) }
            } catch {
                pipeline.cancelAndWait()
                throw error
            }
            pipeline.cancelAndWait()
        } else {
            var written = Counts()
            try produce(reader.value) { batch in
                try write(batch, counts: &written)
                return true
            }
            counts.written += written.written
        }
        counts.read += reader.value.counts.read
        counts.withoutGeometry += reader.value.counts.withoutGeometry
        counts.repaired += reader.value.counts.repaired
        counts.failed += reader.value.counts.failed
        // A field that no feature has is a mistake (as for inputs that declare their
        // fields): the output is not finished.
        if !reader.value.unseenFields.isEmpty {
            throw CLIError("\(name): no feature has a field \(reader.value.unseenFields.sorted().map { "\"\($0)\"" }.joined(separator: ", ")), which --where or --select names")
        }
    }

    /// What the reader thread owns while it runs; the writer reads `counts` afterwards.
    final class ReaderState {
        let source: any FeatureSource
        /// The input as messages name it.
        let name: String
        var first: Feature?
        let label: (Feature) -> Feature
        let move: Transformer?
        let idAsField: Bool
        var counts = Counts()
        /// The fields --where and --select name that no feature has had yet (checked only
        /// for inputs without a declared schema, whose fields are known only by reading).
        var unseenFields: Set<String> = []

        init(source: any FeatureSource, name: String, first: Feature?, label: @escaping (Feature) -> Feature, move: Transformer?, idAsField: Bool) {
            self.source = source
            self.name = name
            self.first = first
            self.label = label
            self.move = move
            self.idAsField = idAsField
        }
    }

    /// The reader stage: batches read, filtered, repaired and reprojected, each handed to
    /// `deliver`, which returns false when the writer gave up.
    func produce(_ state: ReaderState, deliver: ([Feature]) throws -> Bool) throws {
        var done = false
        while !done {
            var batch: [Feature] = []
            batch.reserveCapacity(batchSize)
            // The index in the input of each feature kept, for messages: counted from the
            // batch's first when nothing is filtered out, listed when --where drops some.
            let firstIndex = state.counts.read
            var inputIndices: [Int] = []
            while batch.count < batchSize {
                let next: Feature?
                if let f = state.first {
                    next = f
                    state.first = nil
                } else {
                    next = try state.source.next()
                }
                guard let f = next else {
                    done = true
                    break
                }
                state.counts.read += 1
                if f.geometry == nil { state.counts.withoutGeometry += 1 }
                if !state.unseenFields.isEmpty { state.unseenFields = state.unseenFields.filter { f.properties[$0] == nil } }
                if let g = kept(f, idAsField: state.idAsField) {
                    batch.append(state.label(g))
                    if filter != nil { inputIndices.append(state.counts.read - 1) }
                }
            }
            if csvSafe {
                for i in batch.indices { batch[i].properties = CSV.spreadsheetSafe(batch[i].properties).properties }
            }
            if options.makeValid { batch = try repaired(batch, counts: &state.counts) }
            if let move = state.move, !batch.isEmpty {
                let moved: Transformer.FeatureTransform
                let inputIndex = { (i: Int) in filter == nil ? firstIndex + i : inputIndices[i] }
                do { moved = try move.transform(batch, skippingFailures: options.skipFailures) } catch {
                    let index = error.positionIndex.map(inputIndex)
                    throw CLIError("\(state.name): feature \(index.map(String.init) ?? "?"): \(error)\(options.skipFailures ? "" : " (--skip-failures leaves such features out)")")
                }
                for failure in moved.failures.prefix(5) {
                    printError("geokit convert: \(state.name): feature \(inputIndex(failure.index)) left out: \(failure.error)")
                }
                if moved.failures.count > 5 { printError("geokit convert: \(state.name): … and \(moved.failures.count - 5) more features left out") }
                state.counts.failed += moved.failures.count
                batch = moved.features
            }
            if !batch.isEmpty, try !deliver(batch) { return }
        }
    }

    /// --make-valid: invalid geometries repaired with GEOS (structure method, keeping area).
    func repaired(_ batch: [Feature], counts: inout Counts) throws -> [Feature] {
        var out = batch
        for i in out.indices {
            guard let g = out[i].geometry, g.type == .polygon || g.type == .multiPolygon || g.type == .geometryCollection,
                  try !g.isValid() else { continue }
            out[i].geometry = try g.makeValid(method: .structure(keepCollapsed: false))
            counts.repaired += 1
        }
        return out
    }
}
