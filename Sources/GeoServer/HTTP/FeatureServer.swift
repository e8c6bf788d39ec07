import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// A ``FeatureService`` on HTTP/1.1 (Hummingbird): request logs, a time limit per
/// request, optional CORS for browser apps, and a graceful stop on SIGTERM or SIGINT
/// (requests in flight are answered first).
///
/// ```swift
/// let server = FeatureServer(service: service, host: "127.0.0.1", port: 8080)
/// try await server.run()
/// ```
///
/// No request ever names a file: every answer comes from the service's stores.
public struct FeatureServer: Sendable {
    /// The service that answers.
    public let service: FeatureService
    /// The address to listen on (`127.0.0.1` for this machine only, `0.0.0.0` for all).
    public var host: String
    /// The port; 0 lets the system choose one (see `run(onStart:)`).
    public var port: Int
    /// Whether browser apps of other origins may read the answers (CORS, `*`).
    public var allowsCrossOrigin: Bool
    /// The longest a request may take before it is answered 503.
    public var requestTimeLimit: Duration
    /// The URL that links start with (`https://geo.example.org/aed`), when the server
    /// sits behind a proxy; nil builds it from the request's `Host` header.
    public var publicURL: String?
    /// Where request logs go.
    public var logger: Logger

    /// Creates a server.
    /// - Parameters:
    ///   - service: the service that answers.
    ///   - host: the address to listen on.
    ///   - port: the port; 0 for any free one.
    ///   - allowsCrossOrigin: answer CORS requests from any origin.
    ///   - requestTimeLimit: the longest a request may take (30 s).
    ///   - publicURL: the URL links start with, when behind a proxy.
    ///   - logger: where request logs go.
    public init(service: FeatureService, host: String = "127.0.0.1", port: Int = 8080, allowsCrossOrigin: Bool = false,
                requestTimeLimit: Duration = .seconds(30), publicURL: String? = nil, logger: Logger = Logger(label: "geokit.serve")) {
        self.service = service
        self.host = host
        self.port = port
        self.allowsCrossOrigin = allowsCrossOrigin
        self.requestTimeLimit = requestTimeLimit
        self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.logger = logger
    }

