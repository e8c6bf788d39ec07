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

extension SQLiteBinding {
    /// One row's text values copied into a buffer of ours, bound without SQLite copying
    /// them again (`SQLITE_STATIC`): the buffer holds them until the next row's
    /// `prepare(for:)`, which comes after the step. The statement's bindings must be
    /// cleared before the arena goes away.
    final class TextArena {
        private var storage = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
        private var used = 0

        deinit { storage.deallocate() }

        /// Makes room for the text values of one row (earlier rows' text is overwritten).
        func prepare(for values: [JSONValue]) {
            used = 0
            var needed = 0
            for value in values {
                switch value {
                case .string(let s): needed += s.utf8.count + 1
                case .double, .bool: needed += 32
                default: break
                }
            }
            if needed > storage.count {
                storage.deallocate()
                storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(needed, storage.count * 2), alignment: 1)
            }
        }

        /// Binds a value; text goes through the buffer, everything else as `bind` does.
        /// Into a text column (`asText`), reals and Booleans are bound as the text GeoKit
        /// writes for them (SQLite would keep 15 digits of a real, and 1 for true).
        func bind(_ value: JSONValue, at index: Int32, to statement: OpaquePointer?, asText: Bool = false) {
            let text: String
            switch value {
            case .string(let s): text = s
            case .double(let d) where asText && d.isFinite: text = d.description
            case .bool(let b) where asText: text = b ? "true" : "false"
            default:
                SQLiteBinding.bind(value, at: index, to: statement)
                return
            }
            let start = storage.baseAddress! + used
            let count: Int
            if let copied = text.utf8.withContiguousStorageIfAvailable({ bytes -> Int in
                if let base = bytes.baseAddress { start.copyMemory(from: base, byteCount: bytes.count) }
                return bytes.count
            }) {
                count = copied
            } else {
                var n = 0
                for byte in text.utf8 {
                    start.storeBytes(of: byte, toByteOffset: n, as: UInt8.self)
                    n += 1
                }
                count = n
            }
            used += count + 1
            _ = sqlite3_bind_text(statement, index, start.assumingMemoryBound(to: CChar.self), Int32(count), nil) // nil: SQLITE_STATIC
        }
    }
}
