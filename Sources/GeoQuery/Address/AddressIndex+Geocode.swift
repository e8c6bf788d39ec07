import GeoCore

/// The result of geocoding a layer: every feature with the position of its address and
/// how it was found, and the counts a report needs.
public struct Geocoding: Sendable {
    /// The features, in their order, with the position of their address (in the address
    /// index's CRS) or no geometry when nothing matched, and the fields `match_quality`,
    /// `match_score` and `match_address` (null when nothing matched).
    public var layer: Layer
    /// How many features were placed, by the quality of their match.
    public var matchCounts: [MatchQuality: Int]
    /// The features whose address matched nothing in the index (kept without geometry).
    public var unmatchedCount: Int
    /// The features that name no street at all (kept without geometry).
    public var withoutAddressCount: Int
    /// The features that had a geometry of their own, replaced by their address's position.
    public var replacedGeometryCount: Int

    /// How many features were placed.
    public var matchedCount: Int { matchCounts.values.reduce(0, +) }
}

extension AddressIndex {
    /// The names of the fields that geocoding adds.
    public static let matchFields = ["match_quality", "match_score", "match_address"]

    /// One feature placed at its address: its geometry becomes the position of the best
    /// candidate (in this index's CRS), and `match_quality`, `match_score` and
    /// `match_address` are added; without a match, no geometry and null fields.
    /// - Parameters:
    ///   - feature: the feature whose properties hold an address.
    ///   - fields: which of its fields hold the address.
    /// - Returns: the feature placed, and the candidate it was placed at.
    public func geocode(_ feature: Feature, fields: AddressFields) -> (feature: Feature, match: AddressMatch?) {
        let match = fields.address(of: feature).flatMap { try? locate($0).first }
        var placed = feature
        placed.geometry = match.map { .point($0.position) }
        placed.declaredBoundingBox = nil
        placed.properties = JSONObject(Array(feature.properties) + [
            ("match_quality", match.map { .string($0.quality.rawValue) } ?? .null),
            ("match_score", match.map { .double(($0.score * 1000).rounded() / 1000) } ?? .null),
            ("match_address", match.map { .string($0.address) } ?? .null),
        ])
        return (placed, match)
    }

    /// Every feature of a layer placed at its address (see ``geocode(_:fields:)``), in
    /// order; features whose address matches nothing are kept without geometry and counted.
    /// - Parameters:
    ///   - layer: a layer (a CSV of addresses, a facility list) with address fields.
    ///   - fields: which fields hold the address; nil detects them from their names.
    /// - Returns: the placed layer, in this index's CRS, and its counts.
    /// - Throws: `QueryError.invalidArgument` when no address field is found or named
    ///   fields do not exist, or the layer already has a field that geocoding adds.
    public func geocode(_ layer: Layer, fields: AddressFields? = nil) throws(QueryError) -> Geocoding {
        let names = layer.fields.map(\.name)
        guard let fields = fields ?? AddressFields.detect(in: names), fields.namesAStreet else {
            throw .invalidArgument("\(layer.name.isEmpty ? "the layer" : layer.name) has no street or address field that GeoKit recognises (strasse, adresse, \"Straße und Hausnummer\", …); its fields are \(names.joined(separator: ", ")): name the address fields explicitly")
        }
        try fields.check(against: names, layerName: layer.name)
        if let clash = Self.matchFields.first(where: names.contains) {
            throw .invalidArgument("\(layer.name.isEmpty ? "the layer" : layer.name) already has a field \(clash), which geocoding adds: rename it first")
        }
        var counts: [MatchQuality: Int] = [:]
        var unmatched = 0, withoutAddress = 0, replaced = 0
        var features: [Feature] = []
        features.reserveCapacity(layer.features.count)
        for feature in layer.features {
            if feature.geometry != nil { replaced += 1 }
            let (placed, match) = geocode(feature, fields: fields)
            if let match {
                counts[match.quality, default: 0] += 1
            } else if fields.address(of: feature) == nil {
                withoutAddress += 1
            } else {
                unmatched += 1
            }
            features.append(placed)
        }
        let added = [Field(name: "match_quality", type: .string), Field(name: "match_score", type: .real), Field(name: "match_address", type: .string)]
        return Geocoding(layer: Layer(name: layer.name, crs: crs, features: features, fields: layer.fields + added),
                         matchCounts: counts, unmatchedCount: unmatched, withoutAddressCount: withoutAddress, replacedGeometryCount: replaced)
    }
}