    /// Serves until SIGTERM or SIGINT.
    /// - Parameter onStart: called once the server listens, with the port it listens on.
    /// - Throws: when the address cannot be bound (in use, not this machine's).
    public func run(onStart: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            await self.respond(to: request)
        }
        let application = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "GeoKit"),
            onServerRunning: { channel in await onStart(channel.localAddress?.port ?? port) },
            logger: logger
        )
        try await application.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    func respond(to request: Request) async -> Response {
        let started = ContinuousClock.now
        let method = request.method.rawValue
        var answer: ServiceResponse
        if method == "OPTIONS" && allowsCrossOrigin {
            answer = ServiceResponse(status: 204, contentType: "text/plain", body: [], headers: [
                .init("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS"), .init("Access-Control-Allow-Headers", "Accept, Content-Type"),
                .init("Access-Control-Max-Age", "86400"),
            ])
        } else {
            let serviceRequest = ServiceRequest(method: method, target: request.uri.string, accept: request.headers[.accept],
                                                baseURL: publicURL ?? baseURL(authority: request.head.authority))
            answer = await withTimeLimit { await service.respond(to: serviceRequest) }
                ?? ServiceProblem(status: 503, title: "Too slow", detail: "the answer took longer than \(requestTimeLimit)").response(instance: serviceRequest.path)
        }
        if allowsCrossOrigin { answer.headers.append(.init("Access-Control-Allow-Origin", "*")) }
        let milliseconds = (ContinuousClock.now - started) / .milliseconds(1)
        logger.info("request", metadata: ["method": "\(method)", "target": "\(request.uri.string.prefix(300))",
                                           "status": "\(answer.status)", "ms": "\((milliseconds * 10).rounded() / 10)"])
        return Self.response(answer, isHead: method == "HEAD")
    }

    /// `http://HOST` from the request's Host header when it is a plain host name or
    /// address with a port; otherwise the listening address (a Host header never reaches
    /// a page unchecked).
    func baseURL(authority: String?) -> String {
        if let authority, !authority.isEmpty, authority.utf8.count <= 255,
           authority.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ".-:[]".unicodeScalars.contains($0) }) {
            return "http://" + authority
        }
        return "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    /// The work's answer, or nil when the time limit passes first. The answer goes out at
    /// the limit even when the work cannot stop (a SQLite query runs to its end, in the
    /// background). The timer is a Dispatch timer, so that it fires on time even when
    /// every thread of Swift's cooperative pool is busy; it is cancelled as soon as the
    /// work answers.
    private func withTimeLimit(_ work: @escaping @Sendable () async -> ServiceResponse) async -> ServiceResponse? {
        let components = requestTimeLimit.components
        let seconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
        let race = FirstAnswer()
        return await withCheckedContinuation { continuation in
            race.start(continuation)
            let worker = Task {
                let answer = await work()
                race.finish(with: answer)
            }
            let timer = CancellableTimer { if race.finish(with: nil) { worker.cancel() } }
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: timer.item)
            race.onFinish { timer.item.cancel() }
        }
    }

    static func response(_ answer: ServiceResponse, isHead: Bool) -> Response {
        var fields = HTTPFields()
        for header in answer.headers {
            guard let name = HTTPField.Name(header.name) else { continue }
            // Hummingbird writes Content-Length itself; a HEAD answer keeps the GET length.
            if name == .contentLength && !isHead { continue }
            fields.append(HTTPField(name: name, value: header.value))
        }
        let body: ResponseBody
        if let file = answer.file, !isHead {
            body = ResponseBody(contentLength: answer.header("Content-Length").flatMap { Int($0) }) { writer in
                try await Self.stream(file: file, to: &writer)
            }
        } else {
            body = ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body))
        }
        return Response(status: HTTPResponse.Status(code: answer.status), headers: fields, body: body)
    }

    /// A download in chunks of 256 KiB, so that a gigabyte of GML never sits in memory.
    static func stream(file: String, to writer: inout any ResponseBodyWriter) async throws {
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw ServiceProblem(status: 500, title: "Download gone", detail: "\((file as NSString).lastPathComponent) can no longer be read")
        }
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: 1 << 18), !chunk.isEmpty {
            try await writer.write(ByteBuffer(bytes: chunk))
        }
        try await writer.finish(nil)
    }
}

/// Resumes a continuation with whichever answer comes first, once.
private final class FirstAnswer: @unchecked Sendable {
    // @unchecked: every stored property is only touched under `lock`.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<ServiceResponse?, Never>?
    private var finished = false
    private var cleanup: (@Sendable () -> Void)?

    func start(_ continuation: CheckedContinuation<ServiceResponse?, Never>) {
        lock.withLock { self.continuation = continuation }
    }

    /// Runs `body` when the race is decided (at once when it already is).
    func onFinish(_ body: @escaping @Sendable () -> Void) {
        let now = lock.withLock { () -> Bool in
            if finished { return true }
            cleanup = body
            return false
        }
        if now { body() }
    }

    /// Resumes with `answer` when nothing has yet; true when this call did.
    @discardableResult
    func finish(with answer: ServiceResponse?) -> Bool {
        let (waiting, body) = lock.withLock { () -> (CheckedContinuation<ServiceResponse?, Never>?, (@Sendable () -> Void)?) in
            guard !finished else { return (nil, nil) }
            finished = true
            defer { continuation = nil; cleanup = nil }
            return (continuation, cleanup)
        }
        guard let waiting else { return false }
        waiting.resume(returning: answer)
        body?()
        return true
    }
}

/// A Dispatch work item that any thread may cancel (`DispatchWorkItem.cancel()` is
/// thread-safe; the type is not marked `Sendable`).
private final class CancellableTimer: @unchecked Sendable {
    let item: DispatchWorkItem
    init(_ body: @escaping @Sendable () -> Void) { item = DispatchWorkItem(block: body) }
}
