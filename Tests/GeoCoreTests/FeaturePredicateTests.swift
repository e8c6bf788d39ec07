import GeoCore
import Testing

/// The filter language: parsing with positions, SQL's three-valued logic, numbers as
/// numbers and text as text.
@Suite struct FeaturePredicateTests {
    static let rows: [JSONObject] = [
        ["name": "Dom", "plz": "50667", "einwohner": 1500, "open": true],
        ["name": "Rathaus", "plz": "04109", "einwohner": 999, "open": false],
        ["name": "Bahnhof", "plz": "50667", "einwohner": .null],
        ["name": "O'Neill", "plz": "10115", "einwohner": 2.5],
    ]

    func names(_ text: String) throws -> [String] {
        let predicate = try FeaturePredicate(parsing: text)
        return Self.rows.filter(predicate.matches).compactMap { $0["name"]?.stringValue }
    }

    @Test func comparisonsAndLogic() throws {
        #expect(try names("einwohner > 1000") == ["Dom"])
        #expect(try names("einwohner >= 999 AND plz = '50667'") == ["Dom"])
        #expect(try names("plz = 04109") == ["Rathaus"], "a number literal matches text as written")
        #expect(try names("plz = 4109") == [], "4109 is not 04109")
        #expect(try names("plz IN ('50667', '10115') AND NOT name = 'Dom'") == ["Bahnhof", "O'Neill"])
        #expect(try names("name LIKE 'Ra%' OR name LIKE '_om'") == ["Dom", "Rathaus"])
        #expect(try names("name NOT LIKE '%a%'") == ["Dom", "O'Neill"])
        #expect(try names("name = 'O''Neill'") == ["O'Neill"])
        #expect(try names("einwohner IS NULL") == ["Bahnhof"])
        #expect(try names("open IS NOT NULL AND open = TRUE") == ["Dom"])
        #expect(try names("(einwohner < 1000 OR plz = '50667') AND name != 'Dom'") == ["Rathaus", "Bahnhof", "O'Neill"])
        #expect(try names("\"name\" <> 'Dom' AND plz=50667") == ["Bahnhof"])
        #expect(try names("name > 'P'") == ["Rathaus"], "text compares as text")
    }

    @Test func betweenIsBothEndsInclusiveAndUnknownForNull() throws {
        #expect(try names("einwohner BETWEEN 999 AND 1500") == ["Dom", "Rathaus"])
        #expect(try names("einwohner NOT BETWEEN 999 AND 1500") == ["O'Neill"], "null stays unknown under NOT")
        #expect(try names("plz BETWEEN '1' AND '5' AND name != 'x'") == ["O'Neill"])
        #expect(throws: PredicateSyntaxError.self) { try FeaturePredicate(parsing: "einwohner BETWEEN 1 OR 2") }
    }

