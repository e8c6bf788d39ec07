import GeoCore

extension AddressIndex {
    /// The candidates for an address written on one line, best first.
    /// - Parameters:
    ///   - text: `Rüttenscheider Str. 12, 45128 Essen` (see ``PostalAddress/init(parsing:)``).
    ///   - count: at most this many candidates (at least 1).
    /// - Returns: the candidates, best first; empty when no street of the index is close
    ///   to the one asked for.
    /// - Throws: `QueryError.invalidArgument` when the text names no street or `count` is
    ///   less than 1.
    public func locate(_ text: String, count: Int = 1) throws(QueryError) -> [AddressMatch] {
        try locate(PostalAddress(parsing: text), count: count)
    }

    /// The candidates for an address, best first.
    ///
    /// The street is looked up by its key; when no street has that key, by edit distance
    /// (``MatchQuality/fuzzyStreet``). On each street the house number is looked up as
    /// asked, then without its suffix, then the nearest number of the same parity. A
    /// postcode or place that the index knows narrows the search: streets elsewhere score
    /// lower.
    /// - Parameters:
    ///   - address: the address.
    ///   - count: at most this many candidates (at least 1).
    /// - Returns: the candidates, best first (ties in the order of the layer); empty when
    ///   no street is close to the one asked for.
    /// - Throws: `QueryError.invalidArgument` when `count` is less than 1.
    public func locate(_ address: PostalAddress, count: Int = 1) throws(QueryError) -> [AddressMatch] {
        guard count >= 1 else { throw .invalidArgument("the number of candidates must be at least 1, got \(count)") }
        let key = StreetKey.of(address.street)
        let place = address.place.map(StreetKey.ofPlace) ?? ""
        var candidates: [AddressMatch] = []
        if let exact = streetsByKey[key] {
            for street in exact { candidates += matches(on: Int(street), for: address, place: place, streetScore: 1, fuzzy: false) }
        } else {
            for hit in spellings.closest(to: key, limit: max(count, 3)) {
                // A close spelling is never as good as the name itself.
                for street in hit.streets { candidates += matches(on: Int(street), for: address, place: place, streetScore: 0.95 * hit.similarity, fuzzy: true) }
            }
        }
        candidates.sort { $0.score > $1.score || ($0.score == $1.score && $0.featureIndex < $1.featureIndex) }
        return Array(candidates.prefix(count))
    }

    /// The addresses on one street that fit the house number asked for; `place` is the key
    /// of the place asked for (empty when none).
    private func matches(on streetNumber: Int, for address: PostalAddress, place asked: String, streetScore: Double, fuzzy: Bool) -> [AddressMatch] {
        let street = streets[streetNumber]
        let range = street.entries
        var areaScore = 1.0
        if !asked.isEmpty, !street.place.isEmpty,
           !(street.place.hasPrefix(asked) || asked.hasPrefix(street.place)) {
            areaScore *= 0.8
        }
        // A street that has addresses in other postcodes only is not the one asked for.
        if let postcode = address.postcode, entries[range].contains(where: { $0.postcode != nil }),
           !entries[range].contains(where: { $0.postcode == postcode }) {
            areaScore *= 0.8
        }
        let (found, quality, numberScore) = houses(in: range, for: address.houseNumber)
        return found.map { i in
            let entry = entries[i]
            return AddressMatch(featureIndex: entry.featureIndex, feature: layer.features[entry.featureIndex], position: entry.position,
                                geographicPosition: entry.geographic, address: addressText(of: entry, on: street),
                                quality: fuzzy ? .fuzzyStreet : quality, score: streetScore * numberScore * areaScore)
        }
    }

    /// The house (or houses) of a street that fit a number: exact, then without the
    /// suffix, then the nearest number of the same parity; the street's own entry (or its
    /// middle address) when no number is asked for or the street has none.
    private func houses(in range: Range<Int>, for number: HouseNumber?) -> (entries: [Int], quality: MatchQuality, score: Double) {
        let numbered = range.filter { entries[$0].houseNumber != nil }
        guard let number, !numbered.isEmpty else {
            return ([streetPoint(in: range)], .streetOnly, number == nil ? 0.6 : 0.5)
        }
        let exact = numbered.filter { entries[$0].houseNumber!.covers(number) }
        if !exact.isEmpty { return (exact, .exact, 1) }
        let sameNumber = numbered.filter { entries[$0].houseNumber!.number == number.number && entries[$0].houseNumber!.rangeEnd == nil }
        if let plain = sameNumber.first(where: { entries[$0].houseNumber!.suffix.isEmpty }) ?? sameNumber.first {
            return ([plain], .numberSuffixIgnored, 0.9)
        }
        let sameSide = numbered.filter { entries[$0].houseNumber!.number % 2 == number.number % 2 }
        let pool = sameSide.isEmpty ? numbered : sameSide
        let nearest = pool.min { a, b in
            let da = abs(entries[a].houseNumber!.number - number.number), db = abs(entries[b].houseNumber!.number - number.number)
            return da < db || (da == db && a < b)
        }!
        let gap = abs(entries[nearest].houseNumber!.number - number.number)
        return ([nearest], .nearestNumber, max(0.5, 0.8 - 0.01 * Double(gap)) * (sameSide.isEmpty ? 0.9 : 1))
    }

    /// The point that stands for a whole street: its entry without a house number, else
    /// the address nearest to the middle of its addresses.
    private func streetPoint(in range: Range<Int>) -> Int {
        if let own = range.first(where: { entries[$0].houseNumber == nil }) { return own }
        let n = Double(range.count)
        let cx = range.reduce(0) { $0 + entries[$1].position.x } / n, cy = range.reduce(0) { $0 + entries[$1].position.y } / n
        return range.min { a, b in
            let pa = entries[a].position, pb = entries[b].position
            return (pa.x - cx) * (pa.x - cx) + (pa.y - cy) * (pa.y - cy) < (pb.x - cx) * (pb.x - cx) + (pb.y - cy) * (pb.y - cy)
        }!
    }
}
