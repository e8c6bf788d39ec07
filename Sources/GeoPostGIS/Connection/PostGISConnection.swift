import Foundation
import GeoCore
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

extension PostGISLocation {
    /// The configuration of one connection (a load's).
    var connectionConfiguration: PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socket = unixSocketPath {
            configuration = .init(unixSocketPath: socket, username: user, password: password, database: database)
        } else {
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: connectionTLS)
        }
        configuration.options.additionalStartupParameters = Self.startupParameters
        return configuration
    }

    /// The configuration of a pool of connections (a store's).
    var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socket = unixSocketPath {
            configuration = .init(unixSocketPath: socket, username: user, password: password, database: database)
        } else {
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: clientTLS)
        }
        configuration.options.additionalStartupParameters = Self.startupParameters
        configuration.options.maximumConnections = 8
        return configuration
    }

    /// Every session answers times in UTC, so that date-times read back as they were
    /// written (`…Z`), whatever the server's time zone, and dates in ISO order. The
    /// application name carries the process id, so that `pg_stat_activity` tells which
    /// geokit a session belongs to.
    static let startupParameters = [("TimeZone", "UTC"), ("DateStyle", "ISO, YMD"),
                                    ("application_name", "geokit \(ProcessInfo.processInfo.processIdentifier)")]

    private var tlsConfiguration: TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if self.tls != .verify { tls.certificateVerification = .none }
        return tls
    }

    private var connectionTLS: PostgresConnection.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .prefer: (try? .prefer(.init(configuration: tlsConfiguration))) ?? .disable
        case .require, .verify: (try? .require(.init(configuration: tlsConfiguration))) ?? .disable
        }
    }

    private var clientTLS: PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .prefer: .prefer(tlsConfiguration)
        case .require, .verify: .require(tlsConfiguration)
        }
    }

    /// Opens one connection.
    /// - Throws: the connection's error (refused, authentication…), as postgres-nio gives it.
    func connect(logger: Logger = PostGISLog.silent) async throws -> PostgresConnection {
        try await PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: connectionConfiguration,
                                             id: PostGISLog.nextConnectionID(), logger: logger)
    }

    /// The name of a table of this location's schema as SQL (both parts quoted).
    func qualified(_ table: String) -> String { PostGISSQL.quoted(schema) + "." + PostGISSQL.quoted(table) }
}

/// Loggers and connection numbers.
enum PostGISLog {
    /// A logger that drops everything (postgres-nio logs at trace and debug).
    static let silent = Logger(label: "geokit.postgis", factory: { _ in SwiftLogNoOpLogHandler() })

    private static let counter = Counter()

    static func nextConnectionID() -> Int { counter.next() }

    private final class Counter: @unchecked Sendable {
        // @unchecked: `value` is only touched under `lock`.
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.withLock { value += 1; return value } }
    }
}

/// SQL text that GeoKit writes itself: quoted identifiers. Values are never written into
/// SQL; they are bound.
enum PostGISSQL {
    /// An identifier in double quotes, inner quotes doubled: any name is safe.
    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// PostgreSQL keeps the first 63 bytes of a name (and says so only in a notice): a
    /// longer name is cut here, at a character, so that the cut can be named in a warning.
    static func fitted(_ name: String, bytes: Int = 63) -> String {
        guard name.utf8.count > bytes else { return name }
        var cut = ""
        for character in name {
            if cut.utf8.count + String(character).utf8.count > bytes { break }
            cut.append(character)
        }
        return cut
    }

    /// A query from GeoKit's own SQL text and bound values.
    static func query(_ sql: String, _ values: [SQLArgument?] = []) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case nil: bindings.appendNull()
            case .integer(let i)?: bindings.append(i)
            case .real(let d)?: bindings.append(d)
            case .text(let s)?: bindings.append(s)
            case .boolean(let b)?: bindings.append(b)
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }
}
