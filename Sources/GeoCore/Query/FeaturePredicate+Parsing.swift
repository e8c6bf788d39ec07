/// A predicate that does not parse, with the column (1-based, in characters) where.
public struct PredicateSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was expected or found.
    public var message: String
    /// The 1-based character column of the problem.
    public var column: Int

    public var description: String { "column \(column): \(message)" }
}

extension FeaturePredicate {
    /// How deep parentheses and NOT may nest in parsed text: 64.
    public static let maximumNesting = 64

    /// Parses the filter language:
    ///
    ///     expression := term (OR term)*        term := factor (AND factor)*
    ///     factor     := NOT factor | '(' expression ')' | field test
    ///     test       := op literal | [NOT] IN '(' literal, … ')' | IS [NOT] NULL | [NOT] LIKE 'pattern'
    ///                 | [NOT] BETWEEN literal AND literal
    ///     op         := = | != | <> | < | <= | > | >=
    ///     literal    := number | 'text' ('' for a quote) | TRUE | FALSE | a bare word (text)
    ///     field      := name | "quoted name"
    ///
    /// Keywords are case-insensitive. Parentheses and NOT nest at most
    /// ``maximumNesting`` levels deep; chains of AND and OR may be of any length.
    /// - Throws: `PredicateSyntaxError` with the column of the first problem.
    public init(parsing text: String) throws(PredicateSyntaxError) {
        var parser = PredicateParser(text)
        let predicate = try parser.expression()
        guard parser.atEnd else { throw parser.failure("expected AND, OR or the end, found \(parser.describeNext())") }
        self = predicate
    }

    /// Parses CQL2 text (OGC 21-065), the part of it GeoKit evaluates: the language of
    /// ``init(parsing:)``, except that a bare word is a property name in CQL2, so a
    /// comparison with one (two properties) is refused rather than read as text. Spatial,
    /// temporal and array operators and functions are refused with the column where they
    /// start.
    /// - Throws: `PredicateSyntaxError` with the column of the first problem.
    public init(parsingCQL2Text text: String) throws(PredicateSyntaxError) {
        var parser = PredicateParser(text)
        parser.bareWordsAreText = false
        let predicate = try parser.expression()
        guard parser.atEnd else { throw parser.failure("expected AND, OR or the end, found \(parser.describeNext())") }
        self = predicate
    }
}

/// A recursive-descent parser over the characters of a predicate.
struct PredicateParser {
    private let characters: [Character]
    private var index = 0
    private var depth = 0
    /// Whether a bare word is a text value (GeoKit's filters) or a property name (CQL2).
    var bareWordsAreText = true

    /// How deep parentheses and NOT may nest.
    static let maximumNesting = FeaturePredicate.maximumNesting

    private mutating func descend(at start: Int) throws(PredicateSyntaxError) {
        depth += 1
        if depth > Self.maximumNesting {
            throw failure("parentheses and NOT nested deeper than \(Self.maximumNesting) levels", at: start)
        }
    }

    init(_ text: String) { characters = Array(text) }

    var atEnd: Bool {
        mutating get {
            skipSpaces()
            return index == characters.count
        }
    }

    func failure(_ message: String, at column: Int? = nil) -> PredicateSyntaxError {
        PredicateSyntaxError(message: message, column: (column ?? index) + 1)
    }

    mutating func describeNext() -> String {
        skipSpaces()
        guard index < characters.count else { return "the end" }
        return "'" + String(characters[index..<min(characters.count, index + 20)]) + "'"
    }

