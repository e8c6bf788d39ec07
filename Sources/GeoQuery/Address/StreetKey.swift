import Foundation

/// The comparable form of street and place names: what is left when spelling variants
/// that name the same street are made equal.
///
/// `Rüttenscheider Str.`, `Rüttenscheider Straße`, `Ruettenscheider Strasse` and
/// `Rüttenscheiderstraße` all become `ruettenscheiderstr`: letters are lowercased,
/// umlauts become their two-letter spellings (ä → ae, ö → oe, ü → ue, ß → ss), other
/// accents are dropped, the street types and the abbreviations of German addresses are
/// spelled one way (`straße`/`strasse`/`strase`/`str.` → `str`, `pl.` → `platz`, `hbf` →
/// `hauptbahnhof`, `bhf` → `bahnhof`, a leading `st.` → `sankt`), and spaces, hyphens,
/// dots and apostrophes go.
enum StreetKey {
    /// The key of a street name; empty when the name holds no letter or digit.
    static func of(_ name: String) -> String {
        var tokens: [String] = []
        var current = ""
        for scalar in folded(name).unicodeScalars {
            if scalar == " " || scalar == "-" || scalar == "/" || scalar == "," || scalar == "\t" {
                if !current.isEmpty { tokens.append(current); current = "" }
            } else {
                current.unicodeScalars.append(scalar)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        var key = ""
        for (i, token) in tokens.enumerated() {
            key += alphanumerics(of: spelledOut(token, isFirst: i == 0))
        }
        return key
    }

    /// Whether a name or its key can name a street: it holds a letter (`12` alone does not).
    static func namesAStreet(_ key: String) -> Bool { key.unicodeScalars.contains { $0.properties.isAlphabetic } }

    /// The key of a place name (`Essen`, `Essen-Rüttenscheid`): folded, letters and digits only.
    static func ofPlace(_ name: String) -> String { alphanumerics(of: folded(name)) }

    /// Lowercased, umlauts written out, other accents dropped.
    static func folded(_ text: String) -> String {
        var lower = text.lowercased()
        if lower.unicodeScalars.contains(where: { $0.value > 0x7F }) {
            lower = lower.replacingOccurrences(of: "ä", with: "ae").replacingOccurrences(of: "ö", with: "oe")
                .replacingOccurrences(of: "ü", with: "ue").replacingOccurrences(of: "ß", with: "ss")
                .replacingOccurrences(of: "a\u{308}", with: "ae").replacingOccurrences(of: "o\u{308}", with: "oe")
                .replacingOccurrences(of: "u\u{308}", with: "ue")
                .folding(options: [.diacriticInsensitive], locale: nil)
        }
        return lower
    }

    /// One token with its abbreviation or street type spelled the one way.
    static func spelledOut(_ token: String, isFirst: Bool) -> String {
        // `straße` and its common misspellings (`strase`, `strasse`, `strsse`).
        for type in ["strasse", "strase", "strsse", "strasze"] where token.hasSuffix(type) {
            return token.dropLast(type.count) + "str"
        }
        if token.hasSuffix("str.") { return token.dropLast(4) + "str" }
        if token == "pl." || token == "pl" { return "platz" }
        if token.hasSuffix("pl.") { return token.dropLast(3) + "platz" }
        if token == "hbf" || token == "hbf." { return "hauptbahnhof" }
        if token == "bhf" || token == "bhf." { return "bahnhof" }
        if isFirst, token == "st." || token == "st" { return "sankt" }
        return token
    }

    /// The letters and digits of a text, in order.
    static func alphanumerics(of text: String) -> String {
        var result = ""
        result.unicodeScalars.append(contentsOf: text.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
        return result
    }
}
