import GeoKit

/// How `geokit info` prints a summary.
enum LayerInspector {
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
