import Foundation
import GeoCore

/// What a ``Conversion`` did, filled in by its concurrent jobs; ``summary`` reads it.
public final class ConversionReport: @unchecked Sendable {
    // @unchecked: every property is touched only under `lock`.
    private let lock = NSLock()
    private var current = ConversionSummary()

    /// Creates an empty report.
    public init() {}

    /// A snapshot of the report.
    public var summary: ConversionSummary { lock.withLock { current.sorted() } }

    func setInputs(_ count: Int) { lock.withLock { current.inputs = count } }

    /// Records one finished output, made from `inputs`.
    func add(output: String, inputs: [String], seconds: Double, counts: ConversionCounts) {
        lock.withLock {
            current.conversions.append(ConversionSummary.Entry(inputs: inputs, output: output, featuresRead: counts.read,
                                                               featuresWritten: counts.written, seconds: (seconds * 1000).rounded() / 1000))
            current.outputs.append(output)
            current.featuresRead += counts.read
            current.featuresWritten += counts.written
            current.skippedByFilter += counts.read - counts.written - counts.notReprojected
            current.withoutGeometry += counts.withoutGeometry
            current.repaired += counts.changedBySteps
            current.notReprojected += counts.notReprojected
        }
    }

    /// Records a file in an input folder that is not read.
    func ignore(_ file: ConversionSources.IgnoredFile) {
        lock.withLock {
            current.ignored.append(file.path)
            current.ignoredBecause[file.path] = file.reason.description
            current.ignoredFiles.append(file)
        }
    }

    /// Records a failed input or output.
    func fail(_ name: String, _ error: any Error) {
        lock.withLock {
            current.failed.append(name)
            current.failures.append(ConversionFailure(name: name, error: error))
        }
    }
}

/// The totals of a conversion and each output it made; encodes as `geokit convert --json`
/// prints it.
public struct ConversionSummary: Sendable, Encodable {
    /// Inputs (files, or tables of files that hold several).
    public var inputs = 0
    /// The outputs written, sorted.
    public var outputs: [String] = []
    /// Features read from every input.
    public var featuresRead = 0
    /// Features written to every output.
    public var featuresWritten = 0
    /// Features the filter left out.
    public var skippedByFilter = 0
    /// Features without geometry (kept).
    public var withoutGeometry = 0
    /// Features the steps changed (geometries repaired).
    public var repaired = 0
    /// Features left out because they could not be reprojected.
    public var notReprojected = 0
    /// The inputs and outputs that failed, sorted by name.
    public var failed: [String] = []
    /// Each output with its inputs, counts and wall-clock seconds.
    public var conversions: [Entry] = []
    /// Files in input folders that were not read, sorted.
    public var ignored: [String] = []
    /// Why each ignored file was not read.
    public var ignoredBecause: [String: String] = [:]
    /// The ignored files with their reasons as values.
    public var ignoredFiles: [ConversionSources.IgnoredFile] = []
    /// Each failure with its error.
    public var failures: [ConversionFailure] = []

    /// One finished output: which inputs went into it, how many features, and how long it
    /// took (seconds from opening the first input to closing the output).
    public struct Entry: Sendable, Encodable {
        public var inputs: [String], output: String, featuresRead: Int, featuresWritten: Int, seconds: Double
    }

    private enum CodingKeys: String, CodingKey {
        case inputs, outputs, featuresRead, featuresWritten, skippedByFilter, withoutGeometry, repaired, notReprojected
        case failed, conversions, ignored, ignoredBecause
    }

    func sorted() -> ConversionSummary {
        var copy = self
        copy.outputs = Array(Set(outputs)).sorted()
        copy.failed = failed.sorted()
        copy.conversions = conversions.sorted { ($0.output, $0.inputs.first ?? "") < ($1.output, $1.inputs.first ?? "") }
        copy.ignored = ignored.sorted()
        copy.ignoredFiles = ignoredFiles.sorted { $0.path < $1.path }
        return copy
    }
}

/// An input or output that failed, and why.
public struct ConversionFailure: Sendable {
    /// The input's or output's name.
    public var name: String
    /// The error: a `ReadError`, `WriteError`, `ConversionError` or `PROJError`.
    public var error: any Error
}

/// Counts of one conversion.
struct ConversionCounts: Sendable {
    var read = 0, written = 0, withoutGeometry = 0, changedBySteps = 0, notReprojected = 0

    static func += (lhs: inout ConversionCounts, rhs: ConversionCounts) {
        lhs.read += rhs.read
        lhs.written += rhs.written
        lhs.withoutGeometry += rhs.withoutGeometry
        lhs.changedBySteps += rhs.changedBySteps
        lhs.notReprojected += rhs.notReprojected
    }
}

extension ConversionSources.IgnoredFile.Reason: CustomStringConvertible {
    public var description: String {
        switch self {
        case .symbolicLink: "a symbolic link"
        case .noTableWithCoordinates: "no table with coordinates"
        case .notData(let reason): reason
        }
    }
}
