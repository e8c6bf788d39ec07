import Foundation
import GeoCore
import GeoPROJ

/// The engine of a ``Conversion``: each input through the streaming sources and sinks —
/// read a batch, filter, apply the steps, reproject, write.
struct ConversionJob: Sendable {
    let conversion: Conversion
    let format: any FormatDriver
    /// Whether each file is read on a thread of its own while the calling thread writes.
    /// Worth it when files are converted one at a time; with several jobs the jobs
    /// already fill the cores, and the extra threads only contend.
    let pipelined: Bool
    let report: ConversionReport
    let events: @Sendable (ConversionEvent) -> Void
    let batchSize = 10_000

    /// Opens an input in its detected format.
    func open(_ input: ConversionInput) throws -> any FeatureSource {
        // Standard input: GeoJSON, streamed.
        if input.path == "-" { return try GeoJSONSource(path: "-") }
        // Any registered format reads here, GeoKit's own and those other modules add; its
        // format was detected when the inputs were listed.
        let detected = input.formatName.flatMap { FormatRegistry.shared.driver(named: $0) }
        let driver = try detected ?? FormatRegistry.shared.identify(path: input.path)
        let source = try driver.openSource(path: input.path, layer: input.layer ?? conversion.layer, options: FormatReadOptions(csv: conversion.csv))
        // With a source CRS given, the file's own CRS member does not label anything,
        // wherever it stands.
        if conversion.sourceCRS != nil { (source as? GeoJSONSource)?.acceptsLateCRS = true }
        return source
    }

    /// The filter and the selection on one feature (nil when the filter drops it). For
    /// table outputs a GeoJSON feature's id becomes an `id` field, so that it is not lost.
    func kept(_ feature: Feature, idAsField: Bool) -> Feature? {
        if let filter = conversion.filter, !filter.matches(feature) { return nil }
        var f = feature
        if idAsField, let id = f.id, f.properties["id"] == nil {
            switch id {
            case .string(let s): f.properties["id"] = .string(s)
            case .integer(let i): f.properties["id"] = .integer(i)
            case .double(let d): f.properties["id"] = .double(d)
            }
        }
        guard let selected = conversion.selectedFields else { return f }
        f.properties = JSONObject(selected.compactMap { k in f.properties[k].map { (k, $0) } })
        return f
    }

    /// The output's columns: the declared schema (after the selection) when the input has
    /// one; otherwise every writer grows its columns as features arrive, so no input is
    /// read twice.
    func describe(_ source: any FeatureSource) throws -> LayerSchema {
        if let declared = source.declaredFields {
            // A field that the filter or the selection names and the input does not have
            // is a mistake, not an empty result.
            let known = Set(declared.map(\.name))
            let named = (conversion.filter?.fieldNames ?? []) + (conversion.selectedFields ?? [])
            if let unknown = named.first(where: { !known.contains($0) }) {
                throw ConversionError(.unknownField, "\(source.layerName): no field \"\(unknown)\" (fields: \(declared.map(\.name).joined(separator: ", ")))")
            }
        }
        var fields = source.declaredFields ?? []
        if let selected = conversion.selectedFields { fields = selected.compactMap { name in fields.first { $0.name == name } } }
        var description = LayerSchema(name: source.layerName, crs: source.crs, fields: fields)
        description.hasGeometry = source.hasGeometry
        // A CSV keeps its coordinate columns' names (not when reprojected: then they lie).
        if conversion.targetCRS == nil { description.coordinateColumnNames = (source as? CSVReader)?.coordinateColumnNames }
        description.fieldsMayGrow = source.declaredFields == nil
        return description
    }

    /// The transformer from an input's CRS to the target CRS, or nil.
    func transformer(from crs: CRSReference?, input: ConversionInput) throws -> Transformer? {
        guard let target = conversion.targetCRS else { return nil }
        let transformer: Transformer
        if conversion.checksAreaOfUse {
            // A transformer of its own, which refuses positions outside the area of use.
            let source = try conversion.sourceCRS.map { text throws in try CRS(text) } ?? crs.map { reference throws in try CRS(reference) }
            guard let source else { throw ConversionError(.unknownSourceCRS, "\(input.name): the file does not say its CRS") }
            transformer = try Transformer(from: source, to: CRS(target), checkingAreaOfUse: true)
        } else if let given = conversion.sourceCRS {
            transformer = try Transformer.cached(from: given, to: target)
        } else {
            guard let declared = crs else { throw ConversionError(.unknownSourceCRS, "\(input.name): the file does not say its CRS") }
            transformer = try Transformer.cached(from: declared, to: target)
        }
        events(.reprojecting(input: input.name, source: conversion.sourceCRS ?? crs?.identifier ?? "", target: target, operation: transformer.operationName))
        return transformer
    }

    /// Converts one input into one output file.
    func convert(_ input: ConversionInput, to target: String) {
        convert(input, named: target) { description in try sink(at: target, layer: description) }
    }

    /// The sink of an output: a file, or standard output for `-` in any format that is
    /// one file.
    func sink(at target: String, layer: LayerSchema) throws(WriteError) -> any FeatureSink {
        guard target == "-" else { return try format.makeSink(path: target, layer: layer, overwrite: conversion.overwrite) }
        return try format.makeSink(layer: layer) { bytes throws(WriteError) in try StandardOutput.write(bytes) }
    }

