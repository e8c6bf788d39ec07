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
        /// Whether a CSV without coordinate columns is read as a table (every row a feature
        /// without geometry, named in `detected`) instead of refused: for address lists to
        /// geocode. Off by default, so that a misnamed coordinate column is an error.
        public var readsTablesWithoutCoordinates = false

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
        let reader = try CSVReader(path: path, options: options)
        var features: [Feature] = []
        while let f = try reader.next() { features.append(f) }
        // The reader typed every column over the whole file (`04229` stays text).
        let fields = reader.declaredFields ?? FieldSchemaBuilder.infer(from: features)
        return ReadResult(layer: Layer(name: reader.layerName, crs: reader.crs, features: features, fields: fields),
                          rowsWithoutGeometry: reader.rowsWithoutGeometry, detected: reader.detected, warnings: reader.warnings)
    }

    static func looksLikeDecimalComma(_ field: String) -> Bool {
        let t = field.trimmedSpaces
        guard let comma = t.firstIndex(of: ","), !t.utf8.contains(UInt8(ascii: ".")) else { return false }
        let whole = t[..<comma], fraction = t[t.index(after: comma)...]
        return !fraction.isEmpty && fraction.allSatisfy(\.isNumber) && (whole.drop { $0 == "-" }).allSatisfy(\.isNumber) && !whole.isEmpty
    }

    static func number(_ text: String, decimalComma: Bool) -> Double? {
        let t = text.trimmedSpaces
        if t.isEmpty { return nil }
        guard let v = realValue(t, decimalComma: decimalComma), v.isFinite else { return nil }
        return v
    }

    /// A real number spelled with digits, one decimal separator (`.`, or `,` with
    /// `decimalComma`), a sign and an exponent; nil for anything else.
    private static func realValue(_ t: String, decimalComma: Bool) -> Double? {
        // Most values are plain decimals: read them from the bytes, without a copy.
        let separator = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        let fast: Double?? = t.utf8.withContiguousStorageIfAvailable { utf8 in
            PlainDecimal.parse(UnsafeRawBufferPointer(utf8), separator: separator)
        }
        if let fast, let value = fast { return value }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(t.utf8.count)
        for b in t.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "."):
                bytes.append(b)
            case UInt8(ascii: ",") where decimalComma:
                bytes.append(UInt8(ascii: "."))
            default:
                return Double(decimalComma ? t.replacingOccurrences(of: ",", with: ".") : t)
            }
        }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    static func isUnitsRow(_ row: [String], next: [String]) -> Bool {
        let numericNext = next.filter { number($0, decimalComma: true) != nil }.count
        guard numericNext * 2 >= next.count else { return false }
        let numericHere = row.filter { number($0, decimalComma: true) != nil }.count
        let nonEmpty = row.filter { !$0.trimmedSpaces.isEmpty }.count
        return numericHere == 0 && nonEmpty > 0
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and no-break spaces; fast for the common
    /// case where there are none.
    var trimmedSpaces: String {
        let scalars = unicodeScalars
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\u{A0}" || s == "\u{3000}" || (s.value >= 0x2000 && s.value <= 0x200A) }
        guard let first = scalars.first, let last = scalars.last, isSpace(first) || isSpace(last) else { return self }
        var lower = scalars.startIndex, upper = scalars.endIndex
        while lower < upper, isSpace(scalars[lower]) { lower = scalars.index(after: lower) }
        while upper > lower, isSpace(scalars[scalars.index(before: upper)]) { upper = scalars.index(before: upper) }
        return String(scalars[lower..<upper])
    }
}
