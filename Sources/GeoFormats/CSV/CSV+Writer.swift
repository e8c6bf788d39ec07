import GeoCore

extension CSV {
    /// How geometries go into a CSV.
    public enum GeometryColumns: Sendable {
        /// `x` and `y` columns (points only; other geometries are an error).
        case xy
        /// One `WKT` column.
        case wkt
    }

    /// Writes a layer as UTF-8 CSV with a header row (RFC 4180 quoting), atomically.
    /// Nested JSON values are written as JSON text; nulls as empty fields. Feature ids that
    /// row numbers would not give back are kept in an `id` column
    /// (`Layer.carryingIDsAsField()`).
    /// - Returns: feature ids that could not be kept (the layer has an `id` field of its own).
    /// - Throws: `WriteError` when the target exists without `overwrite`, or a layer
    ///   with non-point geometries is asked for x/y.
    @discardableResult
    public static func write(_ layer: Layer, toPath path: String, geometry: GeometryColumns = .wkt, delimiter: Character = ",",
                             overwrite: Bool = false) throws(WriteError) -> [String] {
        let layer = layer.carryingIDsAsField()
        var writer = try CSVFeatureWriter(path: path, fields: layer.fields.map(\.name), geometry: geometry, delimiter: delimiter, overwrite: overwrite)
        for f in layer.features { try writer.write(f) }
        try writer.finish()
        return layer.idsLostInTables.map { [$0] } ?? []
    }
}

/// Writes features to a CSV file one at a time (the fields must be known up front);
/// memory stays flat. The file appears under its name only when `finish()` succeeds.
public struct CSVFeatureWriter: ~Copyable {
    private var file: AtomicFile
    private var out = ByteWriter(capacity: 1 << 16)
    private let fields: [String]
    private let geometry: CSV.GeometryColumns
    private let delimiter: UInt8
    /// The number of features written so far.
    public private(set) var featuresWritten = 0

    /// Opens the output and writes the header row.
    /// - Throws: `WriteError` when the target exists without `overwrite`.
    /// - Parameters:
    ///   - path: the target file.
    ///   - fields: the property columns, in order.
    ///   - geometry: x/y columns (points only) or one WKT column.
    ///   - delimiter: the field separator.
    ///   - overwrite: when false, an existing target is an error.
    ///   - coordinateNames: the names of the x and y columns (`x`, `y` unless a CSV input
    ///     had others, which a CSV output keeps).
    public init(path: String, fields: [String], geometry: CSV.GeometryColumns, delimiter: Character = ",", overwrite: Bool = false,
                coordinateNames: CoordinateColumnNames = CoordinateColumnNames()) throws(WriteError) {
        file = try AtomicFile(path: path, overwrite: overwrite)
        self.fields = fields
        self.geometry = geometry
        self.delimiter = delimiter.asciiValue ?? UInt8(ascii: ",")
        let header = (geometry == .wkt ? ["WKT"] : [coordinateNames.x, coordinateNames.y]) + fields
        for (i, name) in header.enumerated() {
            if i > 0 { out.write(self.delimiter) }
            writeCell(name)
        }
        out.write(0x0A)
    }

    private mutating func writeCell(_ text: String) {
        out.write(csvCell: text, delimiter: delimiter)
    }

    /// Appends one feature.
    /// - Throws: `WriteError` (with the feature index) for a non-point geometry in x/y mode.
    public mutating func write(_ feature: Feature) throws(WriteError) {
        if let error = WriteError.unwritable(feature.geometry, file: file.target, featureIndex: featuresWritten) { throw error }
        switch (geometry, feature.geometry) {
        case (.wkt, let g?): writeCell(WKT.encode(g))
        case (.wkt, nil): break
        case (.xy, .point(let p)?) where !p.isEmpty:
            out.write(number: p.x)
            out.write(delimiter)
            out.write(number: p.y)
        case (.xy, nil), (.xy, .point?): out.write(delimiter)
        case (.xy, let g?):
            throw WriteError(file: file.target, featureIndex: featuresWritten, message: "a \(g.type.rawValue) cannot be written as x/y columns; use WKT")
        }
        for name in fields {
            out.write(delimiter)
            out.write(csvValue: feature.properties[name] ?? .null, delimiter: delimiter)
        }
        out.write(0x0A)
        featuresWritten += 1
        if out.bytes.count > 1 << 20 {
            try file.write(out.bytes)
            out.bytes.removeAll(keepingCapacity: true)
        }
    }

    /// Flushes and moves the file into place.
    public consuming func finish() throws(WriteError) {
        try file.write(out.bytes)
        try file.commit()
    }
}

extension ByteWriter {
    /// One CSV cell (RFC 4180): quoted, with quotes doubled, when it holds the delimiter,
    /// a quote or a line break.
    mutating func write(csvCell text: String, delimiter: UInt8) {
        let quote: UInt8 = 0x22, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
        let needsQuotes = text.utf8.contains { (byte: UInt8) -> Bool in
            byte == delimiter || byte == quote || byte == newline || byte == carriageReturn
        }
        guard needsQuotes else {
            write(raw: text)
            return
        }
        write(quote)
        for b in text.utf8 {
            if b == quote { write(quote) }
            write(b)
        }
        write(quote)
    }

    /// A property value as a CSV cell: null empty, numbers shortest round-trip, booleans
    /// `true`/`false`, nested JSON as its text.
    mutating func write(csvValue value: JSONValue, delimiter: UInt8) {
        switch value {
        case .null: break
        case .string(let s): write(csvCell: s, delimiter: delimiter)
        case .integer(let v): write(integer: v)
        case .double(let v): if v.isFinite { write(number: v) }
        case .bool(let b): write(raw: b ? "true" : "false")
        case let nested: write(csvCell: nested.jsonText, delimiter: delimiter)
        }
    }
}
