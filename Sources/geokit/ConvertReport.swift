import Foundation
import GeoKit
import GeoPostGIS

extension ConvertCommand {
    /// Prints the summary: JSON on standard output, or one line on standard error.
    static func print(_ summary: ConversionSummary, json: Bool) {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Swift.print(redactingPasswords(String(decoding: (try? encoder.encode(summary)) ?? Data(), as: UTF8.self)))
            return
        }
        let ignored = summary.ignoredFiles.map { file in
            let reason = file.reason == .symbolicLink ? "\(file.reason); --follow-symlinks reads it" : "\(file.reason)"
            return "\((file.path as NSString).lastPathComponent) (\(reason))"
        }
        printError("geokit convert: \(summary.inputs) inputs, \(summary.featuresRead) features read, \(summary.featuresWritten) written to \(summary.outputs.count) \(summary.outputs.contains(where: PostGISLocation.isURL) ? "tables" : "files")"
            + (summary.skippedByFilter > 0 ? ", \(summary.skippedByFilter) left out by --where" : "")
            + (summary.withoutGeometry > 0 ? ", \(summary.withoutGeometry) without geometry (kept)" : "")
            + (summary.repaired > 0 ? ", \(summary.repaired) geometries repaired" : "")
            + (summary.notReprojected > 0 ? ", \(summary.notReprojected) left out that could not be reprojected (--skip-failures)" : "")
            + (ignored.isEmpty ? "" : ", \(ignored.count) files in the folders ignored: " + ignored.joined(separator: ", "))
            + (summary.failed.isEmpty ? "" : ", \(summary.failed.count) failed: \(summary.failed.joined(separator: ", "))"))
    }
}

/// A one-line progress display on standard error (only on a terminal): files done,
/// features and features per second, and an estimate of the time left by input size.
final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private let enabled: Bool
    private let totalBytes: Double
    private var doneBytes = 0.0
    private var filesDone = 0
    private let fileCount: Int
    private var features = 0
    private let start = Date()
    private var timer: DispatchSourceTimer?

    init(inputs: [ConversionInput], enabled: Bool) {
        self.enabled = enabled
        fileCount = inputs.count
        totalBytes = inputs.reduce(0.0) { $0 + Double($1.size) }
        guard enabled else { return }
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
        timer.schedule(deadline: .now() + 0.5, repeating: 0.5)
        timer.setEventHandler { [weak self] in self?.draw() }
        timer.resume()
        self.timer = timer
    }

    func add(features count: Int) {
        guard enabled else { return }
        lock.withLock { features += count }
    }

    func finished(_ input: ConversionInput) {
        guard enabled else { return }
        lock.withLock {
            filesDone += 1
            doneBytes += Double(input.size)
        }
    }

    private func draw() {
        let (done, count, bytes) = lock.withLock { (filesDone, features, doneBytes) }
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(count) / elapsed : 0
        var line = "\r\(done)/\(fileCount) files  \(count) features  \(Int(rate)) features/s"
        if bytes > 0, totalBytes > bytes {
            line += "  ETA \(Int((elapsed * (totalBytes - bytes) / bytes).rounded())) s"
        }
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
    }

    func stop() {
        guard let timer else { return }
        timer.cancel()
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
