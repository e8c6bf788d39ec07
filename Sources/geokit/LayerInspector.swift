import GeoKit

/// Opens any supported file and summarises it; the CLI's `info` is a thin shell over this.
enum LayerInspector {
    /// One summary per layer: every table of a GeoPackage, every shapefile of a zip; a
    /// layer that cannot be read is an error of its own, and the others are still described.
    static func summarizeAll(path: String) -> (summaries: [LayerSummary], failures: [any Error]) {
        let names = path == "-" ? [] : LayerIO.layerNames(path: path)
        guard names.count > 1 else {
            do { return ([try summarize(path: path)], []) } catch { return ([], [error]) }
        }
        var summaries: [LayerSummary] = [], failures: [any Error] = []
        for name in names {
            do {
                let source = try VectorFormat.detect(path: path)!.openSource(path: path, layer: name)
                var builder = LayerSummary.Builder(name: source.layerName, crs: nil)
                while let feature = try source.next() { builder.add(feature) }
                for warning in source.warnings { printError("geokit info: \(warning)") }
                summaries.append(builder.finish(crs: source.crs))
            } catch {
                failures.append(error)
            }
        }
        return (summaries, failures)
    }

    static func summarize(path: String) throws -> LayerSummary {
        let lower = path.lowercased()
        if lower.hasSuffix(".zip"), VectorFormat.detect(path: path) == nil {
            throw ReadError(format: "zip", location: SourceLocation(file: path), message: "not a zip archive holding a shapefile")
        }
        if path != "-", let format = VectorFormat.detect(path: path),
           (format != .geojson && format != .geojsonSeq) || lower.hasSuffix(".gz") {
            // Every other format through its streaming source.
            let source = try format.openSource(path: path)
            var builder = LayerSummary.Builder(name: source.layerName, crs: nil)
            while let feature = try source.next() { builder.add(feature) }
            for warning in source.warnings { printError("geokit info: \(warning)") }
            return builder.finish(crs: source.crs)
        }
        let sequence = VectorFormat(fileExtensionOf: lower) == .geojsonSeq
        var reader = try GeoJSONFeatureReader(path: path, sequence: sequence)
        var builder = LayerSummary.Builder(name: reader.layerName, crs: nil)
        while let feature = try reader.next() { builder.add(feature) }
        for warning in reader.warnings { printError("geokit info: \(warning)") }
        var summary = builder.finish(crs: reader.crs)
        summary.name = reader.layerName
        return summary
    }

    static func text(for s: LayerSummary, file: String) -> String {
        var lines = ["\(file)", "  layer:       \(s.name)", "  CRS:         \(s.crs ?? "unknown")",
                     "  features:    \(s.featureCount)"]
        let types = s.geometryTypes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        var geometry = types.isEmpty ? "none" : types.joined(separator: ", ")
        if s.nullGeometryCount > 0 { geometry += ", null \(s.nullGeometryCount)" }
        if s.hasZ { geometry += " (3D)" }
        lines.append("  geometry:    \(geometry)")
        if let b = s.boundingBox {
            lines.append("  extent:      \(b[0]), \(b[1]) – \(b[2]), \(b[3])")
        }
        lines.append("  fields:      \(s.fields.count)")
        let width = max(8, s.fields.map(\.name.count).max() ?? 0)
        for f in s.fields {
            let padded = f.name + String(repeating: " ", count: max(0, width - f.name.count))
            let type = f.type.rawValue + String(repeating: " ", count: max(0, 8 - f.type.rawValue.count))
            lines.append("    \(padded)  \(type)  nulls \(f.nullCount)")
        }
        return lines.joined(separator: "\n")
    }
}
