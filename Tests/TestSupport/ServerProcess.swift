import Foundation

/// A server started as a child process for a test (`geokit serve --port 0 …`): started,
/// its URL read from the first line it prints, stopped with a signal at the end.
public final class ServerProcess: @unchecked Sendable {
    // @unchecked: the process is only started and stopped by the owning test.
    /// The URL the server printed (`http://127.0.0.1:PORT`, no trailing slash).
    public let url: String
    private let process: Process
    private let errorPath: String

    /// Starts the server and waits (up to `timeout` seconds) for a line with its URL.
    /// - Throws: when the process ends or prints no URL in time (with what it wrote to
    ///   standard error).
    public init(_ executable: String, _ arguments: [String], timeout: Double = 60) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        errorPath = NSTemporaryDirectory() + "geokit-server-" + UUID().uuidString + ".log"
        FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let watched = process
        let watchdog = DispatchWorkItem { if watched.isRunning { watched.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        var text = ""
        while !text.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        watchdog.cancel()
        guard let range = text.range(of: "http://") else {
            process.waitUntilExit()
            throw ServerFailure(message: "the server printed no URL (status \(process.terminationStatus)): \(text) \(Self.read(errorPath))")
        }
        var found = String(text[range.lowerBound...].prefix { !$0.isWhitespace })
        if found.hasSuffix("/") { found.removeLast() }
        url = found
        // Standard output is not read again: drain it so that the server never blocks.
        let reader = out.fileHandleForReading
        Thread { _ = reader.readDataToEndOfFile() }.start()
    }

    /// What the server wrote to standard error so far (its request logs).
    public var errors: String { Self.read(errorPath) }

    /// Sends a signal and waits (up to `timeout` seconds) for the process to end.
    /// - Returns: its exit status, or nil when it did not end in time (it is killed).
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: Double = 20) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: errorPath)
    }

    private static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// A server that did not start.
    public struct ServerFailure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}

/// A Python 3 module's availability: nil when it imports, else why a test skips.
public func missingPythonModules(_ modules: [String], for test: String) -> String? {
    guard let python = which("python3") else { return "SKIPPED \(test): python3 is not installed" }
    let missing = modules.filter { (try? run(python, ["-c", "import \($0.replacingOccurrences(of: "-", with: "_"))"]).status) != 0 }
    guard !missing.isEmpty else { return nil }
    return "SKIPPED \(test): the Python modules \(missing.joined(separator: ", ")) are not installed; `make test` installs them (scripts/install-deps.sh --test)"
}

/// One HTTP request through Python's urllib (Foundation on Linux has no HTTP client
/// without FoundationNetworking): the status, the headers (names in lower case) and the body.
public func httpRequest(_ url: String, method: String = "GET", headers: [String: String] = [:]) throws -> (status: Int, headers: [String: String], body: String) {
    let script = """
    import json, sys, urllib.request, urllib.error
    request = urllib.request.Request(sys.argv[1], method=sys.argv[2], headers=json.loads(sys.argv[3]))
    try:
        response = urllib.request.urlopen(request, timeout=60)
    except urllib.error.HTTPError as error:
        response = error
    body = response.read().decode('utf-8', 'replace')
    print(json.dumps({'status': response.status, 'headers': {k.lower(): v for k, v in response.headers.items()}, 'body': body}))
    """
    let headerJSON = String(decoding: try JSONSerialization.data(withJSONObject: headers), as: UTF8.self)
    let result = try run(which("python3") ?? "/usr/bin/python3", ["-c", script, url, method, headerJSON])
    guard result.status == 0, let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
        throw ServerProcess.ServerFailure(message: "\(method) \(url) failed: \(result.stderr)")
    }
    return (object["status"] as? Int ?? 0, object["headers"] as? [String: String] ?? [:], object["body"] as? String ?? "")
}
