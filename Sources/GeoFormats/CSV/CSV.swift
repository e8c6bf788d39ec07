import Foundation
import GeoCore

/// Reading and writing point layers as CSV, as district open-data portals publish them:
/// comma, semicolon or tab separated, decimal commas, UTF-8 (with or without BOM) or
/// Windows-1252/Latin-1, metadata lines before the header, a units row after it.
public enum CSV {
    /// How to read a CSV file; every `nil` is detected from the content.
    public struct ReadOptions: Sendable {
        /// The field separator (`,` `;` or tab).
        public var delimiter: Character?
        /// The text encoding.
        public var encoding: TextEncoding?
        /// The column with x (longitude or easting).
        public var xColumn: String?
        /// The column with y (latitude or northing).
        public var yColumn: String?
        /// A column with WKT geometries (instead of x/y).
        public var wktColumn: String?
        /// Lines to skip before the header row (a metadata preamble).
        public var skipLines: Int?
        /// Whether numbers use a decimal comma (`52,51`).
        public var decimalComma: Bool?
        /// The CRS of the coordinates (longitude/latitude columns default to OGC:CRS84).
        public var crs: CRSReference?

        /// Detect everything.
        public init(delimiter: Character? = nil, encoding: TextEncoding? = nil, xColumn: String? = nil, yColumn: String? = nil,
                    wktColumn: String? = nil, skipLines: Int? = nil, decimalComma: Bool? = nil, crs: CRSReference? = nil) {
            self.delimiter = delimiter
            self.encoding = encoding
            self.xColumn = xColumn
            self.yColumn = yColumn
            self.wktColumn = wktColumn
            self.skipLines = skipLines
            self.decimalComma = decimalComma
            self.crs = crs
        }
    }

    /// A CSV read into a layer, with what was detected and what was odd.
    public struct ReadResult: Sendable {
        /// The layer (one feature per data row, in order).
        public var layer: Layer
        /// Rows kept without geometry (empty or unreadable coordinates).
        public var rowsWithoutGeometry: Int
        /// What the reader detected, e.g. `delimiter ';'`, `decimal comma`, `Windows-1252`.
        public var detected: [String]
        /// Rows whose coordinates could not be read, with their line numbers.
        public var warnings: [ReadWarning]
    }

    static let xNames = ["lon", "lng", "long", "longitude", "x", "rechtswert", "laengengrad", "längengrad", "easting", "x-coordinate", "x_coordinate", "xcoord", "x_coord", "ostwert", "x-koordinate"]
    static let yNames = ["lat", "latitude", "y", "hochwert", "breitengrad", "northing", "y-coordinate", "y_coordinate", "ycoord", "y_coord", "nordwert", "y-koordinate"]
    static let wktNames = ["wkt", "geometry", "geom", "the_geom", "geometrie"]

