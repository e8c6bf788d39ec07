import Foundation

/// The throw-away PostGIS cluster of `scripts/postgis.sh` (which `make test` starts and
/// stops): its URL comes in `GEOKIT_TEST_POSTGRES_URL`. Tests that need it skip, saying
/// so, when it is absent.
public enum PostGISTesting {
    /// The database's URL, or nil.
    public static let url: String? = {
        if let given = ProcessInfo.processInfo.environment["GEOKIT_TEST_POSTGRES_URL"], !given.isEmpty { return given }
        return nil
    }()

    /// Why the database tests skip.
    public static let absence = "no PostGIS database: GEOKIT_TEST_POSTGRES_URL is not set (make test starts one with scripts/postgis.sh)"

    /// The URL with a table named.
    public static func url(table: String) -> String {
        var components = URLComponents(string: url ?? "postgresql://localhost/geokit")!
        components.queryItems = (components.queryItems ?? []).filter { $0.name != "table" } + [URLQueryItem(name: "table", value: table)]
        return components.string!
    }

    /// Runs SQL with psql (as the test database's user) and returns its output, unaligned,
    /// tuples only.
    @discardableResult
    public static func psql(_ sql: String, database: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        guard let url, var components = URLComponents(string: url) else { return (1, "", "no database") }
        if let database { components.path = "/" + database }
        components.queryItems = (components.queryItems ?? []).filter { $0.name != "table" && $0.name != "schema" }
        return try run("/usr/bin/env", ["psql", components.string!, "-X", "-v", "ON_ERROR_STOP=1", "-Atqc", sql])
    }

    /// A table name no other test uses.
    public static func uniqueTable(_ base: String) -> String {
        "\(base)_\(ProcessInfo.processInfo.processIdentifier)_\(UInt32.random(in: 0...UInt32.max))"
    }
}
