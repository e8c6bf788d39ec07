import Foundation
import GeoCore

/// Where a PostGIS layer or database is: a `postgresql://` (or `postgres://`) URL read
/// as libpq reads it, with its gaps filled from the environment (`PGHOST`, `PGPORT`,
/// `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE`) and the password file
/// (`PGPASSFILE`, else `~/.pgpass`).
///
/// ```swift
/// let location = try PostGISLocation("postgresql://gis@db.example/opendata?table=aed")
/// print(location)   // postgresql://gis@db.example:5432/opendata?table=aed (no password, ever)
/// ```
///
/// Query parameters: `schema` (default `public`), `table` (one table), `host` (a socket
/// folder, as libpq allows), `port`, `user`, `password`, `sslmode` (`disable`, `allow`,
/// `prefer`, `require`, `verify-ca`, `verify-full`). A host that starts with `/` is the
/// folder of a Unix socket.
public struct PostGISLocation: Sendable, Hashable, CustomStringConvertible {
    /// The server's host name or address, or the folder of its Unix socket.
    public var host: String
    /// The server's port (also the number in the socket's file name).
    public var port: Int
    /// The user to log in as.
    public var user: String
    /// The password, if any. Never printed: ``description`` leaves it out.
    public var password: String?
    /// The database.
    public var database: String
    /// The schema of the tables (`public` unless the URL says).
    public var schema: String
    /// One table, when the URL names it.
    public var table: String?
    /// Loads only: order the new table's rows by its GiST index (`CLUSTER`) before it goes
    /// live (`?cluster=true`). A box then reads a few pages instead of one per feature —
    /// half the time of a box page over randomly ordered rows — and the load takes about
    /// as long again as the COPY.
    public var clustersBySpace = false
    /// A read-only query whose rows are the layer (`?sql=SELECT …`), instead of a table.
    /// It runs inside a read-only transaction, so it cannot change the database.
    public var sql: String?
    /// How TLS is used.
    public var tls: TLSMode

    /// How the connection uses TLS, as libpq's `sslmode` says it.
    public enum TLSMode: String, Sendable, Hashable {
        /// No TLS.
        case disable
        /// TLS when the server offers it, without checking its certificate (libpq's
        /// `allow` and `prefer`; over a Unix socket, no TLS).
        case prefer
        /// TLS always, without checking the certificate (libpq's `require`).
        case require
        /// TLS always, with the certificate checked against the system's roots and the
        /// host name (libpq's `verify-ca` and `verify-full`).
        case verify
    }

    /// Whether the host is a Unix socket folder.
    public var usesUnixSocket: Bool { host.hasPrefix("/") }

    /// The Unix socket's path (`HOST/.s.PGSQL.PORT`), when the host is a folder.
    public var unixSocketPath: String? { usesUnixSocket ? "\(host)/.s.PGSQL.\(port)" : nil }

    /// Whether a text is a PostgreSQL URL (`postgresql://` or `postgres://`).
    public static func isURL(_ text: String) -> Bool {
        let lower = text.prefix(14).lowercased()
        return lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
    }

