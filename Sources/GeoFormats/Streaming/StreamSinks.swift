import Foundation
import GeoCore

/// Where the bytes of a sink that writes to a stream go: an HTTP response body, standard
/// output, a buffer. Called with each chunk in order; a thrown error stops the sink.
public typealias ByteStreamWriter = ([UInt8]) throws -> Void

extension FormatDriver {
    /// A sink that writes a file of this format and hands its bytes to `output` when it
    /// is finished: for formats that cannot be written front to back (a GeoPackage is a
    /// database built in place). The file is built in a private temporary folder, which
    /// is removed afterwards; a format that writes several files (a Shapefile) is refused.
    /// - Throws: `WriteError` when the temporary file cannot be created.
    public func spooledSink(layer: LayerSchema, writingTo output: @escaping ByteStreamWriter) throws(WriteError) -> any FeatureSink {
        try SpooledStreamSink(driver: self, layer: layer, output: output)
    }
}

/// A sink that writes to a byte stream through a temporary file (see
/// `FormatDriver.spooledSink(layer:writingTo:)`).
final class SpooledStreamSink: FeatureSink {
    private let folder: ScratchFolder
    private let file: String
    private var inner: (any FeatureSink)?
    private var innerWarnings: [String] = []
    private let output: ByteStreamWriter
    private let driverName: String

    init(driver: some FormatDriver, layer: LayerSchema, output: @escaping ByteStreamWriter) throws(WriteError) {
        do {
            folder = try ScratchFolder()
        } catch {
            throw WriteError(message: "cannot create a temporary folder for the \(driver.name) output: \(error.message)", cause: error)
        }
        file = folder.path + "/output." + (driver.fileExtensions.first ?? driver.name)
        self.output = output
        driverName = driver.name
        inner = try driver.makeSink(path: file, layer: layer, overwrite: false)
    }

    func write(_ feature: Feature) throws(WriteError) {
        guard let inner else { throw WriteError(message: "write after finish") }
        try inner.write(feature)
    }

    func write(contentsOf batch: [Feature]) throws(WriteError) {
        guard let inner else { throw WriteError(message: "write after finish") }
        try inner.write(contentsOf: batch)
    }

    var warnings: [String] { inner?.warnings ?? innerWarnings }

    func finish() throws(WriteError) {
        guard let sink = inner.take() else { return }
        try sink.finish()
        innerWarnings = sink.warnings
        let written = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        guard written == [(file as NSString).lastPathComponent] else {
            throw WriteError(message: "the \(driverName) format writes several files (\(written.sorted().joined(separator: ", "))), which one stream cannot carry")
        }
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw WriteError(message: "cannot read back the finished \(driverName) output")
        }
        defer { try? handle.close() }
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 1 << 20) } catch {
                throw WriteError(message: "cannot read back the finished \(driverName) output: \(error.localizedDescription)", cause: error)
            }
            guard let chunk, !chunk.isEmpty else { break }
            do { try output([UInt8](chunk)) } catch {
                throw WriteError(message: "the stream took no more: \(error)", cause: error)
            }
        }
    }
}
