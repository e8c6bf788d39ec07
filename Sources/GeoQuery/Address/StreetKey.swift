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
        var key = ""
        var token = ""
        var isFirst = true
        func endToken() {
            guard !token.isEmpty else { return }
            key += alphanumerics(of: spelledOut(token, isFirst: isFirst))
            token.removeAll(keepingCapacity: true)
            isFirst = false
        }
        for scalar in folded(name).unicodeScalars {
            switch scalar {
            case " ", "-", "/", ",", "\t": endToken()
            default: token.unicodeScalars.append(scalar)
            }
        }
        endToken()
        return key
    }

    /// The key of a place name (`Essen`, `Essen-Rüttenscheid`): folded, letters and digits only.
    static func ofPlace(_ name: String) -> String { alphanumerics(of: folded(name)) }

    /// Lowercased, umlauts written out, other accents dropped.
    static func folded(_ text: String) -> String {
        let lower = text.lowercased()
        guard lower.utf8.contains(where: { $0 > 0x7F }) else { return lower }
        var result = ""
        var needsFoundation = false
        for scalar in lower.unicodeScalars {
            switch scalar {
            case "ä": result += "ae"
            case "ö": result += "oe"
            case "ü": result += "ue"
            case "ß": result += "ss"
            case "\u{308}" where result.last == "a" || result.last == "o" || result.last == "u": result += "e"
            default:
                if scalar.value > 0x7F { needsFoundation = true }
                result.unicodeScalars.append(scalar)
            }
        }
        // Other accents (é, ł, ç…): Foundation's folding, only for names that have them.
        return needsFoundation ? result.folding(options: [.diacriticInsensitive], locale: nil) : result
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
        result.unicodeScalars.append(contentsOf: text.unicodeScalars.filter { s in
            s.isASCII ? (s.value >= 97 && s.value <= 122) || (s.value >= 48 && s.value <= 57) || (s.value >= 65 && s.value <= 90)
                      : s.properties.isAlphabetic || s.properties.numericType != nil
        })
        return result
    }

    /// Whether a name or its key can name a street: it holds a letter (`12` alone does not).
    static func namesAStreet(_ key: String) -> Bool { key.unicodeScalars.contains { $0.properties.isAlphabetic } }
}