    /// Reads a CSV file of points (x/y columns) or of WKT geometries.
    /// - Throws: `ReadError` with the file and line for an unterminated quote, a row with
    ///   more fields than the header, or a CSV without recognisable coordinate columns.
    public static func readLayer(atPath path: String, options: ReadOptions = ReadOptions()) throws(ReadError) -> ReadResult {
        func fail(_ message: String, line: Int? = nil) -> ReadError {
            ReadError(format: "CSV", location: SourceLocation(file: path, line: line), message: message)
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot open the file") }
        let bytes = [UInt8](data)
        var detected: [String] = []
        let encoding = options.encoding ?? TextEncoding.detect(bytes)
        if options.encoding == nil { detected.append(bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? "UTF-8 with BOM" : encoding.rawValue) }
        let text = encoding.decode(bytes)
        let delimiter = options.delimiter ?? CSVTable.sniffDelimiter(text)
        if options.delimiter == nil { detected.append("delimiter '\(delimiter == "\t" ? "\\t" : String(delimiter))'") }
        let table: CSVTable
        do { table = try CSVTable(text: text, delimiter: delimiter) } catch let error as CSVTable.UnterminatedQuote {
            throw fail("a quoted field starting here is never closed", line: error.line)
        } catch {
            throw fail("\(error)")
        }
        var rows = table.rows.filter { !($0.fields.count == 1 && $0.fields[0].trimmingCharacters(in: .whitespaces).isEmpty) }
        // The header: after `skipLines`, or the first row naming coordinate columns whose
        // width the following rows share (metadata preambles have other widths).
        let headerIndex: Int
        if let skip = options.skipLines {
            guard let i = rows.firstIndex(where: { $0.line > skip }) else { throw fail("no header row after line \(skip)") }
            headerIndex = i
        } else {
            let xs = Set(xNames + [options.xColumn].compactMap { $0?.lowercased() })
            let ys = Set(yNames + [options.yColumn].compactMap { $0?.lowercased() })
            let wkts = Set(wktNames + [options.wktColumn].compactMap { $0?.lowercased() })
            let candidate = rows.indices.first { i in
                let names = rows[i].fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                // A header names both coordinates (or a WKT column), not just "Latitude" in a preamble.
                let namesCoordinates = (names.contains(where: xs.contains) && names.contains(where: ys.contains)) || names.contains(where: wkts.contains)
                guard names.count >= 2, namesCoordinates else { return false }
                let following = rows[(i + 1)...].prefix(20)
                // Data rows may be shorter (trailing empty columns left out), never wider.
                return following.isEmpty || following.filter { $0.fields.count >= 2 && $0.fields.count <= names.count }.count * 2 >= following.count
            }
            headerIndex = candidate ?? 0
            if headerIndex > 0 { detected.append("header on line \(rows[headerIndex].line) (\(rows[headerIndex].line - 1) lines of preamble skipped)") }
        }
        let header = rows[headerIndex].fields.map { $0.trimmingCharacters(in: .whitespaces) }
        rows = Array(rows[(headerIndex + 1)...])
        // A units row right after the header ("m", "°", "kWh/(m²·a)") holds no data.
        if rows.count >= 2, isUnitsRow(rows[0].fields, next: rows[1].fields) {
            detected.append("units row on line \(rows[0].line) skipped")
            rows.removeFirst()
        }
        for row in rows where row.fields.count > header.count {
            throw fail("row has \(row.fields.count) fields, the header has \(header.count) (wrong delimiter? give --delimiter)", line: row.line)
        }
        let lower = header.map { $0.lowercased() }
        func column(_ given: String?, _ names: [String]) -> Int? {
            if let given { return lower.firstIndex(of: given.lowercased()) }
            for name in names { if let i = lower.firstIndex(of: name) { return i } }
            return nil
        }
        let xIndex = column(options.xColumn, xNames), yIndex = column(options.yColumn, yNames)
        let wktIndex = options.xColumn == nil ? column(options.wktColumn, wktNames) : nil
        guard (xIndex != nil && yIndex != nil) || wktIndex != nil else {
            throw fail("no coordinate columns found among \(header.joined(separator: ", ")); give --x-column and --y-column or --wkt-column", line: 1)
        }
        let decimalComma = options.decimalComma ?? (delimiter != "," && rows.prefix(50).contains { row in
            row.fields.contains { CSV.looksLikeDecimalComma($0) }
        })
        if options.decimalComma == nil && decimalComma { detected.append("decimal comma") }
        var features: [Feature] = []
        var warnings = WarningLog()
        var withoutGeometry = 0
        let geometryColumns = Set([xIndex, yIndex, wktIndex].compactMap { $0 })
        for row in rows {
            var properties = JSONObject()
            for (i, name) in header.enumerated() where !geometryColumns.contains(i) {
                properties[name] = i < row.fields.count ? value(row.fields[i], decimalComma: decimalComma) : .null
            }
            var geometry: Geometry?
            if let wktIndex, wktIndex < row.fields.count {
                let text = row.fields[wktIndex].trimmingCharacters(in: .whitespaces)
                if !text.isEmpty {
                    do { geometry = try WKT.decode(text) } catch {
                        warnings.add("unreadable WKT kept as a row without geometry (\(error.message))", at: SourceLocation(file: path, line: row.line))
                    }
                }
            } else if let xIndex, let yIndex {
                let xText = xIndex < row.fields.count ? row.fields[xIndex] : "", yText = yIndex < row.fields.count ? row.fields[yIndex] : ""
                if let x = number(xText, decimalComma: decimalComma), let y = number(yText, decimalComma: decimalComma) {
                    geometry = .point(Position(x: x, y: y))
                } else if !(xText.trimmingCharacters(in: .whitespaces).isEmpty && yText.trimmingCharacters(in: .whitespaces).isEmpty) {
                    warnings.add("coordinates \"\(xText)\", \"\(yText)\" are not numbers; row kept without geometry", at: SourceLocation(file: path, line: row.line))
                }
            }
            if geometry == nil { withoutGeometry += 1 }
            features.append(Feature(geometry: geometry, properties: properties))
        }
        var crs = options.crs
        if crs == nil, let xIndex, ["lon", "lng", "long", "longitude", "laengengrad", "längengrad"].contains(lower[xIndex]) { crs = .crs84 }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return ReadResult(layer: Layer(name: name, crs: crs, features: features), rowsWithoutGeometry: withoutGeometry,
                          detected: detected, warnings: warnings.warnings)
    }

    static func looksLikeDecimalComma(_ field: String) -> Bool {
        let t = field.trimmingCharacters(in: .whitespaces)
        guard let comma = t.firstIndex(of: ","), !t.contains(".") else { return false }
        let whole = t[..<comma], fraction = t[t.index(after: comma)...]
        return !fraction.isEmpty && fraction.allSatisfy(\.isNumber) && (whole.drop { $0 == "-" }).allSatisfy(\.isNumber) && !whole.isEmpty
    }

    static func number(_ text: String, decimalComma: Bool) -> Double? {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return nil }
        if decimalComma { t = t.replacingOccurrences(of: ",", with: ".") }
        guard let v = Double(t), v.isFinite else { return nil }
        return v
    }

    /// A property value: empty → null, integers (without leading zeros, so postcodes stay
    /// text), reals (with the decimal comma when the file uses it), true/false, else text.
    static func value(_ text: String, decimalComma: Bool) -> JSONValue {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return .null }
        switch t.lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: break
        }
        let digits = t.hasPrefix("-") ? t.dropFirst() : Substring(t)
        if !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), !(digits.count > 1 && digits.hasPrefix("0")), let i = Int64(t) {
            return .integer(i)
        }
        let candidate = decimalComma ? t.replacingOccurrences(of: ",", with: ".") : t
        if candidate.contains("."), !candidate.hasPrefix("."), candidate.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "e" || $0 == "E" || $0 == "+" }),
           let d = Double(candidate), d.isFinite {
            return .double(d)
        }
        return .string(text)
    }

    static func isUnitsRow(_ row: [String], next: [String]) -> Bool {
        let numericNext = next.filter { number($0, decimalComma: true) != nil }.count
        guard numericNext * 2 >= next.count else { return false }
        let numericHere = row.filter { number($0, decimalComma: true) != nil }.count
        let nonEmpty = row.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count
        return numericHere == 0 && nonEmpty > 0
    }
}
