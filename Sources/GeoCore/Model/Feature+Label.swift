import Foundation

extension Feature {
    /// What a person recognises the feature by: its name (`name`, `bezeichnung`,
    /// `schulname`, …), else its street and house number, else its address, else its
    /// first text field that is not a number, else its id; empty when it has none.
    /// Field names are matched ignoring case.
    public var label: String {
        let lowered = Dictionary(properties.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        func text(_ key: String) -> String? {
            guard let s = (self[property: key] ?? lowered[key.lowercased()])?.stringValue?.trimmingCharacters(in: .whitespaces), !s.isEmpty else { return nil }
            return s
        }
        for key in ["name", "tags/name", "gen", "bezeichnung", "bezeichnun", "standort", "schulname", "titel", "title"] {
            if let s = text(key) { return s }
        }
        for (street, number) in [("addr:street", "addr:housenumber"), ("tags/addr:street", "tags/addr:housenumber"), ("strasse", "hausnummer"), ("straße", "hausnummer"), ("strname", "hsnr")] {
            if let s = text(street) { return text(number).map { "\(s) \($0)" } ?? s }
        }
        for key in ["address", "adresse", "anschrift"] {
            if let s = text(key) { return s }
        }
        for (_, value) in properties {
            if let s = value.stringValue?.trimmingCharacters(in: .whitespaces), !s.isEmpty, Double(s) == nil { return s.abbreviated() }
        }
        return id.map { "id \($0)" } ?? ""
    }
}
