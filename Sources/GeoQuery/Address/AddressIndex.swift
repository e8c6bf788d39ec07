import Foundation
import GeoCore
import GeoPROJ

/// An offline address index over a layer of official house coordinates (or any point
/// layer with address fields): street and house number in, position out.
///
/// ```swift
/// let index = try AddressIndex(layer: hauskoordinaten)        // once; fields detected
/// let best = try index.locate("Rüttenscheider Str. 12, 45128 Essen")
/// best.first?.position   // in the layer's CRS; best.first?.quality == .exact
/// ```
///
/// Street names are compared in one spelling (case, umlauts, `ß`, `Str.`,
/// hyphens and spaces do not matter); a street that is not found is looked for by edit
/// distance, and a house number that does not exist falls back to the nearest one. Each
/// answer says how it was found (``MatchQuality``) and scores it. Built once
/// (O(n log n)), immutable and `Sendable`: one index serves every request of a server.
public final class AddressIndex: Sendable {
    /// The indexed layer, as given.
    public let layer: Layer
    /// The fields the addresses were read from.
    public let fields: AddressFields
    /// The features that have no street or no position, and are not in the index.
    public let skippedCount: Int

    /// The streets, each a run of `entries` sorted by house number.
    let streets: [Street]
    /// Every indexed address, grouped by street.
    let entries: [Entry]
    /// Street numbers by the key of their name.
    let streetsByKey: [String: [Int32]]
    /// Distinct street keys for the search by edit distance.
    let spellings: StreetSpellings

    /// The CRS of the positions (the layer's).
    public var crs: CRSReference? { layer.crs }
    /// How many addresses the index holds.
    public var count: Int { entries.count }

    /// One street of one place: its entries and what narrows it down.
    struct Street: Sendable {
        /// The street name as the layer first writes it.
        var name: String
        /// The key of the name (`StreetKey.of(_:)`).
        var key: String
        /// The place key (`StreetKey.ofPlace(_:)`), empty when the layer has none.
        var place: String
        /// Its addresses in `entries`, ordered by house number (entries without one first).
        var entries: Range<Int>
    }

    /// One address.
    struct Entry: Sendable {
        var houseNumber: HouseNumber?
        var postcode: String?
        var featureIndex: Int
        var position: Position
        var geographic: Position
    }

    /// Indexes a layer's addresses.
    /// - Parameters:
    ///   - layer: points (or polygons, by a point on their surface) with address fields,
    ///     in any CRS PROJ knows (none is taken as CRS84).
    ///   - fields: which fields hold the address; nil detects them from their names
    ///     (``AddressFields/detect(in:)``).
    /// - Throws: `QueryError.invalidArgument` when no street or address field is found
    ///   (naming the fields there are) or a named field does not exist; `PROJError` when
    ///   the CRS cannot be transformed to WGS 84.
    public convenience init(layer: Layer, fields: AddressFields? = nil) throws {
        let names = layer.fields.map(\.name)
        guard let fields = fields ?? AddressFields.detect(in: names), fields.namesAStreet else {
            throw QueryError.invalidArgument("\(layer.name.isEmpty ? "the address layer" : layer.name) has no street or address field that GeoKit recognises (strname, strasse, adresse, …); its fields are \(names.joined(separator: ", ")): name them (street, house number, …) explicitly")
        }
        try fields.check(against: names, layerName: layer.name)

        // Read every address; a street is its key, code and place.
        struct StreetID: Hashable { var key: String; var code: String?; var place: String }
        var streetNumbers: [StreetID: Int] = [:]
        var keysOfNames: [String: String] = [:]
        var streetNames: [String] = [], places: [String] = [], members: [[Entry]] = []
        var skipped = 0
        for (i, feature) in layer.features.enumerated() {
            guard let address = fields.address(of: feature), let geometry = feature.geometry,
                  let position = try? layer.representativePoint(geometry) else { skipped += 1; continue }
            let key = keysOfNames[address.street] ?? {
                let key = StreetKey.of(address.street)
                keysOfNames[address.street] = key
                return key
            }()
            let place = address.place.map(StreetKey.ofPlace) ?? ""
            let id = StreetID(key: key, code: fields.streetCode.flatMap { feature[property: $0]?.addressText }, place: place)
            let entry = Entry(houseNumber: address.houseNumber, postcode: address.postcode, featureIndex: i, position: position, geographic: position)
            if let n = streetNumbers[id] {
                members[n].append(entry)
            } else {
                streetNumbers[id] = members.count
                streetNames.append(address.street)
                places.append(place)
                members.append([entry])
            }
        }
        var streets: [Street] = [], entries: [Entry] = []
        streets.reserveCapacity(members.count)
        entries.reserveCapacity(layer.features.count - skipped)
        for (id, n) in streetNumbers.sorted(by: { $0.value < $1.value }) {
            let sorted = members[n].sorted { a, b in
                switch (a.houseNumber, b.houseNumber) {
                case (nil, nil): a.featureIndex < b.featureIndex
                case (nil, _): true
                case (_, nil): false
                case let (x?, y?): x < y || (x == y && a.featureIndex < b.featureIndex)
                }
            }
            streets.append(Street(name: streetNames[n], key: id.key, place: places[n], entries: entries.count..<(entries.count + sorted.count)))
            entries.append(contentsOf: sorted)
        }
        if let crs = layer.crs, !crs.isWGS84Geographic, !entries.isEmpty {
            var x = entries.map(\.position.x), y = entries.map(\.position.y), z: [Double]? = nil
            try Transformer.cached(from: crs, to: "OGC:CRS84").transform(x: &x, y: &y, z: &z, parallel: true)
            for i in entries.indices { entries[i].geographic = Position(x: x[i], y: y[i]) }
        }
        self.init(layer: layer, fields: fields, skippedCount: skipped, streets: streets, entries: entries)
    }

