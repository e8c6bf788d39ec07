/// An output could not be written: what and where (file, feature index).
public struct WriteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The target file, or `nil` for in-memory output.
    public var file: String?
    /// The index of the feature being written, if the problem is in a feature.
    public var featureIndex: Int?
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(file: String? = nil, featureIndex: Int? = nil, message: String) {
        self.file = file
        self.featureIndex = featureIndex
        self.message = message
    }

    public var description: String {
        var head = file ?? "<output>"
        if let featureIndex { head += ": feature \(featureIndex)" }
        return "\(head): \(message)"
    }
}
