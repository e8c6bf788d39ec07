import GeoCore

extension CSV {
    /// How geometries go into a CSV.
    public enum GeometryColumns: Sendable {
        /// `x` and `y` columns (points only; other geometries leave them empty).
        case xy
        /// One `WKT` column.
        case wkt
    }

    /// Writes a layer as UTF-8 CSV with a header row (RFC 4180 quoting), atomically.
    /// Nested JSON values are written as JSON text; nulls as empty fields.
    /// - Throws: `WriteError` when the target exists without `overwrite`, or a point
    ///   layer is asked for x/y and holds other geometries.
    public static func write(_ layer: Layer, toPath path: String, geometry: GeometryColumns = .wkt, delimiter: Character = ",",
                             overwrite: Bool = false) throws(WriteError) {
        var file = try AtomicFile(path: path, overwrite: overwrite)
        var out = ByteWriter(capacity: 1 << 16)
        let fields = layer.fields.map(\.name)
        let d = String(delimiter)
        func cell(_ text: String) -> String {
            guard text.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let geometryHeader = geometry == .wkt ? ["WKT"] : ["x", "y"]
        out.write(raw: (geometryHeader + fields).map(cell).joined(separator: d) + "\n")
        for (i, f) in layer.features.enumerated() {
            var cells: [String] = []
            switch (geometry, f.geometry) {
            case (.wkt, let g?): cells.append(WKT.encode(g))
            case (.wkt, nil): cells.append("")
            case (.xy, .point(let p)?) where !p.isEmpty: cells += [p.x.description, p.y.description]
            case (.xy, nil), (.xy, .point?): cells += ["", ""]
            case (.xy, let g?):
                throw WriteError(file: path, featureIndex: i, message: "a \(g.type.rawValue) cannot be written as x/y columns; use WKT")
            }
            for name in fields {
                switch f.properties[name] ?? .null {
                case .null: cells.append("")
                case .string(let s): cells.append(s)
                case .integer(let v): cells.append(String(v))
                case .double(let v): cells.append(v.isFinite ? v.description : "")
                case .bool(let b): cells.append(b ? "true" : "false")
                case let nested:
                    var json = ByteWriter()
                    json.writeJSON(value: nested)
                    cells.append(String(decoding: json.bytes, as: UTF8.self))
                }
            }
            out.write(raw: cells.map(cell).joined(separator: d) + "\n")
            if out.bytes.count > 1 << 20 {
                try file.write(out.bytes)
                out.bytes.removeAll(keepingCapacity: true)
            }
        }
        try file.write(out.bytes)
        try file.commit()
    }
}