    @Test func cql2TextReadsBareWordsAsPropertiesAndRefusesThem() throws {
        #expect(try FeaturePredicate(parsingCQL2Text: "name = 'Dom' AND einwohner BETWEEN 1 AND 2") == FeaturePredicate(parsing: "name = 'Dom' AND einwohner BETWEEN 1 AND 2"))
        #expect(try FeaturePredicate(parsing: "name = Dom") == .comparison(field: "name", .equal, .text("Dom")))
        #expect {
            _ = try FeaturePredicate(parsingCQL2Text: "name = Dom")
        } throws: { error in
            (error as? PredicateSyntaxError).map { $0.column == 8 && $0.message.contains("quote text as 'Dom'") } ?? false
        }
        #expect(throws: PredicateSyntaxError.self) { try FeaturePredicate(parsingCQL2Text: "S_INTERSECTS(geometry, POINT(7 51))") }
    }

    @Test func unknownIsNeitherTrueNorFalse() throws {
        // Bahnhof has no einwohner: neither the comparison nor its negation holds.
        #expect(try names("einwohner < 1000") == ["Rathaus", "O'Neill"])
        #expect(try names("NOT einwohner < 1000") == ["Dom"])
        #expect(try names("missing = 1 OR name = 'Dom'") == ["Dom"])
    }

    @Test func syntaxErrorsSayWhere() {
        let cases: [(String, Int, String)] = [
            ("name = 'Dom' AND", 17, "field name"),
            ("name 'Dom'", 6, "expected a comparison"),
            ("name = 'Dom", 8, "never closed"),
            ("(name = 'Dom'", 14, "expected ')'"),
            ("name IN ('a' 'b')", 14, "IN list"),
            ("name = NULL", 8, "IS NULL"),
            ("name = 'a' name = 'b'", 12, "AND, OR"),
        ]
        for (text, column, message) in cases {
            #expect {
                _ = try FeaturePredicate(parsing: text)
            } throws: { error in
                guard let error = error as? PredicateSyntaxError else { return false }
                return error.column == column && error.message.contains(message)
            }
        }
    }

    @Test func fieldNamesInOrder() throws {
        #expect(try FeaturePredicate(parsing: "b = 1 AND (a IS NULL OR b < 2) AND c LIKE 'x'").fieldNames == ["b", "a", "c"])
    }

    /// The SQL a store pushes down: values bound in order, never in the text; parts SQL
    /// cannot compute as GeoKit does left out and the condition marked inexact.
    @Test func sqlRenderingBindsValuesAndSaysWhenItIsExact() throws {
        let fields = [Field(name: "name", type: .string), Field(name: "plz", type: .string), Field(name: "n", type: .integer),
                      Field(name: "open", type: .boolean), Field(name: "we\"ird", type: .real)]
        func sql(_ text: String, _ dialect: SQLDialect = .sqlite, from first: Int = 1) throws -> SQLCondition? {
            try FeaturePredicate(parsing: text).sqlCondition(fields: fields, dialect: dialect, firstPlaceholder: first)
        }
        let exact = try #require(try sql("name = 'O''Neill' AND n >= 3 OR open = TRUE"))
        #expect(exact.text == #"(("name" = ? AND "n" >= ?) OR "open" = ?)"#)
        #expect(exact.arguments == [.text("O'Neill"), .real(3), .integer(1)] && exact.isExact)
        let postgres = try #require(try sql("name != 'x' AND \"we\"\"ird\" IN (1, 2.5) AND name LIKE 'a\\%b_'", .postgreSQL, from: 3))
        #expect(postgres.text == #"(("name" COLLATE "C" <> $3 AND "we""ird" IN ($4, $5)) AND "name" LIKE $6 ESCAPE '\')"#, "\(postgres.text)")
        #expect(postgres.arguments == [.text("x"), .real(1), .real(2.5), .text("a\\%b_")])
        // LIKE becomes a case-sensitive GLOB in SQLite, with GLOB's own characters escaped.
        let glob = try #require(try sql("name LIKE '50\\%*_%'"))
        #expect(glob.text == #""name" GLOB ?"# && glob.arguments == [.text("50%[*]?*")])
        // plz = 04109 matches the text as written; its negation is not SQL's.
        let written = try #require(try sql("plz = 04109"))
        #expect(written.arguments == [.text("04109")] && !written.isExact)
        #expect(try sql("NOT plz = 04109") == nil)
        #expect(try sql("plz < 5000") == nil)
        // A conjunction keeps its exact half; a disjunction needs both.
        let half = try #require(try sql("plz < 5000 AND n = 2"))
        #expect(half.text == #""n" = ?"# && !half.isExact && half.arguments == [.real(2)])
        #expect(try sql("plz < 5000 OR n = 2") == nil)
        #expect(try sql("missing IS NULL") == nil)
        let placeholders = try #require(try sql("(plz < 1 OR n = 1) AND n = 2 AND open IS NULL", .postgreSQL))
        #expect(placeholders.text == #"("n" = $1 AND "open" IS NULL)"#, "an argument of a part left out is not bound")
    }

    /// Hostile filters (a server's filter parameter): deep nesting is an error with its
    /// column, a very long chain parses into a shallow tree, and nothing exhausts the stack.
    @Test func deepOrLongFiltersNeitherCrashNorRecurseDeeply() throws {
        let deep = String(repeating: "(", count: 20_000) + "a = 1" + String(repeating: ")", count: 20_000)
        #expect {
            _ = try FeaturePredicate(parsing: deep)
        } throws: { error in
            guard let error = error as? PredicateSyntaxError else { return false }
            return error.column == FeaturePredicate.maximumNesting + 1 && error.message.contains("nested deeper than 64")
        }
        #expect(throws: PredicateSyntaxError.self) { try FeaturePredicate(parsing: String(repeating: "NOT ", count: 20_000) + "a = 1") }
        let nested = String(repeating: "(", count: 64) + "a = 1" + String(repeating: ")", count: 64)
        #expect(try FeaturePredicate(parsing: nested).matches(["a": 1]))
        // 20,000 conditions: evaluated, rendered to SQL and walked without deep recursion.
        let long = try FeaturePredicate(parsing: (0..<20_000).map { "a != \($0 + 1)" }.joined(separator: " AND "))
        #expect(long.matches(["a": 0]) && !long.matches(["a": 7]))
        let sql = try #require(long.sqlCondition(fields: [Field(name: "a", type: .integer)], dialect: .sqlite))
        #expect(sql.arguments.count == 20_000 && sql.isExact)
        #expect(long.fieldNames == ["a"])
        let either = try FeaturePredicate(parsing: (0..<20_000).map { "a = \($0)" }.joined(separator: " OR "))
        #expect(either.matches(["a": 19_999]) && !either.matches(["a": 20_000]))
    }
}
