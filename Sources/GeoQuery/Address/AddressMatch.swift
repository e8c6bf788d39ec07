import GeoCore

/// How well an address found in the index fits the one asked for.
public enum MatchQuality: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Street, house number and suffix as asked.
    case exact
    /// The house number without the suffix asked for, or with one where none was asked
    /// (`12` for `12a`, `12a` for `12`).
    case numberSuffixIgnored = "number-suffix-ignored"
    /// The house number does not exist on the street: the nearest number, on the same
    /// side of the street where one of the same parity exists.
    case nearestNumber = "nearest-number"
    /// The street only: no house number was asked for, or the street has none.
    case streetOnly = "street-only"
    /// A street whose name is spelled a little differently (a typo, a missing letter).
    case fuzzyStreet = "fuzzy-street"

    /// The name scripts read: `exact`, `number-suffix-ignored`, `nearest-number`,
    /// `street-only` or `fuzzy-street`.
    public var description: String { rawValue }
}

/// One candidate for an address: the feature of the address layer, its position and how
/// well it fits.
public struct AddressMatch: Sendable, Hashable {
    /// The index of the feature in the address layer.
    public let featureIndex: Int
    /// The feature of the address layer (its properties as read).
    public let feature: Feature
    /// Its position, in the CRS of the address layer (``AddressIndex/crs``).
    public let position: Position
    /// Its position in longitude/latitude (WGS 84), for distance questions and maps.
    public let geographicPosition: Position
    /// The address as the layer writes it: `Rüttenscheider Str. 12`.
    public let address: String
    /// How well it fits.
    public let quality: MatchQuality
    /// From 0 to 1: 1 for an exact match, less for each thing that differs (a suffix, a
    /// number further away, letters of the street name, a postcode or place that is not
    /// the one asked for). Candidates come best first.
    public let score: Double
}
