import GeoCore

/// The `datetime` parameter: an instant (`2024-05-01`, `2024-05-01T12:00:00Z`) or an
/// interval (`2024-01-01/2024-06-30`, with `..` or nothing for an open end).
struct DateTimeInterval: Sendable, Hashable {
    var start: String?
    var end: String?

    /// Reads the parameter.
    /// - Throws: `ServiceProblem` 400 for text that is not an RFC 3339 date or date-time.
    init(parsing text: String) throws(ServiceProblem) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        func instant(_ part: String) throws(ServiceProblem) -> String? {
            if part.isEmpty || part == ".." { return nil }
            guard Self.isRFC3339(part) else {
                throw .invalidParameter("datetime", "\"\(part)\" is not an RFC 3339 date or date-time (2024-05-01 or 2024-05-01T12:00:00Z)")
            }
            return part
        }
        switch parts.count {
        case 1:
            guard let moment = try instant(parts[0]) else { throw .invalidParameter("datetime", "an instant must not be open (\"\(text)\")") }
            start = moment
            end = moment
        case 2:
            start = try instant(parts[0])
            end = try instant(parts[1])
            if start == nil && end == nil { throw .invalidParameter("datetime", "an interval needs at least one end (\"\(text)\")") }
        default:
            throw .invalidParameter("datetime", "\"\(text)\" has more than one '/'")
        }
    }

    /// The predicate on the collection's first date or date-time field; nil when it has
    /// none (then, as OGC API says, every feature matches). ISO 8601 text of one form
    /// orders as the times do, so the comparison is on text; an instant that is a date
    /// matches the whole day.
    func predicate(on schema: LayerSchema) -> FeaturePredicate? {
        guard let field = schema.fields.first(where: { $0.type == .date || $0.type == .dateTime }) else { return nil }
        var parts: [FeaturePredicate] = []
        if let start { parts.append(.comparison(field: field.name, .greaterOrEqual, .text(start))) }
        if let end {
            // A date as the end takes in the whole day: every time of it sorts below "…~".
            let upper = end.count == 10 ? end + "~" : end
            parts.append(.comparison(field: field.name, .lessOrEqual, .text(upper)))
        }
        return parts.dropFirst().reduce(parts[0]) { .and($0, $1) }
    }

    /// `YYYY-MM-DD`, optionally followed by `T` or a space, `hh:mm:ss`, fractions and `Z`
    /// or an offset.
    static func isRFC3339(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool { range.upperBound <= bytes.count && bytes[range].allSatisfy { $0 >= 48 && $0 <= 57 } }
        guard bytes.count >= 10, digits(0..<4), bytes[4] == UInt8(ascii: "-"), digits(5..<7), bytes[7] == UInt8(ascii: "-"), digits(8..<10) else { return false }
        if bytes.count == 10 { return true }
        guard bytes.count >= 19, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " "),
              digits(11..<13), bytes[13] == UInt8(ascii: ":"), digits(14..<16), bytes[16] == UInt8(ascii: ":"), digits(17..<19) else { return false }
        var i = 19
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let first = i
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
            if i == first { return false }
        }
        if i == bytes.count { return true }
        if bytes[i] == UInt8(ascii: "Z") || bytes[i] == UInt8(ascii: "z") { return i + 1 == bytes.count }
        guard bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-"), bytes.count == i + 6,
              digits(i + 1..<i + 3), bytes[i + 3] == UInt8(ascii: ":"), digits(i + 4..<i + 6) else { return false }
        return true
    }
}
