import Foundation
import GeoCore
import NIOCore
import PostgresNIO

/// The database side of a ``PostGISTableSink``: one connection and one transaction in a
/// task of its own, fed by the sink's thread through a short queue (the sink waits when
/// a few batches are in flight, so memory stays flat however slow the server is).
final class PostGISLoader: @unchecked Sendable {
    // @unchecked: `failure` and `task` are only touched under `lock`; the continuation is
    // Sendable and the semaphores are thread-safe.

    /// What the sink hands over, in order.
    enum Message: Sendable {
        /// Rows in COPY text format.
        case rows([UInt8], count: Int)
        /// Statements to run between COPYs (create, add a column, widen a type).
        case alter([String])
        /// The statements that complete the table, then the swap and the commit.
        case finish([String])
    }

    let location: PostGISLocation
    let overwrite: Bool
    /// The table's name while it is loaded (in the target's schema; only letters, digits
    /// and `_`, so it is safe in COPY, which postgres-nio quotes itself).
    let stagingName: String
    /// The same name unquoted.
    let bareStagingName: String
    private let lock = NSLock()
    private var failure: WriteError?
    private var done = false
    private let stream: AsyncStream<Message>
    private let continuation: AsyncStream<Message>.Continuation
    /// Free places in the queue.
    private let places = DispatchSemaphore(value: 4)
    private let finished = DispatchSemaphore(value: 0)
    private var task: Task<Void, Never>?

    init(location: PostGISLocation, overwrite: Bool) {
        self.location = location
        self.overwrite = overwrite
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        bareStagingName = "geokit_load_\(ProcessInfo.processInfo.processIdentifier)_\(random)"
        stagingName = PostGISSQL.quoted(bareStagingName)
        (stream, continuation) = AsyncStream.makeStream(of: Message.self)
    }

    /// Connects, checks the target and begins the transaction (blocking until then).
    /// - Throws: `WriteError` for a database that cannot be reached, has no PostGIS, or
    ///   already has the table when `overwrite` is false.
    func start() throws(WriteError) {
        let ready = DispatchSemaphore(value: 0)
        let stream = self.stream
        let task = Task.detached(executorPreference: PostGISExecutor.shared) { [self] in
            await self.run(stream, ready: ready)
        }
        lock.withLock { self.task = task }
        ready.wait()
        if let failure = lock.withLock({ failure }) { throw failure }
    }

    /// Hands a message over, waiting while the queue is full.
    /// - Throws: the load's failure, once the database side has one.
    func send(_ message: Message) throws(WriteError) {
        if let failure = lock.withLock({ failure }) { throw failure }
        places.wait()
        if let failure = lock.withLock({ failure }) {
            places.signal()
            throw failure
        }
        continuation.yield(message)
    }

    /// Sends the closing statements and waits for the commit.
    func finish(closing: [String]) throws(WriteError) {
        try send(.finish(closing))
        continuation.finish()
        finished.wait()
        if let failure = lock.withLock({ failure }) { throw failure }
    }

    /// Ends an unfinished load: the transaction is rolled back, nothing changes.
    func abandon() {
        continuation.finish()
        let unfinished = lock.withLock { !done }
        if unfinished { lock.withLock { task }?.cancel() }
    }

    // MARK: The database side

    private func fail(_ error: any Error) {
        let failure = PostGISFailure.writeError(error, location: location)
        lock.withLock { if self.failure == nil { self.failure = failure } }
    }

    private func run(_ stream: AsyncStream<Message>, ready: DispatchSemaphore) async {
        var connection: PostgresConnection?
        var readySignalled = false
        defer {
            lock.withLock { done = true }
            if !readySignalled { ready.signal() }
            // Whatever was waiting for a place or for the end goes on (and finds the failure).
            for _ in 0..<8 { places.signal() }
            finished.signal()
        }
        do {
            let opened = try await location.connect()
            connection = opened
            try await PostGISCatalog.requirePostGIS(on: opened, location: location)
            try await opened.query(PostGISSQL.query("BEGIN"), logger: PostGISLog.silent)
            try await opened.query(PostGISSQL.query("SET LOCAL search_path TO \(PostGISSQL.quoted(location.schema)), public"), logger: PostGISLog.silent)
            let exists = try await opened.query(PostGISSQL.query("SELECT to_regclass($1) IS NOT NULL", [.text(target)]), logger: PostGISLog.silent)
                .collect().first?.decode(Bool.self) ?? false
            if exists && !overwrite {
                throw WriteError(file: location.description, message: "the table \(location.schema).\(location.table ?? "") exists (overwrite replaces it)", code: .alreadyExists)
            }
            ready.signal()
            readySignalled = true
            try await consume(stream, on: opened)
            try? await opened.close()
        } catch {
            fail(error)
            // Closing the connection rolls the transaction back.
            try? await connection?.close()
        }
    }

