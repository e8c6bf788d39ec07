import Foundation

/// What `geokit convert` did, filled in by concurrent jobs.
final class ConvertReport: @unchecked Sendable {
    private let lock = NSLock()
    var inputs = 0
    private(set) var outputs: [String] = []
    private(set) var featuresRead = 0
    private(set) var featuresWritten = 0
    private(set) var skippedByFilter = 0
    private(set) var withoutGeometry = 0
    private(set) var repaired = 0
    private(set) var notReprojected = 0
    private(set) var failed: [String] = []
    private(set) var ignored: [String] = []
    private var ignoredReasons: [String: String] = [:]
    private(set) var conversions: [Conversion] = []

    /// One finished conversion in the JSON report: which inputs went into which output,
    /// how many features, and how long it took (wall-clock seconds, from opening the
    /// first input to closing the output).
    struct Conversion: Encodable {
        var inputs: [String], output: String, featuresRead: Int, featuresWritten: Int, seconds: Double
    }

    /// Records one finished output, made from `inputs` in `seconds`.
    func add(output: String, inputs: [String], seconds: Double, read: Int, written: Int, skipped: Int,
             withoutGeometry missing: Int, repaired fixed: Int, failedToReproject: Int = 0) {
        lock.withLock {
            conversions.append(Conversion(inputs: inputs, output: output, featuresRead: read, featuresWritten: written,
                                          seconds: (seconds * 1000).rounded() / 1000))
            outputs.append(output)
            featuresRead += read
            featuresWritten += written
            skippedByFilter += skipped
            withoutGeometry += missing
            repaired += fixed
            notReprojected += failedToReproject
        }
    }

    /// Records a file in an input folder that is not read, and why (a `.txt` note, a
    /// `.zip` that is no archive, a symbolic link).
    func ignore(_ path: String, because reason: String) {
        lock.withLock {
            ignored.append(path)
            ignoredReasons[path] = reason
        }
    }

    /// Records a failed input or output.
    func fail(_ path: String) {
        lock.withLock { failed.append(path) }
    }

    private struct Summary: Encodable {
        var inputs: Int, outputs: [String], featuresRead: Int, featuresWritten: Int
        var skippedByFilter: Int, withoutGeometry: Int, repaired: Int, notReprojected: Int, failed: [String]
        var conversions: [Conversion]
        var ignored: [String]
        /// Why each ignored file was not read.
        var ignoredBecause: [String: String]
    }

    func print(json: Bool) {
        let summary = lock.withLock {
            Summary(inputs: inputs, outputs: Array(Set(outputs)).sorted(), featuresRead: featuresRead, featuresWritten: featuresWritten,
                    skippedByFilter: skippedByFilter, withoutGeometry: withoutGeometry, repaired: repaired, notReprojected: notReprojected, failed: failed.sorted(),
                    conversions: conversions.sorted { ($0.output, $0.inputs.first ?? "") < ($1.output, $1.inputs.first ?? "") },
                    ignored: ignored.sorted(), ignoredBecause: ignoredReasons)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Swift.print(String(decoding: (try? encoder.encode(summary)) ?? Data(), as: UTF8.self))
        } else {
            printError("geokit convert: \(summary.inputs) inputs, \(summary.featuresRead) features read, \(summary.featuresWritten) written to \(summary.outputs.count) files"
                + (summary.skippedByFilter > 0 ? ", \(summary.skippedByFilter) left out by --where" : "")
                + (summary.withoutGeometry > 0 ? ", \(summary.withoutGeometry) without geometry (kept)" : "")
                + (summary.repaired > 0 ? ", \(summary.repaired) geometries repaired" : "")
                + (summary.notReprojected > 0 ? ", \(summary.notReprojected) left out that could not be reprojected (--skip-failures)" : "")
                + (summary.ignored.isEmpty ? "" : ", \(summary.ignored.count) files in the folders ignored: "
                    + summary.ignored.map { "\(($0 as NSString).lastPathComponent) (\(summary.ignoredBecause[$0] ?? "not data"))" }.joined(separator: ", "))
                + (summary.failed.isEmpty ? "" : ", \(summary.failed.count) failed: \(summary.failed.joined(separator: ", "))"))
        }
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

    init(inputs: [ConvertInput], enabled: Bool) {
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

    func finished(_ input: ConvertInput) {
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

/// Hands out indices in a fixed order to concurrent workers.
final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var order: [Int]
    private var position = 0

    init(order: [Int]) { self.order = order }

    func next() -> Int? {
        lock.withLock {
            guard position < order.count else { return nil }
            defer { position += 1 }
            return order[position]
        }
    }
}
