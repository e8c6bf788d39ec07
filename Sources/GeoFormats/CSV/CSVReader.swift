import Foundation
import GeoCore

/// Reads a CSV file feature by feature with flat memory. Everything the options leave
/// open is detected from the first rows: the encoding, the delimiter, a metadata preamble
/// before the header, a units row after it, a decimal comma, the coordinate columns.
public final class CSVReader: FeatureSource {
    /// The file.
    public let path: String
    public let layerName: String
    public let crs: CRSReference?
    /// The columns (without the coordinate columns), each with one type decided over the
    /// whole file when it was opened: integer, real or boolean only when every value is
    /// written that way, else text that keeps every value's exact text.
    public let declaredFields: [Field]?
    public var warnings: [ReadWarning] { log.warnings }
    /// What was detected, e.g. `delimiter ';'`, `decimal comma`, `Windows-1252`.
    public private(set) var detected: [String] = []
    /// The names of the x and y columns, when the coordinates are in two columns.
    public var coordinateColumnNames: CoordinateColumnNames? {
        guard let xIndex, let yIndex else { return nil }
        return CoordinateColumnNames(x: header[xIndex], y: header[yIndex])
    }
    /// Rows kept without geometry so far.
    public private(set) var rowsWithoutGeometry = 0

    private var rows: CSVRowReader
    private let encoding: TextEncoding
    private let header: [String]
    private let xIndex: Int?, yIndex: Int?, wktIndex: Int?
    private let geometryColumns: Set<Int>
    /// The property names, each once, in the order of their first column.
    private let propertyNames: [String]
    /// For each column, the slot of its property in `propertyNames` (-1 for a geometry
    /// column): a repeated name keeps the value of its last column.
    private let propertySlots: [Int]
    private let decimalComma: Bool
    private let columnTypes: [CSVColumnType]
    private var log = WarningLog()

    /// Opens the file and detects its layout.
    /// - Throws: `ReadError` with the file and line.
    public init(path: String, options: CSV.ReadOptions = CSV.ReadOptions()) throws(ReadError) {
        func fail(_ message: String, line: Int? = nil) -> ReadError {
            ReadError(format: "CSV", location: SourceLocation(file: path, line: line), message: message,
                      code: message == "cannot open the file" ? .cannotOpen : .malformed)
        }
        self.path = path
        layerName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        guard var head = CSVRowReader.head(of: path) else { throw fail("cannot open the file") }
        if head.count == 256 << 10, let lastBreak = head.lastIndex(of: 0x0A) { head = Array(head[...lastBreak]) }
        let encoding = options.encoding ?? TextEncoding.detect(head)
        if options.encoding == nil { detected.append(head.starts(with: [0xEF, 0xBB, 0xBF]) ? "UTF-8 with BOM" : encoding.rawValue) }
        self.encoding = encoding
        let delimiter = options.delimiter.flatMap { $0.asciiValue } ?? CSVRowReader.sniffDelimiter(head)
        if options.delimiter == nil { detected.append("delimiter '\(delimiter == 0x09 ? "\\t" : String(UnicodeScalar(delimiter)))'") }

        // The first rows, decoded, to find the header, a units row and the decimal comma.
        guard var probe = CSVRowReader(path: path, delimiter: delimiter) else { throw fail("cannot open the file") }
        var sample: [(fields: [String], line: Int)] = []
        do {
            while sample.count < 600, let row = try probe.next() {
                let fields = row.fields.map { encoding.decode($0) }
                if Self.isBlank(fields) { continue }
                sample.append((fields, row.line))
            }
        } catch {
            throw fail("a quoted field starting here is never closed", line: error.line)
        }
        guard !sample.isEmpty else { throw fail("the file has no rows") }
        let headerIndex: Int
        if let skip = options.skipLines {
            guard let i = sample.firstIndex(where: { $0.line > skip }) else { throw fail("no header row after line \(skip)") }
            headerIndex = i
        } else {
            let xs = Set(CSV.xNames + [options.xColumn].compactMap { $0?.lowercased() })
            let ys = Set(CSV.yNames + [options.yColumn].compactMap { $0?.lowercased() })
            let wkts = Set(CSV.wktNames + [options.wktColumn].compactMap { $0?.lowercased() })
            let candidate = sample.indices.first { i in
                let names = sample[i].fields.map { $0.trimmedSpaces.lowercased() }
                // A header names both coordinates (or a WKT column), not just "Latitude" in a preamble.
                let namesCoordinates = (names.contains(where: xs.contains) && names.contains(where: ys.contains)) || names.contains(where: wkts.contains)
                guard names.count >= 2, namesCoordinates else { return false }
                let following = sample[(i + 1)...].prefix(20)
                // Data rows may be shorter (trailing empty columns left out), never wider.
                return following.isEmpty || following.filter { $0.fields.count >= 2 && $0.fields.count <= names.count }.count * 2 >= following.count
            }
            headerIndex = candidate ?? 0
            if headerIndex > 0 {
                detected.append("header on line \(sample[headerIndex].line) (\(sample[headerIndex].line - 1) lines of preamble skipped)")
            }
        }
        let header = sample[headerIndex].fields.map { $0.trimmedSpaces }
        self.header = header
        var firstData = headerIndex + 1
        // A units row right after the header ("m", "°", "kWh/(m²·a)") holds no data.
        if sample.count >= firstData + 2, CSV.isUnitsRow(sample[firstData].fields, next: sample[firstData + 1].fields) {
            detected.append("units row on line \(sample[firstData].line) skipped")
            firstData += 1
        }
        let lower = header.map { $0.lowercased() }
        func column(_ given: String?, _ names: [String]) -> Int? {
            if let given { return lower.firstIndex(of: given.lowercased()) }
            for name in names { if let i = lower.firstIndex(of: name) { return i } }
            return nil
        }
        var x = column(options.xColumn, CSV.xNames), y = column(options.yColumn, CSV.yNames)
        let wkt = options.xColumn == nil ? column(options.wktColumn, CSV.wktNames) : nil
        if (x == nil || y == nil) && wkt == nil {
            guard options.readsTablesWithoutCoordinates, options.xColumn == nil, options.yColumn == nil, options.wktColumn == nil else {
                throw fail("no coordinate columns found among \(header.joined(separator: ", ").abbreviated()); name the x and y columns or the WKT column", line: sample[headerIndex].line)
            }
            // A table: every column is a field, every row a feature without geometry.
            (x, y) = (nil, nil)
            detected.append("no coordinate columns: read as a table without geometry")
        }
        xIndex = x
        yIndex = y
        wktIndex = wkt
        geometryColumns = Set([xIndex, yIndex, wktIndex].compactMap { $0 })
        let dataSample = sample[min(firstData, sample.count)...]
        decimalComma = options.decimalComma ?? (delimiter != UInt8(ascii: ",") && dataSample.prefix(50).contains { row in
            row.fields.contains { CSV.looksLikeDecimalComma($0) }
        })
        if options.decimalComma == nil && decimalComma { detected.append("decimal comma") }
        var crs = options.crs
        if crs == nil, let xIndex, ["lon", "lng", "long", "longitude", "laengengrad", "längengrad"].contains(lower[xIndex]) { crs = .crs84 }
        self.crs = crs
        // The reader for the data: past the header (and units row).
        guard var data = CSVRowReader(path: path, delimiter: delimiter) else { throw fail("cannot open the file") }
        let skipThrough = firstData > headerIndex + 1 ? sample[headerIndex + 1].line : sample[headerIndex].line
        do {
            while let row = try data.next(), row.line < skipThrough {}
        } catch {
            throw fail("a quoted field starting here is never closed", line: error.line)
        }
        rows = data
        // One pass over the values decides each column's type, so that every row of a
        // column is read the same way (a postcode column with `04229` stays text).
        let types = CSVColumnType.scan(path: path, delimiter: delimiter, columns: header.count, ignored: geometryColumns,
                                       skippingThrough: skipThrough, decimalComma: decimalComma)
        columnTypes = types
        let geometryColumns = self.geometryColumns
        var slotByName: [String: Int] = [:]
        var names: [String] = []
        propertySlots = header.indices.map { i in
            if geometryColumns.contains(i) { return -1 }
            if let slot = slotByName[header[i]] { return slot }
            slotByName[header[i]] = names.count
            names.append(header[i])
            return names.count - 1
        }
        propertyNames = names
        declaredFields = header.indices.filter { !geometryColumns.contains($0) }.map { Field(name: header[$0], type: types[$0].fieldType) }
    }