    /// The target as `"schema"."table"` text, for to_regclass.
    private var target: String { location.qualified(location.table ?? "") }

    private func consume(_ stream: AsyncStream<Message>, on connection: PostgresConnection) async throws {
        let messages = MessageQueue(stream)
        var pending = await messages.next()
        while let message = pending {
            try Task.checkCancellation()
            switch message {
            case .alter(let statements):
                places.signal()
                for statement in statements { try await connection.query(PostGISSQL.query(statement), logger: PostGISLog.silent) }
                pending = await messages.next()
            case .rows:
                // One COPY for every batch until the next statement.
                var next: Message? = message
                try await connection.copyFrom(table: bareStagingName, logger: PostGISLog.silent) { writer in
                    while case .rows(let bytes, _)? = next {
                        places.signal()
                        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
                        buffer.writeBytes(bytes)
                        try await writer.write(buffer)
                        try Task.checkCancellation()
                        next = await messages.next()
                    }
                }
                pending = next
            case .finish(let statements):
                places.signal()
                for statement in statements { try await connection.query(PostGISSQL.query(statement), logger: PostGISLog.silent) }
                try await swap(on: connection)
                try await connection.query(PostGISSQL.query("COMMIT"), logger: PostGISLog.silent)
                return
            }
        }
        throw CancellationError()
    }

    /// The stream's iterator, shared with the COPY closure.
    private final class MessageQueue: @unchecked Sendable {
        // @unchecked: used by one task at a time (the load's), in order.
        private var iterator: AsyncStream<Message>.Iterator
        init(_ stream: AsyncStream<Message>) { iterator = stream.makeAsyncIterator() }
        func next() async -> Message? { await iterator.next() }
    }

    /// Puts the loaded table in the target's place: the old one (if any) is dropped and
    /// the new one renamed, with its index and sequence, inside the transaction.
    private func swap(on connection: PostgresConnection) async throws {
        let table = location.table ?? "layer"
        let quoted = PostGISSQL.quoted(table)
        if overwrite { try await connection.query(PostGISSQL.query("DROP TABLE IF EXISTS \(location.qualified(table)) CASCADE"), logger: PostGISLog.silent) }
        // The primary key index, GiST index and identity sequence were named after the
        // staging table; they get names after the target.
        let related = try await connection.query(PostGISSQL.query("""
            SELECT c.relname::text, 'INDEX' FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = to_regclass($1)
            UNION ALL
            SELECT c.relname::text, 'SEQUENCE' FROM pg_depend d JOIN pg_class c ON c.oid = d.objid WHERE d.refobjid = to_regclass($1) AND c.relkind = 'S'
            """, [.text(stagingName)]), logger: PostGISLog.silent).collect()
        try await connection.query(PostGISSQL.query("ALTER TABLE \(stagingName) RENAME TO \(quoted)"), logger: PostGISLog.silent)
        for row in related {
            let (name, keyword) = try row.decode((String, String).self)
            let suffix = name.hasPrefix(bareStagingName) ? String(name.dropFirst(bareStagingName.count)) : "_" + name
            // Index and sequence names are the schema's: one another table holds gets a number.
            var renamed = PostGISSQL.fitted(table, bytes: max(1, 63 - suffix.utf8.count)) + suffix
            var number = 2
            while try await connection.query(PostGISSQL.query("SELECT to_regclass($1) IS NOT NULL", [.text(location.qualified(renamed))]), logger: PostGISLog.silent)
                .collect().first?.decode(Bool.self) ?? false {
                let numbered = "_\(number)" + suffix
                renamed = PostGISSQL.fitted(table, bytes: max(1, 63 - numbered.utf8.count)) + numbered
                number += 1
            }
            try await connection.query(PostGISSQL.query("ALTER \(keyword) \(PostGISSQL.quoted(name)) RENAME TO \(PostGISSQL.quoted(renamed))"), logger: PostGISLog.silent)
        }
    }
}
