import Foundation

/// Helpers shared by the test targets (not a product: nothing outside the tests uses it).

/// Paths of the repository, the fixtures and the shared data beside it.
public enum Paths {
    public static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static func fixture(_ relative: String) -> String { repository + "/Fixtures/" + relative }

    /// `../shared` beside the repository, or `nil` when it is absent.
    public static let shared: String? = {
        let path = (repository as NSString).deletingLastPathComponent + "/shared"
        return FileManager.default.fileExists(atPath: path + "/data") ? path : nil
    }()
}

/// Runs a command and returns its exit status and output.
@discardableResult
public func run(_ executable: String, _ arguments: [String], stdin: Data? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = input
    try process.run()
    // Input written and both outputs read at once: a process that fills one pipe while
    // the other is being read would otherwise never finish.
    let writer = Thread {
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try? input.fileHandleForWriting.close()
    }
    writer.start()
    nonisolated(unsafe) var errData = Data()
    let errorsRead = DispatchSemaphore(value: 0)
    Thread {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        errorsRead.signal()
    }.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    errorsRead.wait()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// The first executable found by name on PATH.
public func which(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

/// A fresh temporary directory.
public func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "geokit-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Reproducible pseudo-random numbers in [0, 1) (a 64-bit linear congruential stream), so
/// that randomised checks fail the same way every run.
public struct RandomStream {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }

    /// A whole number in 0..<bound.
    public mutating func next(below bound: Int) -> Int {
        min(bound - 1, Int(next() * Double(bound)))
    }
}