    private mutating func skipSpaces() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }

    /// Consumes a keyword (case-insensitive, not followed by a name character).
    private mutating func keyword(_ word: String) -> Bool {
        skipSpaces()
        let upper = Array(word.uppercased())
        guard index + upper.count <= characters.count else { return false }
        for (i, c) in upper.enumerated() where characters[index + i].uppercased() != String(c) { return false }
        let after = index + upper.count
        if after < characters.count, Self.isNameCharacter(characters[after]) { return false }
        index = after
        return true
    }

    private mutating func symbol(_ s: String) -> Bool {
        skipSpaces()
        let chars = Array(s)
        guard index + chars.count <= characters.count, Array(characters[index..<(index + chars.count)]) == chars else { return false }
        index += chars.count
        return true
    }

    static func isNameCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "-" || c == "." || c == ":" }

    mutating func expression() throws(PredicateSyntaxError) -> FeaturePredicate {
        var terms = [try term()]
        while keyword("OR") { terms.append(try term()) }
        return Self.balanced(terms, FeaturePredicate.or)
    }

    private mutating func term() throws(PredicateSyntaxError) -> FeaturePredicate {
        var factors = [try factor()]
        while keyword("AND") { factors.append(try factor()) }
        return Self.balanced(factors, FeaturePredicate.and)
    }

    /// A chain of ANDs (or ORs) as a balanced tree: both are associative, in SQL's
    /// three-valued logic too, and a chain of 20,000 conditions is then 15 levels deep,
    /// not 20,000 (every walk over the predicate is recursive).
    private static func balanced(_ parts: [FeaturePredicate], _ combine: (FeaturePredicate, FeaturePredicate) -> FeaturePredicate) -> FeaturePredicate {
        var level = parts
        while level.count > 1 {
            var next: [FeaturePredicate] = []
            next.reserveCapacity((level.count + 1) / 2)
            var i = 0
            while i + 1 < level.count {
                next.append(combine(level[i], level[i + 1]))
                i += 2
            }
            if i < level.count { next.append(level[i]) }
            level = next
        }
        return level[0]
    }

    private mutating func factor() throws(PredicateSyntaxError) -> FeaturePredicate {
        // NOT and parentheses nest by recursion: bounded, so that hostile text (a
        // server's filter parameter) cannot exhaust the stack.
        let start = index
        if keyword("NOT") {
            try descend(at: start)
            defer { depth -= 1 }
            return .not(try factor())
        }
        if symbol("(") {
            try descend(at: start)
            defer { depth -= 1 }
            let inner = try expression()
            guard symbol(")") else { throw failure("expected ')', found \(describeNext())") }
            return inner
        }
        let field = try name()
        return try test(on: field)
    }

    private mutating func name() throws(PredicateSyntaxError) -> String {
        skipSpaces()
        guard index < characters.count else { throw failure("expected a field name, found the end") }
        if characters[index] == "\"" { return try quoted(by: "\"", what: "field name") }
        let start = index
        while index < characters.count, Self.isNameCharacter(characters[index]) { index += 1 }
        guard index > start else { throw failure("expected a field name, found \(describeNext())") }
        return String(characters[start..<index])
    }

    private mutating func test(on field: String) throws(PredicateSyntaxError) -> FeaturePredicate {
        if keyword("IS") {
            let negated = keyword("NOT")
            guard keyword("NULL") else { throw failure("expected NULL after IS, found \(describeNext())") }
            return .isNull(field: field, negated: negated)
        }
        let negated = keyword("NOT")
        if keyword("IN") {
            guard symbol("(") else { throw failure("expected '(' after IN, found \(describeNext())") }
            var values = [try literal()]
            while symbol(",") { values.append(try literal()) }
            guard symbol(")") else { throw failure("expected ',' or ')' in the IN list, found \(describeNext())") }
            return .oneOf(field: field, values, negated: negated)
        }
        if keyword("LIKE") {
            let at = index
            guard case .text(let pattern) = try literal() else { throw failure("LIKE takes a quoted pattern", at: at) }
            return .like(field: field, pattern: pattern, negated: negated)
        }
        if keyword("BETWEEN") {
            let low = try literal()
            guard keyword("AND") else { throw failure("expected AND in BETWEEN, found \(describeNext())") }
            let high = try literal()
            let range = FeaturePredicate.and(.comparison(field: field, .greaterOrEqual, low), .comparison(field: field, .lessOrEqual, high))
            return negated ? .not(range) : range
        }
        if negated { throw failure("expected IN, LIKE or BETWEEN after NOT, found \(describeNext())") }
        let op: FeaturePredicate.ComparisonOperator
        if symbol("!=") || symbol("<>") { op = .notEqual }
        else if symbol("<=") { op = .lessOrEqual }
        else if symbol(">=") { op = .greaterOrEqual }
        else if symbol("=") { op = .equal }
        else if symbol("<") { op = .less }
        else if symbol(">") { op = .greater }
        else { throw failure("expected a comparison (=, !=, <, <=, >, >=), IN, LIKE, BETWEEN or IS after \"\(field)\", found \(describeNext())") }
        return .comparison(field: field, op, try literal())
    }

    private mutating func literal() throws(PredicateSyntaxError) -> FeaturePredicate.Literal {
        skipSpaces()
        guard index < characters.count else { throw failure("expected a value, found the end") }
        let start = index
        if characters[index] == "'" { return .text(try quoted(by: "'", what: "value")) }
        while index < characters.count, Self.isNameCharacter(characters[index]) || characters[index] == "+" { index += 1 }
        guard index > start else { throw failure("expected a value, found \(describeNext())") }
        let word = String(characters[start..<index])
        switch word.uppercased() {
        case "TRUE": return .boolean(true)
        case "FALSE": return .boolean(false)
        case "NULL": throw failure("compare with IS NULL, not with NULL", at: start)
        default: break
        }
        if let number = Double(word), number.isFinite, word.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true {
            return .number(number, text: word)
        }
        guard bareWordsAreText else {
            throw failure("\(word) is a property name in CQL2; quote text as '\(word)' (comparing two properties is not supported)", at: start)
        }
        return .text(word)
    }

    /// The text between two `quote` characters at the cursor, a doubled quote standing for
    /// one (SQL's rule for `'…'` values and `"…"` names).
    private mutating func quoted(by quote: Character, what: String) throws(PredicateSyntaxError) -> String {
        let start = index
        index += 1
        var result = ""
        while index < characters.count {
            if characters[index] == quote {
                if index + 1 < characters.count, characters[index + 1] == quote {
                    result.append(quote)
                    index += 2
                    continue
                }
                index += 1
                return result
            }
            result.append(characters[index])
            index += 1
        }
        throw failure("a quoted \(what) is never closed", at: start)
    }
}
