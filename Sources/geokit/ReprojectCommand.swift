import ArgumentParser
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
        if input != "-" && output != "-" && !checkArea {
            // One conversion with one step.
            var arguments = [input, "-o", output, "--t-crs", to]
            if let from { arguments += ["--s-crs", from] }
            if overwrite { arguments.append("--overwrite") }
            if skipFailures { arguments.append("--skip-failures") }
            let convert = try ConvertCommand.parse(arguments)
            try convert.run()
            return
        }
        do {
            let summary = try LayerReprojector.reproject(input: input, output: output, from: from, to: to, overwrite: overwrite, checkArea: checkArea)
            if output != "-" {
                printError("geokit reproject: \(summary.features) features \(summary.source) → \(summary.target) (\(summary.operation)) written to \(output)")
            }
        } catch {
            printError("geokit reproject: \(cliMessage(for: error))")
            throw ExitCode(1)
        }
    }
}

/// Streams a GeoJSON layer through a transformer into a GeoJSON writer, in batches so
/// that PROJ sees bulk buffers and memory stays flat.
enum LayerReprojector {
    struct Summary {
        var features = 0
        var source = ""
        var target = ""
        var operation = ""
    }

    static func reproject(input: String, output: String, from: String?, to: String, overwrite: Bool, checkArea: Bool = false) throws -> Summary {
        let sequence = VectorFormat(fileExtensionOf: input) == .geojsonSeq
        var reader = try GeoJSONFeatureReader(path: input, sequence: sequence)
        let target = try CRS(to)
        let sourceOverride = try from.map { text throws in try CRS(text) }
        var summary = Summary(target: target.identifier)
        let outputSequence = VectorFormat(fileExtensionOf: output) == .geojsonSeq
        var writer = try GeoJSONFeatureWriter(path: output, layerName: reader.layerName, crs: target.reference,
                                              style: outputSequence ? .textSequence : .featureCollection, overwrite: overwrite)
        var transformer: Transformer?
        var batch: [Feature] = []
        var finished = false
        while !finished {
            if let feature = try reader.next() {
                batch.append(feature)
                if batch.count < 20_000 { continue }
            } else {
                finished = true
            }
            if transformer == nil {
                // The file's CRS is known once its first feature was read (the crs member comes first).
                let source = try sourceOverride ?? CRS(reader.crs)
                let made = try Transformer(from: source, to: target, checkingAreaOfUse: checkArea)
                transformer = made
                summary.source = source.identifier
                summary.operation = made.operationName
            }
            guard !batch.isEmpty, let transformer else { continue }
            for f in try move(batch, with: transformer, firstIndex: summary.features) { try writer.write(f) }
            summary.features += batch.count
            batch.removeAll(keepingCapacity: true)
        }
        try writer.finish()
        return summary
    }

    /// Transforms one batch; a failure names the feature's index in the whole file.
    static func move(_ batch: [Feature], with transformer: Transformer, firstIndex: Int) throws -> [Feature] {
        do {
            return try transformer.transform(Layer(name: "", features: batch, fields: [])).features
        } catch {
            guard case .transformFailed(let s, let t, let p, let index?, let reason) = error else {
                if let index = error.positionIndex { throw CLIError("feature \(firstIndex + index): \(error)") }
                throw error
            }
            let absolute = firstIndex + index
            throw PROJError.transformFailed(source: s, target: t, position: p, index: absolute,
                                            reason: reason.replacingOccurrences(of: "feature \(index):", with: "feature \(absolute):"))
        }
    }
}
