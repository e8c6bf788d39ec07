/// An output could not be written: what and where (file, feature index).
public struct WriteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The target file, or `nil` for in-memory output.
    public var file: String?
    /// The index of the feature being written, if the problem is in a feature.
    public var featureIndex: Int?
    /// What went wrong.
    public var message: String
    /// What kind of failure it is, for callers that react without reading the message
    /// (a command line suggests its overwrite option, a server maps codes to statuses).
    public var code: Code
    /// The error underneath, when another library's failure caused this one (SQLite's,
    /// the file system's): for callers that inspect it. Not part of equality.
    public var cause: (any Error)?

    /// Kinds of write failures.
    public enum Code: String, Sendable, Hashable {
        /// The target exists and replacing it was not asked for.
        case alreadyExists
        /// A feature's geometry breaks the structural rules (see
        /// ``Geometry/structuralProblem``): no reader, GeoKit's or GDAL's, would take it back.
        case invalidGeometry
        /// Anything else: the message says what.
        case other
    }

    /// Creates an error.
    public init(file: String? = nil, featureIndex: Int? = nil, message: String, code: Code = .other, cause: (any Error)? = nil) {
        self.file = file
        self.featureIndex = featureIndex
        self.message = message
        self.code = code
        self.cause = cause
    }

    public static func == (lhs: WriteError, rhs: WriteError) -> Bool {
        lhs.file == rhs.file && lhs.featureIndex == rhs.featureIndex && lhs.message == rhs.message && lhs.code == rhs.code
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(file)
        hasher.combine(featureIndex)
        hasher.combine(message)
        hasher.combine(code)
    }

    public var description: String {
        var head = file ?? "<output>"
        if let featureIndex { head += ": feature \(featureIndex)" }
        return "\(head): \(message)"
    }
}

extension WriteError {
    /// The error every writer gives for a geometry it must not write (an unclosed ring, a
    /// one-position line, a NaN coordinate, collections nested too deep), or `nil`.
    package static func unwritable(_ geometry: Geometry?, file: String?, featureIndex: Int) -> WriteError? {
        guard let geometry, let problem = geometry.structuralProblem else { return nil }
        return WriteError(file: file, featureIndex: featureIndex,
                          message: "an invalid \(geometry.type.rawValue) cannot be written (\(problem))", code: .invalidGeometry)
    }
}
