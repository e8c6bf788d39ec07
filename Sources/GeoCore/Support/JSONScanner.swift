import Foundation

/// A failure inside a byte parser: the offset is relative to the parser's buffer; the
/// public entry points turn it into a `ReadError` with line and column.
package struct ParseFailure: Error, Sendable {
    package var offset: Int
    package var message: String
    package init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }
}

/// A JSON tokenizer that reads UTF-8 bytes in place (RFC 8259), the bottom layer of the
/// GeoJSON reader. It never goes through `JSONSerialization` or `String` per token:
/// numbers are parsed from the bytes and strings are validated and copied once.
///
/// Recursion is bounded by `maximumDepth` so that hostile input (`[[[[…`) gives an
/// error instead of overflowing the stack.
package struct JSONScanner: ~Copyable {
    package let bytes: UnsafeBufferPointer<UInt8>
    package var index: Int
    package var depth = 0
    package let maximumDepth: Int
    /// Recently seen object keys, reused so that repeated property names share storage.
    package var keyCache: [String] = []

    package init(bytes: UnsafeBufferPointer<UInt8>, startingAt index: Int = 0, maximumDepth: Int = 512) {
        self.bytes = bytes
        self.index = index
        self.maximumDepth = maximumDepth
    }

    // MARK: - Bytes and whitespace

    @inline(__always)
    package var atEnd: Bool { index >= bytes.count }

    @inline(__always)
    package mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next non-whitespace byte, without consuming it; `nil` at the end.
    @inline(__always)
    package mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    package func describeByte(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of input" }
        let b = bytes[offset]
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return String(format: "byte 0x%02X", b)
    }

    package func failure(_ message: String, at offset: Int? = nil) -> ParseFailure {
        ParseFailure(offset: offset ?? index, message: message)
    }

    /// Consumes `byte` (after whitespace) or throws "expected …".
    @inline(__always)
    package mutating func expect(_ byte: UInt8, _ what: @autoclosure () -> String) throws(ParseFailure) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else {
            throw failure("expected \(what()), found \(describeByte(at: index))")
        }
        index += 1
    }

    package mutating func enterContainer() throws(ParseFailure) {
        depth += 1
        if depth > maximumDepth {
            throw failure("JSON nested deeper than \(maximumDepth) levels")
        }
    }

    package mutating func leaveContainer() { depth -= 1 }

    /// After an element of an array or object: consumes `,` and returns true, or consumes
    /// the closing byte and returns false.
    @inline(__always)
    package mutating func continueAfterElement(closing: UInt8, in what: String) throws(ParseFailure) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end of input inside \(what)") }
        let b = bytes[index]
        if b == UInt8(ascii: ",") {
            index += 1
            return true
        }
        if b == closing {
            index += 1
            return false
        }
        throw failure("expected ',' or '\(Character(Unicode.Scalar(closing)))' in \(what), found \(describeByte(at: index))")
    }

    // MARK: - Literals

    package mutating func parseLiteral(_ word: StaticString, value: JSONValue) throws(ParseFailure) -> JSONValue {
        let start = index
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("unexpected end of input in a literal", at: start) }
        let w = word.utf8Start
        for i in 0..<count where bytes[index + i] != w[i] {
            throw failure("invalid literal, expected '\(word)'", at: start)
        }
        index += count
        return value
    }

    // MARK: - Strings

    /// Parses a JSON string (the scanner is at the opening quote).
    package mutating func parseString() throws(ParseFailure) -> String {
        let (start, end, escaped) = try scanString()
        return try makeString(start: start, end: end, escaped: escaped)
    }

    /// Parses an object key, reusing the string of an earlier equal key when possible.
    package mutating func parseKey(slot: Int) throws(ParseFailure) -> String {
        let (start, end, escaped) = try scanString()
        if !escaped, slot < keyCache.count {
            let cached = keyCache[slot]
            let length = end - start
            let same: Bool? = cached.utf8.withContiguousStorageIfAvailable { stored in
                stored.count == length
                    && (length == 0 || memcmp(stored.baseAddress!, bytes.baseAddress! + start, length) == 0)
            }
            if same == true { return cached }
        }
        let key = try makeString(start: start, end: end, escaped: escaped)
        if slot < keyCache.count {
            keyCache[slot] = key
        } else if slot == keyCache.count, slot < 256 {
            keyCache.append(key)
        }
        return key
    }

    /// Finds the extent of a string: returns the byte range of its content (without quotes)
    /// and whether it contains escapes. Consumes the closing quote.
    @inline(__always)
    package mutating func scanString() throws(ParseFailure) -> (Int, Int, Bool) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
            throw failure("expected a string, found \(describeByte(at: index))")
        }
        let open = index
        index += 1
        let start = index
        var escaped = false
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let end = index
                index += 1
                return (start, end, escaped)
            }
            if b == UInt8(ascii: "\\") {
                escaped = true
                index += 2
                continue
            }
            if b < 0x20 {
                throw failure("control character (byte 0x\(String(b, radix: 16))) inside a string; it must be escaped")
            }
            index += 1
        }
        throw failure("unterminated string", at: open)
    }

    package func makeString(start: Int, end: Int, escaped: Bool) throws(ParseFailure) -> String {
        if !escaped {
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if let bad = UTF8Validation.firstInvalidByte(in: slice) {
                throw failure("invalid UTF-8 in a string (GeoJSON must be UTF-8; convert the file)", at: start + bad)
            }
            return String(decoding: slice, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var i = start
        while i < end {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\") else {
                out.append(b)
                i += 1
                continue
            }
            guard i + 1 < end else { throw failure("unfinished escape sequence", at: i) }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(at: i, end: end)
                i += 4
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    // A high surrogate must be followed by \u and a low surrogate.
                    guard i + 6 <= end, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw failure("lone UTF-16 high surrogate in \\u escape", at: i - 6)
                    }
                    let low = try hex4(at: i + 2, end: end)
                    guard low >= 0xDC00 && low < 0xE000 else {
                        throw failure("UTF-16 high surrogate not followed by a low surrogate", at: i)
                    }
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw failure("lone UTF-16 low surrogate in \\u escape", at: i - 6)
                }
                guard let u = Unicode.Scalar(scalar) else { throw failure("invalid \\u escape", at: i - 6) }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                throw failure("invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: i - 2)
            }
        }
        return try out.withUnsafeBufferPointer { buffer throws(ParseFailure) in
            if UTF8Validation.firstInvalidByte(in: buffer) != nil {
                throw failure("invalid UTF-8 in a string (GeoJSON must be UTF-8)", at: start)
            }
            return String(decoding: buffer, as: UTF8.self)
        }
    }

    private func hex4(at i: Int, end: Int) throws(ParseFailure) -> UInt32 {
        guard i + 4 <= end else { throw failure("\\u escape needs 4 hex digits", at: i) }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = bytes[i + k]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw failure("\\u escape needs 4 hex digits", at: i + k)
            }
            v = v << 4 | d
        }
        return v
    }

    /// Parses a number and returns it as a `Double` (for coordinates).
    @inline(__always)
    package mutating func parseDouble() throws(ParseFailure) -> Double {
        switch try parseNumber() {
        case .integer(let i): return Double(i)
        case .double(let d): return d
        default: return .nan
        }
    }

    // MARK: - Values

    /// Parses any JSON value.
    package mutating func parseValue() throws(ParseFailure) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object(try parseObject())
        case UInt8(ascii: "["):
            try enterContainer()
            index += 1
            var elements: [JSONValue] = []
            if peek() == UInt8(ascii: "]") {
                index += 1
            } else {
                repeat { elements.append(try parseValue()) } while try continueAfterElement(closing: UInt8(ascii: "]"), in: "an array")
            }
            leaveContainer()
            return .array(elements)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseLiteral("true", value: .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", value: .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", value: .null)
        case UInt8(ascii: "-"), 0x30...0x39: return try parseNumber()
        default: throw failure("expected a JSON value, found \(describeByte(at: index))")
        }
    }

    /// Parses a JSON object, keeping member order; a repeated key is an error.
    package mutating func parseObject(previousKeys: [String]? = nil) throws(ParseFailure) -> JSONObject {
        try expect(UInt8(ascii: "{"), "'{'")
        try enterContainer()
        defer { leaveContainer() }
        if peek() == UInt8(ascii: "}") {
            index += 1
            return JSONObject()
        }
        // Reuse the key array of the previous object when the keys repeat in order.
        var keys: [String] = []
        var sharedKeys = previousKeys
        var values: [JSONValue] = []
        values.reserveCapacity(previousKeys?.count ?? 4)
        var seen: Set<String> = []
        var position = 0
        repeat {
            let keyStart = index
            let key = try parseKey(slot: position)
            if let shared = sharedKeys {
                if position < shared.count && shared[position] == key {
                    // still matching
                } else {
                    keys = Array(shared[0..<min(position, shared.count)])
                    sharedKeys = nil
                }
            }
            if sharedKeys == nil {
                // A scan while objects are small; a set once they are wide, so that an
                // object of 100,000 members stays linear.
                if keys.count < 32 {
                    if keys.contains(key) { throw failure("duplicate member \"\(key)\" in an object", at: keyStart) }
                } else {
                    if seen.isEmpty { seen = Set(keys) }
                    if !seen.insert(key).inserted { throw failure("duplicate member \"\(key)\" in an object", at: keyStart) }
                }
                keys.append(key)
            }
            try expect(UInt8(ascii: ":"), "':' after a member name")
            values.append(try parseValue())
            position += 1
        } while try continueAfterElement(closing: UInt8(ascii: "}"), in: "an object")
        if let shared = sharedKeys {
            if shared.count == position { return JSONObject(uncheckedKeys: shared, values: values) }
            keys = Array(shared[0..<position])
        }
        return JSONObject(uncheckedKeys: keys, values: values)
    }

    /// True when the bytes `start..<end` spell `name` (for matching structural member names
    /// without making a `String`).
    @inline(__always)
    package func span(from start: Int, to end: Int, spells name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        guard end - start == count else { return false }
        return memcmp(bytes.baseAddress! + start, name.utf8Start, count) == 0
    }
}
