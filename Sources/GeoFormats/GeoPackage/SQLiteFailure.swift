import Foundation
import GRDB
import GeoCore

/// SQLite's failures in the words GeoKit's messages use, for the GeoPackage reader,
/// writer and store alike.
enum SQLiteFailure {
    /// A failure of SQLite (or of anything under GeoPackage) as a `ReadError` made by
    /// `failure` from its description, with the error as its cause; a `ReadError` as it is.
    static func readError(from error: any Error, _ failure: (String) -> ReadError) -> ReadError {
        if let error = error as? ReadError { return error }
        var wrapped = failure(describe(error))
        wrapped.cause = error
        return wrapped
    }

    /// What went wrong, for a message: SQLite's own words, a full disk and a place that
    /// cannot be written named as such.
    static func describe(_ error: any Error) -> String {
        if let db = error as? DatabaseError {
            let text = db.message ?? "\(db.resultCode)"
            if db.resultCode == .SQLITE_FULL { return "the disk is full" }
            if db.resultCode == .SQLITE_CANTOPEN || db.resultCode == .SQLITE_READONLY { return "cannot write here (\(text))" }
            return text
        }
        return "\(error)"
    }
}
