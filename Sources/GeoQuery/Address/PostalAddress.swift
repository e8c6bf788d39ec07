/// An address as a person writes it, split into its parts: street, house number,
/// postcode and place.
///
/// ```swift
/// let address = try PostalAddress(parsing: "Rüttenscheider Str. 12, 45128 Essen")
/// address.street        // "Rüttenscheider Str."
/// address.houseNumber   // 12
/// address.postcode      // "45128"
/// ```
public struct PostalAddress: Sendable, Hashable, CustomStringConvertible {
    /// The street name as written.
    public var street: String
    /// The house number, nil when the address names a street only.
    public var houseNumber: HouseNumber?
    /// The five-digit postcode, if given.
    public var postcode: String?
    /// The place (town, district), if given.
    public var place: String?

    /// An address from its parts.
    /// - Parameters:
    ///   - street: the street name.
    ///   - houseNumber: the house number, nil for the street only.
    ///   - postcode: the postcode.
    ///   - place: the town or district.
    public init(street: String, houseNumber: HouseNumber? = nil, postcode: String? = nil, place: String? = nil) {
        self.street = street
        self.houseNumber = houseNumber
        self.postcode = postcode
        self.place = place
    }

    /// Splits one line of text into an address: `Rüttenscheider Str. 12, 45128 Essen`,
    /// `Rüttenscheider Str. 12 45128 Essen`, `45128 Essen, Rüttenscheider Str. 12`,
    /// `Straße des 17. Juni 5`, `Hauptstr. 12 A`, `Hauptstr. 12-14`. The house number is
    /// the last number of the street part that only a suffix follows; a postcode is a
    /// group of five digits, and what follows it is the place.
    /// - Throws: `QueryError.invalidArgument` when the text names no street.
    public init(parsing text: String) throws(QueryError) {
        var street: String?, number: HouseNumber?, postcode: String?, place: String?
        for part in text.split(separator: ",").map(\.withoutSurroundingSpaces) where !part.isEmpty {
            var tokens = part.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if let at = tokens.firstIndex(where: Self.isPostcode), postcode == nil {
                postcode = String(tokens[at])
                let after = tokens[(at + 1)...].joined(separator: " ")
                if !after.isEmpty { place = after }
                tokens = Array(tokens[..<at])
                if tokens.isEmpty { continue }
            }
            if street == nil {
                let (name, parsed) = Self.splitNumber(tokens)
                street = name
                number = parsed
            } else if place == nil {
                place = tokens.joined(separator: " ")
            }
        }
        guard let street, StreetKey.namesAStreet(StreetKey.of(street)) else {
            throw .invalidArgument("\"\(text)\" names no street: write it like \"Rüttenscheider Str. 12, 45128 Essen\"")
        }
        self.init(street: street, houseNumber: number, postcode: postcode, place: place)
    }

    /// `Rüttenscheider Str. 12, 45128 Essen`.
    public var description: String {
        var text = street
        if let houseNumber { text += " \(houseNumber)" }
        let area = [postcode, place].compactMap { $0 }.joined(separator: " ")
        return area.isEmpty ? text : text + ", " + area
    }

    static func isPostcode(_ token: Substring) -> Bool {
        token.utf8.count == 5 && token.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// The street name and the house number of `Rüttenscheider Str. 12 A`: the last token
    /// that starts with a digit and is followed by nothing but suffix-like tokens (a
    /// letter or two, `-`, `/`, digits).
    static func splitNumber(_ tokens: [Substring]) -> (String, HouseNumber?) {
        func startsWithDigit(_ t: Substring) -> Bool { t.utf8.first.map { $0 >= 48 && $0 <= 57 } ?? false }
        func suffixLike(_ t: Substring) -> Bool { t.count <= 2 || startsWithDigit(t) || t.first == "-" || t.first == "/" }
        var at = tokens.count
        while at > 0, suffixLike(tokens[at - 1]) || startsWithDigit(tokens[at - 1]) {
            at -= 1
        }
        // The first digit token from there on that leaves a street before it.
        guard let start = tokens[at...].firstIndex(where: startsWithDigit), start > 0,
              let number = HouseNumber(parsing: tokens[start...].joined(separator: " ")) else {
            return (tokens.joined(separator: " "), nil)
        }
        return (tokens[..<start].joined(separator: " "), number)
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    var withoutSurroundingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
