/// Splits CSV text into rows of fields (RFC 4180: quoted fields may hold the delimiter,
/// doubled quotes and line breaks), remembering each row's line number for messages.
struct CSVTable {
    struct Row {
        var fields: [String]
        var line: Int
    }

    var rows: [Row] = []

    /// An unterminated quoted field, with where it started.
    struct UnterminatedQuote: Error {
        let line: Int
    }

    init(text: String, delimiter: Character) throws {
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var rowLine = 1
        var quoteLine = 1
        var chars = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending {
                pending = nil
                return p
            }
            return chars.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let following = next() {
                        if following == "\"" { field.append("\"") } else {
                            inQuotes = false
                            pending = following
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty:
                inQuotes = true
                quoteLine = line
            case delimiter:
                fields.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                fields.append(field)
                rows.append(Row(fields: fields, line: rowLine))
                fields = []
                field = ""
                line += 1
                rowLine = line
            default:
                field.append(c)
            }
        }
        if inQuotes { throw UnterminatedQuote(line: quoteLine) }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            rows.append(Row(fields: fields, line: rowLine))
        }
    }

    /// The delimiter (`,` `;` or tab) that splits the most lines into the same number of
    /// fields, judged on the first lines outside quotes.
    static func sniffDelimiter(_ text: String) -> Character {
        let lines = text.split(whereSeparator: \.isNewline).prefix(60)
        var best: (Character, Int) = (",", -1)
        for candidate: Character in [";", ",", "\t"] {
            var counts: [Int: Int] = [:]
            for line in lines {
                let n = line.filter { $0 == candidate }.count
                if n > 0 { counts[n, default: 0] += 1 }
            }
            let score = counts.values.max() ?? 0
            if score > best.1 { best = (candidate, score) }
        }
        return best.0
    }
}
