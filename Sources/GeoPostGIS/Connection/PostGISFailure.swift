import Foundation
import GeoCore
import NIOCore
import PostgresNIO

/// What went wrong talking to PostgreSQL, in words a user can act on: the server's own
/// message with its SQLSTATE and hint, or what the connection met (refused, no such
/// host, TLS). Never a password: the location is always printed redacted.
enum PostGISFailure {
    /// A message for any error from postgres-nio or the network.
    static func describe(_ error: any Error, location: PostGISLocation) -> String {
        guard let failure = error as? PSQLError else {
            if let read = error as? ReadError { return read.message }
            if let write = error as? WriteError { return write.message }
            return "\(error)"
        }
        if let info = failure.serverInfo {
            let state = info[.sqlState] ?? ""
            let message = info[.message] ?? "the server refused"
            switch state {
            case "28P01", "28000":
                return "authentication failed for user \"\(location.user)\": \(message) (give the password in PGPASSWORD or ~/.pgpass)"
            case "3D000":
                return "no database \"\(location.database)\" on the server: \(message)"
            case "42501":
                return "permission denied: \(message)"
            case "42704" where message.contains("geometry"):
                return "\(message): the database has no PostGIS; run CREATE EXTENSION postgis; in it (as its owner)"
            case "42P01":
                return "no such table: \(message)"
            case "57014":
                return "the query was cancelled: \(message)"
            default:
                var text = message + (state.isEmpty ? "" : " (SQLSTATE \(state))")
                if let detail = info[.detail] { text += "; \(detail)" }
                if let hint = info[.hint] { text += "; hint: \(hint)" }
                return text
            }
        }
        let place = location.unixSocketPath ?? "\(location.host):\(location.port)"
        switch failure.code {
        case .connectionError:
            let cause = failure.underlying.map { "\($0)" } ?? ""
            if cause.lowercased().contains("refused") || cause.contains("ECONNREFUSED") || cause.contains("No such file") {
                return "could not connect to PostgreSQL at \(place): connection refused (is the server running there?)"
            }
            return "could not connect to PostgreSQL at \(place): \(cause.isEmpty ? "connection failed" : cause)"
        case .authMechanismRequiresPassword:
            return "the server at \(place) asks user \"\(location.user)\" for a password: give it in PGPASSWORD or ~/.pgpass"
        case .sslUnsupported:
            return "the server at \(place) does not offer TLS, which sslmode asks for"
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return "the connection to \(place) closed: \(failure.underlying.map { "\($0)" } ?? "no reason given")"
        case .queryCancelled:
            return "the query was cancelled"
        default:
            return "PostgreSQL at \(place): \(failure.code)\(failure.underlying.map { ": \($0)" } ?? "")"
        }
    }

    /// The error as a `ReadError` naming the location (with code `invalidQuery` for what
    /// a query got wrong, else `cannotOpen`).
    static func readError(_ error: any Error, location: PostGISLocation, context: String? = nil) -> ReadError {
        if let read = error as? ReadError { return read }
        let state = (error as? PSQLError)?.serverInfo?[.sqlState] ?? ""
        let code: ReadError.Code = state.hasPrefix("22") || state.hasPrefix("42") && state != "42501" && state != "42P01" ? .invalidQuery : .cannotOpen
        let message = describe(error, location: location)
        return ReadError(format: "PostGIS", location: SourceLocation(file: location.description),
                         message: context.map { "\($0): \(message)" } ?? message, code: code, cause: error)
    }

    /// The error as a `WriteError` naming the location.
    static func writeError(_ error: any Error, location: PostGISLocation, featureIndex: Int? = nil) -> WriteError {
        if let write = error as? WriteError { return write }
        return WriteError(file: location.description, featureIndex: featureIndex, message: describe(error, location: location), cause: error)
    }
}
