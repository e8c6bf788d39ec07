import GeoCore
import GRDBSQLite

/// Binding GeoKit values onto a prepared SQLite statement (one of GRDB's).
enum SQLiteBinding {
    /// `SQLITE_TRANSIENT`: SQLite copies the bytes before the call returns.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds a property value: booleans as 0/1, nested JSON as its text, absent as NULL.
    static func bind(_ value: JSONValue?, at index: Int32, to statement: OpaquePointer?) {
        switch value {
        case nil, .null?: sqlite3_bind_null(statement, index)
        case .bool(let b)?: sqlite3_bind_int64(statement, index, b ? 1 : 0)
        case .integer(let i)?: sqlite3_bind_int64(statement, index, i)
        case .double(let d)?: sqlite3_bind_double(statement, index, d)
        case .string(let s)?: bindText(s, at: index, to: statement)
        case let nested?: bindText(nested.jsonText, at: index, to: statement)
        }
    }

    private static func bindText(_ text: String, at index: Int32, to statement: OpaquePointer?) {
        var text = text
        text.withUTF8 { bytes in
            let pointer = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer<UInt8>(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
            _ = sqlite3_bind_text(statement, index, pointer, Int32(bytes.count), transient)
        }
    }
}
