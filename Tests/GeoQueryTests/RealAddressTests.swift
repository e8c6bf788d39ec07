import Foundation
import GeoKit
import TestSupport
import Testing

/// The 102,981 official house coordinates of Essen (../shared/data/essen_hauskoordinaten):
/// every address finds itself, generated misspellings find their building, addresses that
/// do not exist say so, and the Essen schools of the NRW school list are geocoded against
/// them.
@Suite(.enabled(if: Paths.shared != nil, "../shared is not beside the repository"))
struct RealAddressTests {
    static let index: AddressIndex = {
        let path = Paths.shared! + "/data/essen_hauskoordinaten/hauskoordinaten_essen_2022-10-05_25832.geojson.gz"
        return try! AddressIndex(layer: LayerIO.read(path: path).layer)
    }()

    @Test func everyAddressOfEssenFindsItselfExactly() throws {
        let index = Self.index
        #expect(index.count == 102_981 && index.skippedCount == 0)
        var misses: [String] = []
        for (i, feature) in index.layer.features.enumerated() {
            let address = try #require(index.fields.address(of: feature))
            let found = try index.locate(address, count: 4)
            let expected: MatchQuality = address.houseNumber == nil ? .streetOnly : .exact
            guard let top = found.first, top.quality == expected, found.contains(where: { $0.featureIndex == i && $0.score == top.score }) else {
                misses.append("\(i): \(address)")
                continue
            }
        }
        #expect(misses.isEmpty, "\(misses.count) addresses do not find themselves: \(misses.prefix(10))")
    }

    /// Street names rewritten as people misspell them; each must find the feature it
    /// was made from, by street and number.
    @Test func generatedMisspellingsFindTheRightBuilding() throws {
        let index = Self.index
        var random = RandomStream(seed: 18)
        var tried = [String: Int](), found = [String: Int](), wrong: [String] = []
        func check(_ kind: String, _ text: String, expecting i: Int, quality: Set<MatchQuality>) throws {
            tried[kind, default: 0] += 1
            let top = try index.locate(text, count: 1).first
            if let top, top.featureIndex == i || top.position == index.layer.features[i].geometry.flatMap({ if case .point(let p) = $0 { p } else { nil } }),
               quality.contains(top.quality) {
                found[kind, default: 0] += 1
            } else if wrong.count < 20 {
                wrong.append("\(kind): \(text) → \(top.map { "\($0.address) (\($0.quality))" } ?? "nothing")")
            }
        }
        let features = index.layer.features
        for _ in 0..<2_000 {
            let i = Int(random.next() * Double(features.count))
            guard let address = index.fields.address(of: features[i]), let number = address.houseNumber,
                  !address.street.hasPrefix("#") else { continue }
            let street = address.street
            if street.hasSuffix("str.") {
                try check("Str. → Straße", "\(street.dropLast(4))straße \(number)", expecting: i, quality: [.exact])
            }
            if street.contains("ß") || street.contains("ü") {
                let plain = street.replacingOccurrences(of: "ß", with: "ss").replacingOccurrences(of: "ü", with: "ue")
                try check("ß → ss, ü → ue", "\(plain) \(number)", expecting: i, quality: [.exact])
            }
            var letters = Array(street)
            let middle = letters.count / 2
            if letters.count >= 9, letters[middle].isLetter, letters[middle + 1].isLetter, letters[middle] != letters[middle + 1] {
                letters.swapAt(middle, middle + 1)
                try check("swapped letters", "\(String(letters)) \(number)", expecting: i, quality: [.fuzzyStreet])
            }
            if street.count >= 9 {
                var dropped = Array(street)
                dropped.remove(at: street.count / 3)
                try check("a letter missing", "\(String(dropped)) \(number)", expecting: i, quality: [.fuzzyStreet, .exact])
            }
            if number.suffix.isEmpty {
                try check("suffix added", "\(street) \(number)x", expecting: i, quality: [.numberSuffixIgnored])
            }
        }
        let rates = tried.keys.sorted().map { "\($0): \(found[$0, default: 0])/\(tried[$0]!)" }
        print("Misspellings found (Essen, seed 18): \(rates.joined(separator: "; "))")
        for (kind, count) in tried {
            // Rewriting may make another real street's name (a swapped pair can); allow 2 %.
            #expect(Double(found[kind, default: 0]) >= 0.98 * Double(count), "\(kind): \(found[kind, default: 0]) of \(count); \(wrong)")
        }
        #expect(tried.values.reduce(0, +) > 3_000)
    }

    @Test func addressesThatDoNotExistSaySo() throws {
        for text in ["Nirgendwostraße 1", "Am Qwertzuiop 5", "Zzzzzzzzz 1, 45128 Essen", "Xylophonweg 3"] {
            #expect(try Self.index.locate(text).isEmpty, "\(text)")
        }
        // A real street without that number: the nearest number, flagged.
        let nearest = try #require(try Self.index.locate("Rüttenscheider Str. 9999").first)
        #expect(nearest.quality == .nearestNumber && nearest.score == 0.5)
    }

    /// The schools of Essen in the NRW school list (IT.NRW, with positions geocoded by
    /// Nominatim) geocoded against the official house coordinates.
    @Test func essenSchoolsOfTheNRWListAreGeocoded() throws {
        let path = Paths.shared! + "/data/schools/nrw_schulverzeichnis_2024_25_sozialindex_geocoded.csv"
        let all = try LayerIO.read(path: path).layer
        var essen = all
        essen.features = all.features.filter { $0[property: "Ort"]?.stringValue == "Essen" }
        #expect(essen.features.count > 150)
        let result = try Self.index.geocode(essen)
        #expect(result.layer.crs == .epsg(25832))
        let counts = MatchQuality.allCases.map { "\($0): \(result.matchCounts[$0, default: 0])" }.joined(separator: ", ")
        // Distances from the list's own (Nominatim) positions, in metres.
        var distances: [Double] = []
        let toGeographic = try Transformer(from: "EPSG:25832", to: "OGC:CRS84")
        for (source, placed) in zip(essen.features, result.layer.features) {
            guard case .point(let given)? = source.geometry, let geometry = placed.geometry,
                  case .point(let p) = try toGeographic.transform(geometry) else { continue }
            distances.append(Geodesic.wgs84.distance(from: given, to: p))
        }
        distances.sort()
        let median = distances[distances.count / 2], within100 = distances.filter { $0 <= 100 }.count
        print("Essen schools: \(result.matchedCount) of \(essen.features.count) placed (\(counts)); \(result.unmatchedCount) unmatched; distance to the list's Nominatim positions: median \(String(format: "%.1f", median)) m, \(within100) within 100 m")
        #expect(Double(result.matchedCount) >= 0.97 * Double(essen.features.count))
        #expect(Double(result.matchCounts[.exact, default: 0]) >= 0.85 * Double(essen.features.count))
        #expect(median < 50)
    }
}
