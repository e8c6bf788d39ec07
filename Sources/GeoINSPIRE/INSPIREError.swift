import GeoCore

/// What went wrong in INSPIRE work, and where: a mapping or metadata file (line and
/// column), a feature (its index), or a document that does not validate.
public struct INSPIREError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where: the file, line and column, or the feature index.
    public var location: SourceLocation
    /// What is wrong, in words.
    public var message: String
    /// The kind of failure, stable for programs (a server maps it to a status).
    public var code: Code

    /// Kinds of failure.
    public enum Code: String, Sendable, Hashable {
        /// The mapping file is not valid YAML, or says something GeoKit cannot do.
        case invalidMapping
        /// The metadata file is not valid YAML, or lacks what the record needs.
        case invalidMetadata
        /// The layer cannot be exported as mapped (a missing `localId`, an unmapped code).
        case unmappable
        /// The schemas could not be loaded.
        case schemasUnavailable
        /// A file would be replaced that the user did not allow to be.
        case alreadyExists
    }

    /// Creates an error.
    public init(_ message: String, at location: SourceLocation = SourceLocation(), code: Code) {
        self.message = message
        self.location = location
        self.code = code
    }

    /// `file:line:column: message`, or the message alone when the place is unknown.
    public var description: String {
        location == SourceLocation() ? message : "\(location): \(message)"
    }
}