    /// Converts one input into a sink that `makeSink` creates once the layer is described;
    /// a layer of a GeoPackage with several is discarded when its input fails.
    func convert(_ input: ConversionInput, named target: String, makeSink: (LayerSchema) throws -> any FeatureSink) {
        var opened: (any FeatureSink)?
        let start = Date()
        do {
            let source = try open(input)
            let idAsField = format.storesTables && source.declaredFields == nil
            // The first feature is read before the output opens: by then a GeoJSON reader
            // knows the file's CRS (the legacy crs member comes first).
            let first = try source.next()
            var description = try describe(source)
            let inputCRS = conversion.sourceCRS.map(CRSReference.init(parsing:)) ?? source.crs
            let move = try transformer(from: inputCRS, input: input)
            description.crs = try conversion.targetCRS.map { try CRS($0).reference } ?? inputCRS
            if format.name == VectorFormat.geojsonSeq.rawValue, let crs = description.crs, !crs.isWGS84Geographic {
                events(.warning(ConversionWarning(code: .sequenceNotInWGS84,
                                                  message: "\(target): GeoJSON text sequences carry no CRS, and these coordinates are in \(crs.identifier)")))
            }
            let sink = try makeSink(description)
            opened = sink
            var pending = first
            let counts = try pump(source, named: input.name, first: &pending, into: sink, move: move, idAsField: idAsField) { $0 }
            try sink.finish()
            events(.readWarnings(input: input.name, source.warnings))
            record(counts, of: sink, at: target, from: [input], since: start)
        } catch {
            events(.failed(input.name, error))
            report.fail(input.name, error)
            if let layer = opened as? GeoPackageLayerSink { try? layer.discard() }
        }
        events(.finished(input))
    }

    /// Converts every input into one GeoPackage, one table per input (named after the
    /// file); a bad input leaves no table behind and the others are kept.
    func package(_ inputs: [ConversionInput], into target: String) {
        let writer: GeoPackageWriter
        do { writer = try GeoPackageWriter(path: target, overwrite: conversion.overwrite) } catch {
            events(.failed(target, error))
            report.fail(target, error)
            return
        }
        var names: Set<String> = []
        for input in inputs {
            convert(input, named: target) { description in
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
            events(.failed(target, ConversionError(.nothingConverted, "\(target): not written, no input could be converted")))
            return
        }
        do { try writer.finish() } catch {
            events(.failed(target, error))
            report.fail(target, error)
        }
    }

    /// Merges every input into one output layer with a `source_file` field; inputs in
    /// another CRS are reprojected to the first input's (or to the target CRS).
    func merge(_ inputs: [ConversionInput], into target: String) {
        // The inputs' fields in first-seen order, each with the type that holds them all.
        let start = Date()
        var names: [String] = []
        var types: [String: FieldType] = [:]
        var crs: CRSReference?
        var usable: [ConversionInput] = []
        for input in inputs {
            do {
                let source = try open(input)
                // The first feature: by then a GeoJSON reader knows the file's CRS.
                _ = try source.next()
                let description = try describe(source)
                crs = crs ?? conversion.sourceCRS.map(CRSReference.init(parsing:)) ?? source.crs
                for field in description.fields {
                    if types[field.name] == nil { names.append(field.name) }
                    types[field.name] = (types[field.name] ?? .null).widened(with: field.type)
                }
                usable.append(input)
            } catch {
                events(.failed(input.name, error))
                report.fail(input.name, error)
            }
        }
        if types["source_file"] == nil { names.append("source_file") }
        types["source_file"] = .string
        do {
            let outputCRS = try conversion.targetCRS.map { try CRS($0).reference } ?? crs
            let name = ((target as NSString).lastPathComponent as NSString).deletingPathExtension
            var description = LayerSchema(name: name, crs: outputCRS, fields: names.map { Field(name: $0, type: types[$0]!) })
            description.fieldsMayGrow = true
            let sink = try sink(at: target, layer: description)
            var counts = ConversionCounts()
            for input in usable {
                do {
                    let source = try open(input)
                    let idAsField = format.storesTables && source.declaredFields == nil
                    var first = try source.next()
                    let inputCRS = conversion.sourceCRS.map(CRSReference.init(parsing:)) ?? source.crs
                    var move: Transformer?
                    if let outputCRS, let inputCRS, inputCRS != outputCRS {
                        move = try conversion.sourceCRS != nil ? Transformer.cached(from: inputCRS.identifier, to: outputCRS.identifier)
                            : Transformer.cached(from: inputCRS, to: outputCRS.identifier)
                    }
                    // The file's name, and the table's after a colon when it has several.
                    let label = JSONValue.string((input.name as NSString).lastPathComponent)
                    counts += try pump(source, named: input.name, first: &first, into: sink, move: move, idAsField: idAsField) { f in
                        var g = f
                        g.properties["source_file"] = label
                        return g
                    }
                } catch {
                    // The output would silently miss this input's features: fail it whole.
                    throw ConversionError(.mergeAbandoned, "\(error) (nothing was written to \(target))")
                }
                events(.finished(input))
            }
            try sink.finish()
            record(counts, of: sink, at: target, from: usable, since: start)
        } catch {
            events(.failed(target, error))
            report.fail(target, error)
        }
    }

    /// Reports a finished output: what the format changed, and the counts.
    func record(_ counts: ConversionCounts, of sink: any FeatureSink, at target: String, from inputs: [ConversionInput], since start: Date) {
        if !sink.warnings.isEmpty { events(.outputWarnings(output: target, sink.warnings)) }
        report.add(output: target, inputs: inputs.map(\.name), seconds: Date().timeIntervalSince(start), counts: counts)
    }
}
