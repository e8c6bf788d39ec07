/// The SQL a database store runs: SQLite (GeoPackage) or PostgreSQL (PostGIS).
public enum SQLDialect: Sendable, Hashable {
    /// SQLite: `?` placeholders; `LIKE` is rendered as the case-sensitive `GLOB`.
    case sqlite
    /// PostgreSQL: `$1`, `$2`… placeholders; text compared in the `C` collation.
    case postgreSQL
}

/// A value bound to a placeholder, never interpolated into the SQL text.
public enum SQLArgument: Sendable, Hashable {
    /// A 64-bit integer (also Booleans, as 0 and 1 in SQLite).
    case integer(Int64)
    /// A real number.
    case real(Double)
    /// Text.
    case text(String)
    /// A Boolean (PostgreSQL's `boolean`).
    case boolean(Bool)
}

/// A predicate as an SQL condition over the layer's columns, with its arguments in
/// placeholder order.
public struct SQLCondition: Sendable, Hashable {
    /// The condition, with placeholders and double-quoted column names.
    public var text: String
    /// The values for the placeholders, in order.
    public var arguments: [SQLArgument]
    /// True when the condition keeps exactly the features the predicate matches; false
    /// when it keeps more (parts that SQL cannot compute as GeoKit does were left out),
    /// and the store must still apply ``FeaturePredicate/matches(_:)-(JSONObject)`` to what it returns.
    public var isExact: Bool
}

extension FeaturePredicate {
    /// The predicate as an SQL `WHERE` condition, for a store to push into its database.
    ///
    /// SQL computes what ``matches(_:)-(JSONObject)`` computes only where the column's type
    /// and the literal agree: numbers with numeric columns, text with text columns
    /// (compared by code point), Booleans with Boolean columns, `IS NULL` always, `LIKE`
    /// on text. Other parts (a number compared with a text column by order, `LIKE` on a
    /// number) are left out, the condition then keeps a superset, and
    /// ``SQLCondition/isExact`` is false.
    /// - Parameters:
    ///   - fields: the layer's columns, named as the properties are.
    ///   - dialect: the database's SQL.
    ///   - firstPlaceholder: the number of the first placeholder (PostgreSQL's `$n`), for
    ///     a condition that follows other arguments.
    /// - Returns: the condition, or nil when no part of the predicate can be pushed.
    public func sqlCondition(fields: [Field], dialect: SQLDialect, firstPlaceholder: Int = 1) -> SQLCondition? {
        var renderer = SQLPredicateRenderer(types: Dictionary(fields.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first }),
                                            dialect: dialect, nextPlaceholder: firstPlaceholder)
        return renderer.render(self)
    }
}

/// Renders predicates leaf by leaf, collecting arguments.
struct SQLPredicateRenderer {
    let types: [String: FieldType]
    let dialect: SQLDialect
    var nextPlaceholder: Int
    var arguments: [SQLArgument] = []

    mutating func render(_ predicate: FeaturePredicate) -> SQLCondition? {
        let start = arguments.count
        guard let (text, exact) = condition(predicate) else {
            arguments.removeSubrange(start...)
            return nil
        }
        return SQLCondition(text: text, arguments: Array(arguments[start...]), isExact: exact)
    }

    /// The condition and whether it is exact (three-valued: true, false and unknown as
    /// the predicate's), or nil when nothing of it can be said in SQL.
    private mutating func condition(_ predicate: FeaturePredicate) -> (String, Bool)? {
        switch predicate {
        case .and(let a, let b):
            // A part left out of a conjunction only widens it.
            let mark = (arguments.count, nextPlaceholder)
            let left = condition(a)
            let right = condition(b)
            switch (left, right) {
            case let (l?, r?): return ("(\(l.0) AND \(r.0))", l.1 && r.1)
            case let (l?, nil): return (l.0, false)
            case let (nil, r?): return (r.0, false)
            case (nil, nil):
                rewind(to: mark)
                return nil
            }
        case .or(let a, let b):
            let mark = (arguments.count, nextPlaceholder)
            guard let l = condition(a), let r = condition(b) else { rewind(to: mark); return nil }
            return ("(\(l.0) OR \(r.0))", l.1 && r.1)
        case .not(let a):
            // Only an exact condition may be negated.
            let mark = (arguments.count, nextPlaceholder)
            guard let inner = condition(a), inner.1 else { rewind(to: mark); return nil }
            return ("(NOT \(inner.0))", true)
        case .isNull(let field, let negated):
            guard types[field] != nil else { return nil }
            return ("\(quoted(field)) IS \(negated ? "NOT " : "")NULL", true)
        case .comparison(let field, let op, let literal):
            return comparison(field, op, literal)
        case .oneOf(let field, let literals, let negated):
            return oneOf(field, literals, negated: negated)
        case .like(let field, let pattern, let negated):
            guard let type = types[field], type.isText, let rendered = likePattern(pattern) else { return nil }
            let not = negated ? "NOT " : ""
            switch dialect {
            case .sqlite: return ("\(quoted(field)) \(not)GLOB \(bind(.text(rendered)))", true)
            case .postgreSQL: return ("\(quoted(field)) \(not)LIKE \(bind(.text(rendered))) ESCAPE '\\'", true)
            }
        }
    }

