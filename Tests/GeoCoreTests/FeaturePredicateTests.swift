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
}
