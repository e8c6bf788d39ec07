import GeoKit

/// `--where FIELD=VALUE` and friends.
struct FeatureFilter {
    let field: String
    let op: String
    let value: String

    init?(_ text: String) {
        for op in ["!=", ">=", "<=", "=", ">", "<"] {
            if let range = text.range(of: op) {
                field = String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
                value = String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces)
                self.op = op
                if field.isEmpty { return nil }
                if ["<", ">", "<=", ">="].contains(op), Double(value) == nil { return nil }
                return
            }
        }
        return nil
    }

    func matches(_ feature: Feature) -> Bool {
        let v = feature.properties[field] ?? .null
        let text: String = switch v {
        case .string(let s): s
        case .integer(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): String(b)
        default: ""
        }
        switch op {
        case "=": return text == value
        case "!=": return text != value
        default:
            guard let number = v.doubleValue, let limit = Double(value) else { return false }
            switch op {
            case ">": return number > limit
            case "<": return number < limit
            case ">=": return number >= limit
            default: return number <= limit
            }
        }
    }
}