    private mutating func rewind(to mark: (Int, Int)) {
        arguments.removeSubrange(mark.0...)
        nextPlaceholder = mark.1
    }

    private mutating func comparison(_ field: String, _ op: FeaturePredicate.ComparisonOperator, _ literal: FeaturePredicate.Literal) -> (String, Bool)? {
        guard let type = types[field] else { return nil }
        let sqlOperator = op == .notEqual ? "<>" : op.rawValue
        switch literal {
        case .number(let value, let written):
            if type.isNumeric { return ("\(quoted(field)) \(sqlOperator) \(bind(.real(value)))", true) }
            // A text column equals a number only as written (`plz = 04109`); a text that
            // is no number compares as unknown in GeoKit and false in SQL: not exact.
            if type.isText, op == .equal { return ("\(textColumn(field)) = \(bind(.text(written)))", false) }
            return nil
        case .text(let text):
            guard type.isText else { return nil }
            return ("\(textColumn(field)) \(sqlOperator) \(bind(.text(text)))", true)
        case .boolean(let value):
            guard type == .boolean else { return nil }
            return ("\(quoted(field)) \(sqlOperator) \(bind(booleanArgument(value)))", true)
        }
    }

    private mutating func oneOf(_ field: String, _ literals: [FeaturePredicate.Literal], negated: Bool) -> (String, Bool)? {
        guard let type = types[field], !literals.isEmpty else { return nil }
        var values: [SQLArgument] = []
        for literal in literals {
            switch (literal, type) {
            case (.number(let value, _), _) where type.isNumeric: values.append(.real(value))
            // Text equals a number literal exactly when it is written the same.
            case (.number(_, let written), _) where type.isText: values.append(.text(written))
            case (.text(let text), _) where type.isText: values.append(.text(text))
            case (.boolean(let value), .boolean): values.append(booleanArgument(value))
            default: return nil
            }
        }
        let column = type.isText ? textColumn(field) : quoted(field)
        let placeholders = values.map { bind($0) }.joined(separator: ", ")
        return ("\(column) \(negated ? "NOT " : "")IN (\(placeholders))", true)
    }

    /// A LIKE pattern (`%`, `_`, `\` escapes) in the dialect's form, or nil when it ends
    /// with a lone escape.
    private func likePattern(_ pattern: String) -> String? {
        var output = ""
        var escaped = false
        for scalar in pattern.unicodeScalars {
            if escaped {
                escaped = false
                switch dialect {
                case .sqlite: output += "*?[".unicodeScalars.contains(scalar) ? "[\(scalar)]" : String(scalar)
                case .postgreSQL: output += "\\" + String(scalar)
                }
                continue
            }
            switch (scalar, dialect) {
            case ("\\", _): escaped = true
            case ("%", .sqlite): output += "*"
            case ("_", .sqlite): output += "?"
            case ("*", .sqlite), ("?", .sqlite), ("[", .sqlite): output += "[\(scalar)]"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return escaped ? nil : output
    }

    private func booleanArgument(_ value: Bool) -> SQLArgument {
        dialect == .sqlite ? .integer(value ? 1 : 0) : .boolean(value)
    }

    /// A text column compared by code point: SQLite's default BINARY collation is; a
    /// PostgreSQL database's may follow a locale.
    private func textColumn(_ field: String) -> String {
        dialect == .sqlite ? quoted(field) : "\(quoted(field)) COLLATE \"C\""
    }

    private mutating func bind(_ argument: SQLArgument) -> String {
        arguments.append(argument)
        defer { nextPlaceholder += 1 }
        return dialect == .sqlite ? "?" : "$\(nextPlaceholder)"
    }

    private func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension FieldType {
    /// Integer or real.
    var isNumeric: Bool { self == .integer || self == .real }
    /// Text, dates and date-times (held as ISO 8601 text).
    var isText: Bool { self == .string || self == .date || self == .dateTime }
}