    /// Reads a URL, filling what it leaves out from the environment and the password file.
    /// - Parameters:
    ///   - url: a `postgresql://` or `postgres://` URL.
    ///   - environment: the variables to read (the process's by default).
    /// - Throws: `ReadError` with code `cannotOpen` when the text is not such a URL, or a
    ///   port or `sslmode` is not valid. The message never holds the password.
    public init(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ReadError) {
        func invalid(_ message: String) -> ReadError {
            ReadError(format: "PostGIS", location: SourceLocation(file: Self.redacting(url)), message: message, code: .cannotOpen)
        }
        guard Self.isURL(url), let components = URLComponents(string: url) else {
            throw invalid("not a postgresql:// URL (postgresql://USER@HOST:PORT/DATABASE?table=NAME)")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let home = environment["HOME"] ?? NSHomeDirectory()

        let hostText = query["host"] ?? components.percentEncodedHost.flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["PGHOST"] ?? (FileManager.default.fileExists(atPath: "/var/run/postgresql") ? "/var/run/postgresql" : "localhost")
        host = hostText.hasPrefix("[") && hostText.hasSuffix("]") ? String(hostText.dropFirst().dropLast()) : hostText
        let portText = query["port"] ?? components.port.map(String.init) ?? environment["PGPORT"] ?? "5432"
        guard let port = Int(portText), (1...65_535).contains(port) else { throw invalid("port \"\(portText)\" is not a number from 1 to 65535") }
        self.port = port
        user = query["user"] ?? components.user?.removingPercentEncoding ?? environment["PGUSER"] ?? Self.systemUserName()
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = query["dbname"] ?? (path.isEmpty ? nil : path.removingPercentEncoding) ?? environment["PGDATABASE"] ?? user
        schema = query["schema"].flatMap { $0.isEmpty ? nil : $0 } ?? "public"
        table = query["table"].flatMap { $0.isEmpty ? nil : $0 }
        clustersBySpace = ["1", "true", "yes"].contains(query["cluster"]?.lowercased() ?? "")
        sql = query["sql"].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        let mode = query["sslmode"] ?? environment["PGSSLMODE"] ?? "prefer"
        switch mode {
        case "disable": tls = .disable
        case "allow", "prefer": tls = .prefer
        case "require": tls = .require
        case "verify-ca", "verify-full": tls = .verify
        default: throw invalid("sslmode \"\(mode)\" is not one of disable, allow, prefer, require, verify-ca, verify-full")
        }
        password = query["password"] ?? components.password?.removingPercentEncoding ?? environment["PGPASSWORD"]
        if password == nil {
            let file = environment["PGPASSFILE"] ?? home + "/.pgpass"
            password = PasswordFile(path: file)?.password(host: host, port: port, database: database, user: user)
        }
    }

    /// The URL without the password: what errors, logs and reports show.
    public var description: String {
        var text = "postgresql://\(Self.encoded(user))@"
        text += usesUnixSocket ? "" : (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
        text += "/" + Self.encoded(database)
        var parameters: [String] = []
        if usesUnixSocket { parameters += ["host=\(Self.encoded(host))", "port=\(port)"] }
        if schema != "public" { parameters.append("schema=\(Self.encoded(schema))") }
        if let table { parameters.append("table=\(Self.encoded(table))") }
        if let sql { parameters.append("sql=\(Self.encoded(sql.abbreviated(to: 60)))") }
        return parameters.isEmpty ? text : text + "?" + parameters.joined(separator: "&")
    }

    /// The same database with another table.
    public func naming(table: String?) -> PostGISLocation {
        var copy = self
        copy.table = table
        return copy
    }

    /// A URL with any password in it replaced by `***`, for messages about text that
    /// may not even parse.
    public static func redacting(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        var text = url
        let authorityEnd = text[scheme.upperBound...].firstIndex(where: { $0 == "/" || $0 == "?" }) ?? text.endIndex
        if let at = text[scheme.upperBound..<authorityEnd].lastIndex(of: "@"),
           let colon = text[scheme.upperBound..<at].firstIndex(of: ":") {
            text.replaceSubrange(text.index(after: colon)..<at, with: "***")
        }
        // A password given as a query parameter.
        if let range = text.range(of: #"([?&])password=[^&]*"#, options: .regularExpression) {
            let separator = text[range].first!
            text.replaceSubrange(range, with: "\(separator)password=***")
        }
        return text
    }

    private static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }

    private static func systemUserName() -> String {
        if let name = ProcessInfo.processInfo.environment["USER"], !name.isEmpty { return name }
        return NSUserName()
    }
}

/// libpq's password file: lines of `host:port:database:user:password`, `*` matching
/// anything, `\:` and `\\` escaped, `#` starting a comment.
struct PasswordFile {
    let entries: [[String]]

    init?(path: String) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        entries = text.split(whereSeparator: \.isNewline).compactMap { line -> [String]? in
            guard !line.hasPrefix("#") else { return nil }
            var fields: [String] = [""]
            var escaped = false
            for character in line {
                if escaped { fields[fields.count - 1].append(character); escaped = false } else if character == "\\" { escaped = true } else if character == ":" && fields.count < 5 { fields.append("") } else { fields[fields.count - 1].append(character) }
            }
            return fields.count == 5 ? fields : nil
        }
    }

    func password(host: String, port: Int, database: String, user: String) -> String? {
        // libpq matches a socket connection against `localhost`.
        let hostName = host.hasPrefix("/") ? "localhost" : host
        let wanted = [hostName, String(port), database, user]
        return entries.first { entry in zip(entry, wanted).allSatisfy { $0 == "*" || $0 == $1 } }?[4]
    }
}
