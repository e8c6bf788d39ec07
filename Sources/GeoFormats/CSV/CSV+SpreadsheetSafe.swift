import GeoCore

extension CSV {
    /// The first characters with which a spreadsheet program takes a cell for a formula
    /// (`=`, `+`, `-`, `@`) or a control (tab, carriage return).
    static let formulaStarts: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D]

    /// The text with a `'` put before it when a spreadsheet would run it as a formula
    /// (`=HYPERLINK(…)` becomes `'=HYPERLINK(…)`), as exports meant for spreadsheets need;
    /// other text unchanged. This changes the data, so it is applied only when asked for
    /// (`geokit convert --csv-safe`).
    public static func spreadsheetSafe(_ text: String) -> String {
        guard let first = text.utf8.first, formulaStarts.contains(first) else { return text }
        return "'" + text
    }

    /// The properties with every text value made spreadsheet-safe (see above), and how many
    /// values were changed. Numbers stay numbers: `-3` as a number is no formula.
    public static func spreadsheetSafe(_ properties: JSONObject) -> (properties: JSONObject, changed: Int) {
        var changed = 0
        var values = properties.values
        for i in values.indices {
            guard case .string(let text) = values[i] else { continue }
            let safe = spreadsheetSafe(text)
            if safe.utf8.count != text.utf8.count {
                values[i] = .string(safe)
                changed += 1
            }
        }
        return changed == 0 ? (properties, 0) : (JSONObject(uncheckedKeys: properties.keys, values: values), changed)
    }
}
