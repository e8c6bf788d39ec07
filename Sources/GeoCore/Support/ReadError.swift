/// Where in an input a problem was found. Every field is optional because not every
/// input has every kind of position (WKB has a byte offset, not lines).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file path, `-` for standard input, or `nil` for in-memory text.
    public var file: String?
    /// 1-based line number in a text input.
    public var line: Int?
    /// 1-based column (in characters) in a text input.
    public var column: Int?
    /// 0-based byte offset from the start of the input.
    public var byteOffset: Int?
    /// 0-based index of the feature being read, when the problem is inside a feature.
    public var featureIndex: Int?

    /// Creates a location.
    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, byteOffset: Int? = nil, featureIndex: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
        self.featureIndex = featureIndex
    }

    /// `file:line:column: feature N` (the parts that are known), GCC-style so that
    /// editors and CI logs make it clickable.
    public var description: String {
        var parts: [String] = []
        var head = file ?? "<input>"
        if let line {
            head += ":\(line)"
            if let column { head += ":\(column)" }
        } else if let byteOffset {
            head += ": byte \(byteOffset)"
        }
        parts.append(head)
        if let featureIndex { parts.append("feature \(featureIndex)") }
        return parts.joined(separator: ": ")
    }
}

/// An input could not be read: what was wrong and where.
///
/// `description` reads like a compiler diagnostic:
/// `aed.geojson:12:31: feature 4: expected a number in a position, found "abc"`.
public struct ReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The format being read: `GeoJSON`, `WKT`, `WKB`…
    public var format: String
    /// Where the problem is.
    public var location: SourceLocation
    /// What was wrong, and what was expected instead.
    public var message: String
    /// What kind of failure it is, for callers that react without reading the message
    /// (a server maps `unsupportedFormat` and `malformed` to 400 or 422, `cannotOpen`
    /// to 404 or 500).
    public var code: Code
    /// The error underneath, when another library's failure caused this one (SQLite's,
    /// the file system's, PROJ's): for callers that inspect it. Not part of equality.
    public var cause: (any Error)?

    /// Kinds of read failures.
    public enum Code: String, Sendable, Hashable {
        /// The file cannot be opened (missing, no permission).
        case cannotOpen
        /// The file is of a kind GeoKit does not read (XML, binary, a zip without a
        /// shapefile, an empty file).
        case unsupportedFormat
        /// The content breaks its format's rules: the message says what and where.
        case malformed
        /// A query the layer cannot answer: a field it does not have, a cursor made by
        /// another store, a value of the wrong kind (a server answers 400).
        case invalidQuery
    }

    /// Creates an error.
    public init(format: String, location: SourceLocation, message: String, code: Code = .malformed, cause: (any Error)? = nil) {
        self.format = format
        self.location = location
        self.message = message
        self.code = code
        self.cause = cause
    }

    public var description: String { "\(location): \(format): \(message)" }

    public static func == (lhs: ReadError, rhs: ReadError) -> Bool {
        lhs.format == rhs.format && lhs.location == rhs.location && lhs.message == rhs.message && lhs.code == rhs.code
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(format)
        hasher.combine(location)
        hasher.combine(message)
        hasher.combine(code)
    }
}

/// Something a reader accepted but that a careful user should know about (a polygon
/// that breaks RFC 7946's winding rule, a foreign member, the legacy `crs` member).
public struct ReadWarning: Sendable, Hashable, CustomStringConvertible {
    /// Where it was first seen.
    public var location: SourceLocation
    /// What was seen.
    public var message: String
    /// How many times the same message occurred in the input.
    public var occurrences: Int
    /// How much it matters.
    public var severity: Severity

    /// How much a warning matters.
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// Worth knowing, nothing was lost or changed: a legacy `crs` member was read,
        /// rings wind against RFC 7946's rule. Command lines show these only when asked.
        case notice
        /// Something was changed, left out or guessed: a geometry kept without geometry,
        /// a curve linearised, M values dropped, a foreign member ignored.
        case warning

        public static func < (a: Severity, b: Severity) -> Bool { a == .notice && b == .warning }
    }

    /// Creates a warning.
    public init(location: SourceLocation, message: String, occurrences: Int = 1, severity: Severity = .warning) {
        self.location = location
        self.message = message
        self.occurrences = occurrences
        self.severity = severity
    }

    public var description: String {
        let label = severity == .notice ? "note" : "warning"
        return occurrences > 1 ? "\(location): \(label): \(message) (\(occurrences) times)" : "\(location): \(label): \(message)"
    }
}

/// Collects warnings, keeping one entry per distinct message with a count.
package struct WarningLog: Sendable {
    package private(set) var warnings: [ReadWarning] = []
    private var indexByMessage: [String: Int] = [:]

    package init() {}

    /// Counts one more occurrence of a message already logged; false when it is new.
    package mutating func repeatIfKnown(_ message: String) -> Bool {
        guard let i = indexByMessage[message] else { return false }
        warnings[i].occurrences += 1
        return true
    }

    /// Adds a warning made elsewhere, merged with an earlier one of the same message.
    package mutating func append(_ warning: ReadWarning) {
        if let i = indexByMessage[warning.message] {
            warnings[i].occurrences += warning.occurrences
        } else {
            indexByMessage[warning.message] = warnings.count
            warnings.append(warning)
        }
    }

    package mutating func add(_ message: String, at location: @autoclosure () -> SourceLocation, severity: ReadWarning.Severity = .warning) {
        if let i = indexByMessage[message] {
            warnings[i].occurrences += 1
        } else {
            indexByMessage[message] = warnings.count
            warnings.append(ReadWarning(location: location(), message: message, severity: severity))
        }
    }
}
