import Foundation
import GeoKit
@testable import GeoPostGIS
import Testing
import TestSupport

/// `postgresql://` URLs read as libpq reads them, with the environment and the password
/// file filling the gaps, and no password in anything printed.
@Suite struct PostGISLocationTests {
    @Test func readsEveryPartOfTheURL() throws {
        let location = try PostGISLocation("postgresql://gis:s3cr%40t@db.example:6543/open%20data?schema=aed&table=Standorte&sslmode=require", environment: [:])
        #expect(location.host == "db.example" && location.port == 6543 && location.user == "gis")
        #expect(location.password == "s3cr@t" && location.database == "open data")
        #expect(location.schema == "aed" && location.table == "Standorte" && location.tls == .require)
        #expect(!location.description.contains("s3cr"))
        #expect(location.description == "postgresql://gis@db.example:6543/open%20data?schema=aed&table=Standorte")
    }

    @Test func fillsGapsFromTheEnvironmentAsLibpqDoes() throws {
        let environment = ["PGHOST": "pg.internal", "PGPORT": "5433", "PGUSER": "reader", "PGPASSWORD": "pw", "PGDATABASE": "gis", "HOME": "/nonexistent"]
        let location = try PostGISLocation("postgres://", environment: environment)
        #expect(location.host == "pg.internal" && location.port == 5433 && location.user == "reader")
        #expect(location.password == "pw" && location.database == "gis" && location.schema == "public" && location.table == nil)
        // The URL wins over the environment.
        let given = try PostGISLocation("postgresql://other@h:1/db", environment: environment)
        #expect(given.user == "other" && given.host == "h" && given.port == 1 && given.database == "db")
    }

    @Test func aSocketFolderIsAHostThatStartsWithASlash() throws {
        let location = try PostGISLocation("postgresql:///geokit?host=/tmp/pg&port=5544&user=me", environment: [:])
        #expect(location.usesUnixSocket && location.unixSocketPath == "/tmp/pg/.s.PGSQL.5544")
        #expect(location.description == "postgresql://me@/geokit?host=%2Ftmp%2Fpg&port=5544")
        let encoded = try PostGISLocation("postgresql://me@%2Fvar%2Frun%2Fpostgresql/db", environment: [:])
        #expect(encoded.host == "/var/run/postgresql")
    }

    @Test func readsThePasswordFileWithWildcardsAndEscapes() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/pgpass"
        try """
            # comment
            other:5432:*:gis:wrong
            db.example:*:open*data:gis:never
            db.example:*:opendata:gis:pa\\:ss\\\\word
            *:*:*:*:fallback
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let environment = ["PGPASSFILE": file]
        #expect(try PostGISLocation("postgresql://gis@db.example/opendata", environment: environment).password == "pa:ss\\word")
        #expect(try PostGISLocation("postgresql://x@y/z", environment: environment).password == "fallback")
        #expect(try PostGISLocation("postgresql://gis:given@db.example/opendata", environment: environment).password == "given")
    }

    @Test func refusesWhatIsNotAValidURLWithoutShowingThePassword() {
        for (url, expected) in [("http://example.com/db", "not a postgresql:// URL"), ("postgresql://u:topsecret@h:99999/db", "port"),
                                ("postgresql://u:topsecret@h/db?sslmode=sometimes", "sslmode")] {
            do {
                _ = try PostGISLocation(url, environment: [:])
                Issue.record("\(url) was accepted")
            } catch {
                #expect(error.message.contains(expected), "\(error)")
                #expect(!"\(error)".contains("topsecret"), "\(error)")
            }
        }
    }

    @Test func redactsPasswordsInAnyURLText() {
        #expect(PostGISLocation.redacting("postgresql://u:p%40ss@h:5/db?x=1") == "postgresql://u:***@h:5/db?x=1")
        #expect(PostGISLocation.redacting("postgres://h/db?user=u&password=abc&table=t") == "postgres://h/db?user=u&password=***&table=t")
        #expect(PostGISLocation.redacting("postgresql://u@h/db") == "postgresql://u@h/db")
    }
}