    /// An index from its parts (built, or read from a saved index).
    init(layer: Layer, fields: AddressFields, skippedCount: Int, streets: [Street], entries: [Entry]) {
        var byKey: [String: [Int32]] = [:]
        for (n, street) in streets.enumerated() { byKey[street.key, default: []].append(Int32(n)) }
        self.layer = layer
        self.fields = fields
        self.skippedCount = skippedCount
        self.streets = streets
        self.entries = entries
        self.streetsByKey = byKey
        self.spellings = StreetSpellings(byKey)
    }

    /// The address as the layer writes it: `Rüttenscheider Str. 12a`.
    func addressText(of entry: Entry, on street: Street) -> String {
        entry.houseNumber.map { "\(street.name) \($0)" } ?? street.name
    }
}

extension AddressFields {
    /// Throws when a field named here is not one of the layer's.
    func check(against names: [String], layerName: String) throws(QueryError) {
        let given = [street, houseNumber, houseNumberSuffix, postcode, place, combined, streetCode].compactMap { $0 }
        if let missing = given.first(where: { !names.contains($0) }) {
            throw .invalidArgument("\(layerName.isEmpty ? "the layer" : layerName) has no field \"\(missing)\"; its fields are \(names.joined(separator: ", "))")
        }
    }

    /// The address of a feature read through these fields; nil when it names no street.
    /// A combined field is split with ``PostalAddress/init(parsing:)``; postcode and place
    /// fields fill what it leaves out.
    public func address(of feature: Feature) -> PostalAddress? {
        func text(_ field: String?) -> String? { field.flatMap { feature[property: $0]?.addressText } }
        var address: PostalAddress
        if let street = text(street) {
            address = PostalAddress(street: street)
            if let number = text(houseNumber) {
                address.houseNumber = HouseNumber(parsing: number + (text(houseNumberSuffix) ?? ""))
            }
        } else if let combined = text(combined), let parsed = try? PostalAddress(parsing: combined) {
            address = parsed
        } else {
            return nil
        }
        if let postcode = text(postcode) { address.postcode = postcode }
        if let place = text(place) { address.place = place }
        return StreetKey.namesAStreet(address.street) ? address : nil
    }
}

extension JSONValue {
    /// The value as address text: a string trimmed, a whole number without decimals; nil
    /// when empty or not text.
    var addressText: String? {
        switch self {
        case .string(let s):
            guard let first = s.utf8.first, let last = s.utf8.last else { return nil }
            if first > 0x20 && last > 0x20 { return s }   // nothing to trim (most values)
            let t = s.trimmingCharacters(in: .whitespaces)
            return t.isEmpty ? nil : t
        case .integer(let i): return String(i)
        case .double(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        default: return nil
        }
    }
}
