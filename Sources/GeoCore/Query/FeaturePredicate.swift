/// A typed filter on feature properties: the one filter language of GeoKit (`geokit
/// convert --where`, and the property filters a server or a database store pushes down).
///
/// ```swift
/// let open = try FeaturePredicate(parsing: "access IN ('yes', 'public') AND NOT opening_hours IS NULL")
/// let kept = layer.features.filter(open.matches)
/// ```
///
/// Comparisons follow SQL: a missing or null value makes a comparison unknown, and a
/// feature is kept only when the whole predicate is true. Numbers compare as numbers,
/// text as text (by Unicode scalar values), and a number literal compared with a text
/// value compares its text exactly as written (`plz = 04109` matches `"04109"`).
public indirect enum FeaturePredicate: Sendable, Hashable {
    /// `field op literal`.
    case comparison(field: String, ComparisonOperator, Literal)
    /// `field IN (literal, …)`, or `NOT IN` when `negated`.
    case oneOf(field: String, [Literal], negated: Bool)
    /// `field IS NULL` (missing counts as null), or `IS NOT NULL` when `negated`.
    case isNull(field: String, negated: Bool)
    /// `field LIKE 'pattern'` (`%` any text, `_` one character, case-sensitive), or
    /// `NOT LIKE` when `negated`.
    case like(field: String, pattern: String, negated: Bool)
    /// Both.
    case and(FeaturePredicate, FeaturePredicate)
    /// Either.
    case or(FeaturePredicate, FeaturePredicate)
    /// Not.
    case not(FeaturePredicate)

    /// `=`, `!=` (also `<>`), `<`, `<=`, `>`, `>=`.
    public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
        case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }

    /// A literal value in a predicate.
    public enum Literal: Sendable, Hashable {
        /// A number, with its text as written (compared with text values).
        case number(Double, text: String)
        /// Text (quoted with `'…'`, or a bare word).
        case text(String)
        /// `TRUE` or `FALSE`.
        case boolean(Bool)
    }

    /// The property names the predicate reads, in order of first use.
    public var fieldNames: [String] {
        var names: [String] = []
        func visit(_ p: FeaturePredicate) {
            switch p {
            case .comparison(let f, _, _), .oneOf(let f, _, _), .isNull(let f, _), .like(let f, _, _):
                if !names.contains(f) { names.append(f) }
            case .and(let a, let b), .or(let a, let b):
                visit(a)
                visit(b)
            case .not(let a):
                visit(a)
            }
        }
        visit(self)
        return names
    }

    /// Whether a feature's properties satisfy the predicate (unknown counts as not).
    public func matches(_ properties: JSONObject) -> Bool {
        evaluate(properties) == true
    }

    /// Whether a feature satisfies the predicate.
    public func matches(_ feature: Feature) -> Bool {
        matches(feature.properties)
    }

    /// SQL's three-valued result: nil is unknown.
    func evaluate(_ properties: JSONObject) -> Bool? {
        switch self {
        case .comparison(let field, let op, let literal):
            guard let order = Self.compare(properties[field] ?? .null, literal) else { return nil }
            switch op {
            case .equal: return order == 0
            case .notEqual: return order != 0
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            case .greaterOrEqual: return order >= 0
            }
        case .oneOf(let field, let literals, let negated):
            let value = properties[field] ?? .null
            if value.isNull { return nil }
            let found = literals.contains { Self.compare(value, $0) == 0 }
            return found != negated
        case .isNull(let field, let negated):
            return (properties[field] ?? .null).isNull != negated
        case .like(let field, let pattern, let negated):
            guard let text = Self.text(of: properties[field] ?? .null) else { return nil }
            return LikePattern.matches(text, pattern: pattern) != negated
        case .and(let a, let b):
            let left = a.evaluate(properties)
            if left == false { return false }
            let right = b.evaluate(properties)
            if right == false { return false }
            return left == true && right == true ? true : nil
        case .or(let a, let b):
            let left = a.evaluate(properties)
            if left == true { return true }
            let right = b.evaluate(properties)
            if right == true { return true }
            return left == false && right == false ? false : nil
        case .not(let a):
            return a.evaluate(properties).map { !$0 }
        }
    }

    /// The text of a value a LIKE pattern applies to: text, or a number or Boolean as
    /// GeoKit writes it; nil for null and nested values.
    package static func text(of value: JSONValue) -> String? {
        switch value {
        case .string(let s): s
        case .integer(let i): String(i)
        case .double(let d): d.description
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }

    /// -1, 0 or 1 comparing a value with a literal, or nil when they cannot be compared
    /// (null, nested values, text that is no number against a number).
    static func compare(_ value: JSONValue, _ literal: Literal) -> Int? {
        func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (value, literal) {
        case (.null, _), (.array, _), (.object, _):
            return nil
        case (.integer(let i), .number(let n, _)):
            return order(Double(i), n)
        case (.double(let d), .number(let n, _)):
            return order(d, n)
        case (.string(let s), .number(_, let written)):
            // Text against a number: equal only as written; ordered as numbers when the
            // text is one.
            if s == written { return 0 }
            guard let a = Double(s), let b = Double(written) else { return s == written ? 0 : nil }
            return a == b ? order(s, written) : order(a, b)
        case (.string(let s), .text(let t)):
            if s.unicodeScalars.elementsEqual(t.unicodeScalars) { return 0 }
            return s.unicodeScalars.lexicographicallyPrecedes(t.unicodeScalars) ? -1 : 1
        case (.integer, .text(let t)), (.double, .text(let t)):
            guard let n = Double(t) else { return nil }
            return compare(value, .number(n, text: t))
        case (.bool(let b), .boolean(let l)):
            return order(b ? 1 : 0, l ? 1 : 0)
        case (.bool(let b), .text(let t)):
            return (b ? "true" : "false") == t.lowercased() ? 0 : nil
        case (.string(let s), .boolean(let l)):
            return s.lowercased() == (l ? "true" : "false") ? 0 : nil
        default:
            return nil
        }
    }
}

/// SQL LIKE matching: `%` any run of characters, `_` one character, `\` escapes either.
enum LikePattern {
    static func matches(_ text: String, pattern: String) -> Bool {
        let t = Array(text.unicodeScalars), p = Array(pattern.unicodeScalars)
        // Iterative wildcard matching with one backtrack point (linear in practice).
        var ti = 0, pi = 0, starP = -1, starT = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "\\", pi + 1 < p.count, p[pi + 1] == t[ti] {
                ti += 1
                pi += 2
            } else if pi < p.count, p[pi] == "_" || (p[pi] != "%" && p[pi] != "\\" && p[pi] == t[ti]) {
                ti += 1
                pi += 1
            } else if pi < p.count, p[pi] == "%" {
                starP = pi
                starT = ti
                pi += 1
            } else if starP >= 0 {
                pi = starP + 1
                starT += 1
                ti = starT
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "%" { pi += 1 }
        return pi == p.count
    }
}