    static func isBlank(_ fields: [String]) -> Bool {
        fields.count == 1 && fields[0].trimmedSpaces.isEmpty
    }

    public func next() throws(ReadError) -> Feature? {
        while true {
            let raw: CSVRowReader.Row?
            do { raw = try rows.next() } catch {
                throw ReadError(format: "CSV", location: SourceLocation(file: path, line: error.line), message: "a quoted field starting here is never closed")
            }
            guard let row = raw else { return nil }
            if row.fields.count == 1 && Self.isBlank([encoding.decode(row.fields[0])]) { continue }
            if row.fields.count > header.count {
                throw ReadError(format: "CSV", location: SourceLocation(file: path, line: row.line),
                                message: "row has \(row.fields.count) fields, the header has \(header.count) (is the delimiter right?)")
            }
            return feature(row.fields, line: row.line)
        }
    }

    private func feature(_ raw: [[UInt8]], line: Int) -> Feature {
        // Built by column slot, not by name: a row of 100,000 columns stays linear.
        var values = [JSONValue](repeating: .null, count: propertyNames.count)
        for (i, slot) in propertySlots.enumerated() where slot >= 0 && i < raw.count {
            values[slot] = columnTypes[i].value(raw[i], decimalComma: decimalComma, decode: encoding.decode)
        }
        let properties = JSONObject(uncheckedKeys: propertyNames, values: values)
        func text(_ i: Int?) -> String { i.map { $0 < raw.count ? encoding.decode(raw[$0]) : "" } ?? "" }
        var geometry: Geometry?
        if let wktIndex, wktIndex < raw.count {
            let text = text(wktIndex).trimmedSpaces
            if !text.isEmpty {
                do { geometry = try WKT.decode(text) } catch {
                    log.add("unreadable WKT kept as a row without geometry (\(error.message))", at: SourceLocation(file: path, line: line))
                }
            }
        } else if let xIndex, let yIndex {
            let xText = text(xIndex), yText = text(yIndex)
            if let x = CSV.number(xText, decimalComma: decimalComma), let y = CSV.number(yText, decimalComma: decimalComma) {
                geometry = .point(Position(x: x, y: y))
            } else if !(xText.trimmedSpaces.isEmpty && yText.trimmedSpaces.isEmpty) {
                log.add("coordinates \"\(xText)\", \"\(yText)\" are not numbers; row kept without geometry", at: SourceLocation(file: path, line: line))
            }
        }
        if geometry == nil { rowsWithoutGeometry += 1 }
        return Feature(geometry: geometry, properties: properties)
    }
}
