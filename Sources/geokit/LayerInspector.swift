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
                let source = try VectorFormat.identify(path: path).openSource(path: path, layer: name)
                var builder = LayerSummary.Builder(name: source.layerName, crs: nil)
                while let feature = try source.next() { builder.add(feature) }
                WarningOutput.report(source.warnings, command: "info")
                var summary = builder.finish(crs: source.crs, declaredFields: source.declaredFields)
                summary.path = path
                summaries.append(summary)
            } catch {
                failures.append(error)
            }
        }
        return (summaries, failures)
    }

    static func summarize(path: String) throws -> LayerSummary {
        let format: VectorFormat = path == "-" ? .geojson : try VectorFormat.identify(path: path)
        if (format == .geojson || format == .geojsonSeq) && (path == "-" || !FileSignature.isGzip(path: path)) {
            // GeoJSON straight through its reader: the hot path of `info`, without the
            // FeatureSource wrapper per feature.
            var reader = try GeoJSONFeatureReader(path: path, sequence: format == .geojsonSeq)
            var builder = LayerSummary.Builder(name: reader.layerName, crs: nil)
            while let feature = try reader.next() { builder.add(feature) }
            WarningOutput.report(reader.warnings, command: "info")
            var summary = builder.finish(crs: reader.crs)
            summary.path = path
            return summary
        }
        let source = try format.openSource(path: path)
        // The summary is labelled at the end, so a late legacy crs member is fine here.
        (source as? GeoJSONSource)?.acceptsLateCRS = true
        var builder = LayerSummary.Builder(name: source.layerName, crs: nil)
        while let feature = try source.next() { builder.add(feature) }
        WarningOutput.report(source.warnings, command: "info")
        var summary = builder.finish(crs: source.crs, declaredFields: source.declaredFields)
        summary.name = source.layerName
        summary.path = path
        return summary
    }

    static func text(for s: LayerSummary, file: String) -> String {
        var lines = ["\(file)", "  layer:       \(s.name.abbreviated(to: 80))", "  CRS:         \(s.crs?.abbreviated(to: 120) ?? "unknown")",
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
        // Names are cut to 80 characters and padded to at most 32, so that a file of
        // 100,000 long column names prints a line per field, not megabytes of spaces.
        let names = s.fields.map { $0.name.abbreviated(to: 80) }
        let width = min(32, max(8, names.map(\.count).max() ?? 0))
        for (f, name) in zip(s.fields, names) {
            let padded = name + String(repeating: " ", count: max(0, width - name.count))
            let type = f.type.rawValue + String(repeating: " ", count: max(0, 8 - f.type.rawValue.count))
            lines.append("    \(padded)  \(type)  nulls \(f.nullCount)")
        }
        return lines.joined(separator: "\n")
    }
}
