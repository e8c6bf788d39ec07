import Foundation
import GeoKit
@testable import GeoServer
import HTTPTypes
import Hummingbird
import TestSupport
import Testing

/// The HTTP adapter without a socket: the time limit, CORS and what HEAD keeps.
@Suite struct FeatureServerTests {
    /// A store that takes its time and cannot be hurried: each page arrives after `delay`,
    /// cancelled or not (as a SQLite query runs to its end).
    final class SlowStore: FeatureStore, @unchecked Sendable {
        // @unchecked: `finishedPages` is only touched under `lock`.
        let inner = LayerStore(StoreConformance.layer)
        let delay: Duration
        private let lock = NSLock()
        private var finishedPages = 0
        init(delay: Duration) { self.delay = delay }
        /// How many pages the store has handed out so far.
        var pagesFinished: Int { lock.withLock { finishedPages } }
        var schema: LayerSchema { inner.schema }
        func count(matching query: FeatureQuery) async throws(ReadError) -> Int { try await inner.count(matching: query) }
        func features(matching query: FeatureQuery) async throws(ReadError) -> FeaturePage {
            let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { done.resume() }
            }
            lock.withLock { finishedPages += 1 }
            return try await inner.features(matching: query)
        }
        func feature(id: FeatureID) async throws(ReadError) -> Feature? { try await inner.feature(id: id) }
    }

    /// A limit no test reaches: the suite's other tests can keep Swift's cooperative pool
    /// busy for minutes, and the limit counts that waiting too.
    static let noLimit = Duration.seconds(3600)

    static func request(_ path: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:]) -> Request {
        Request(head: HTTPRequest(method: method, scheme: "http", authority: "geo.example:8080", path: path, headerFields: headers),
                body: RequestBody(buffer: ByteBuffer()))
    }

    static func body(_ response: Response) async throws -> String {
        var collected = ByteBuffer()
        final class Collector: ResponseBodyWriter, @unchecked Sendable {
            var buffer = ByteBuffer()
            func write(_ buffer: ByteBuffer) async throws { var copy = buffer; self.buffer.writeBuffer(&copy) }
            func finish(_ trailingHeaders: HTTPFields?) async throws {}
        }
        let collector = Collector()
        try await response.body.write(collector)
        collected = collector.buffer
        return String(buffer: collected)
    }

    @Test func aRequestOverTheTimeLimitIsAnswered503() async throws {
        let store = SlowStore(delay: .seconds(10))
        let service = try FeatureService(collections: [ServedCollection(id: "slow", store: store)])
        let server = FeatureServer(service: service, requestTimeLimit: .milliseconds(200))
        let response = await server.respond(to: Self.request("/collections/slow/items"))
        // The limit is a Dispatch timer: it decides even when the suite's other tests keep
        // every thread of the cooperative pool busy (then this task itself may resume late,
        // so when it resumes says nothing).
        #expect(response.status.code == 503)
        _ = store.pagesFinished
        #expect(try await Self.body(response).contains("longer than"))
    }

    @Test func corsIsAnsweredOnlyWhenAllowed() async throws {
        let service = ServiceTesting.service
        let open = FeatureServer(service: service, allowsCrossOrigin: true, requestTimeLimit: Self.noLimit)
        let preflight = await open.respond(to: Self.request("/collections", method: .options))
        #expect(preflight.status.code == 204 && preflight.headers[.accessControlAllowOrigin] == "*")
        let get = await open.respond(to: Self.request("/collections"))
        #expect(get.headers[.accessControlAllowOrigin] == "*")
        let closed = FeatureServer(service: service, requestTimeLimit: Self.noLimit)
        let refused = await closed.respond(to: Self.request("/collections", method: .options))
        #expect(refused.status.code == 405 && refused.headers[.accessControlAllowOrigin] == nil)
    }

    @Test func linksStartWithThePublicURLOrTheHostHeader() async throws {
        let service = ServiceTesting.service
        let behindProxy = FeatureServer(service: service, requestTimeLimit: Self.noLimit, publicURL: "https://geo.example.org/api/")
        let landing = try await Self.body(await behindProxy.respond(to: Self.request("/")))
        #expect(landing.contains("\"https://geo.example.org/api/collections\""), "\(landing.prefix(400))")
        let direct = try await Self.body(await FeatureServer(service: service, requestTimeLimit: Self.noLimit).respond(to: Self.request("/")))
        #expect(direct.contains("\"http://geo.example:8080/collections\""))
        let head = await FeatureServer(service: service, requestTimeLimit: Self.noLimit).respond(to: Self.request("/collections", method: .head))
        #expect(head.headers[.contentLength].flatMap(Int.init) ?? 0 > 100)
    }
}
