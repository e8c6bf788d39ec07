/// Which fields of a layer hold the parts of an address.
///
/// ``detect(in:)`` recognises the common German field names (`strname`, `straße`,
/// `hsnr`, `hausnummer`, `hsnrzu`, `plz`, `ort`, `adresse`, …); give the names
/// yourself when a layer calls them otherwise. A layer needs either a street field or a
/// combined address field (`Rüttenscheider Str. 12`, optionally with postcode and place).
public struct AddressFields: Sendable, Hashable, CustomStringConvertible {
    /// The street name (`strname`).
    public var street: String?
    /// The house number (`hsnr`), which may carry its suffix (`12a`).
    public var houseNumber: String?
    /// The house-number suffix on its own (`hsnrzu`: `a`).
    public var houseNumberSuffix: String?
    /// The postcode (`plz`).
    public var postcode: String?
    /// The place (`ort`, `gemeinde`, `ortsteil`).
    public var place: String?
    /// The whole address in one field (`adresse`), used when there is no street field.
    public var combined: String?
    /// A street code (`strschl`) that tells apart streets of the same name in one place.
    public var streetCode: String?

    /// Address fields given by name.
    /// - Parameters:
    ///   - street: the street field.
    ///   - houseNumber: the house-number field.
    ///   - houseNumberSuffix: the field of the suffix alone.
    ///   - postcode: the postcode field.
    ///   - place: the place field.
    ///   - combined: a field with the whole address, for layers without a street field.
    ///   - streetCode: a field that identifies the street.
    public init(street: String? = nil, houseNumber: String? = nil, houseNumberSuffix: String? = nil,
                postcode: String? = nil, place: String? = nil, combined: String? = nil, streetCode: String? = nil) {
        self.street = street
        self.houseNumber = houseNumber
        self.houseNumberSuffix = houseNumberSuffix
        self.postcode = postcode
        self.place = place
        self.combined = combined
        self.streetCode = streetCode
    }

    /// Whether a street (or a whole address) can be read with these fields.
    public var namesAStreet: Bool { street != nil || combined != nil }

    /// The field names each role is recognised by, compared in one spelling
    /// (so `Straße`, `STRASSE` and `strasse` are one name), best first. (Key paths are
    /// not `Sendable`; this constant is never written.)
    nonisolated(unsafe) static let names: [(role: WritableKeyPath<AddressFields, String?>, names: [String])] = [
        (\.street, ["strname", "strassenname", "strasse", "str", "street", "addrstreet", "tagsaddrstreet", "strassename"]),
        (\.houseNumber, ["hsnr", "hausnummer", "hnr", "hausnr", "housenumber", "addrhousenumber", "tagsaddrhousenumber", "nr"]),
        (\.houseNumberSuffix, ["hsnrzu", "hausnummerzusatz", "zusatz", "adz", "hnrzusatz", "hsnrzusatz"]),
        (\.postcode, ["plz", "postleitzahl", "postcode", "zip", "addrpostcode", "tagsaddrpostcode"]),
        (\.place, ["ort", "gemeinde", "stadt", "ortsteil", "city", "place", "addrcity", "tagsaddrcity"]),
        (\.combined, ["adresse", "address", "anschrift", "strasseundhausnummer", "strasseundhausnr", "strassehausnummer"]),
        (\.streetCode, ["strschl", "strassenschluessel", "strassenschluessl", "strkey", "strassenkey"]),
    ]

    /// The address fields among `fieldNames`, recognised by their common names (case,
    /// umlauts, `ß` and separators ignored); nil when there is neither a street nor a
    /// combined address field.
    /// - Parameter fieldNames: the layer's field names.
    public static func detect(in fieldNames: [String]) -> AddressFields? {
        let byKey = Dictionary(fieldNames.map { (StreetKey.ofPlace($0), $0) }, uniquingKeysWith: { first, _ in first })
        var fields = AddressFields()
        for (role, names) in names {
            fields[keyPath: role] = names.lazy.compactMap { byKey[$0] }.first
        }
        return fields.namesAStreet ? fields : nil
    }

    /// `street=strname, number=hsnr, …`: the roles that are set.
    public var description: String {
        let parts: [(String, String?)] = [("street", street), ("number", houseNumber), ("suffix", houseNumberSuffix),
                                          ("postcode", postcode), ("place", place), ("address", combined), ("street code", streetCode)]
        return parts.compactMap { name, field in field.map { "\(name)=\($0)" } }.joined(separator: ", ")
    }
}
