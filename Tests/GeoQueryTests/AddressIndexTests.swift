import Foundation
import GeoKit
import TestSupport
import Testing

@Suite struct AddressIndexTests {
    static let sample = Paths.fixture("addresses/essen_hauskoordinaten_sample.geojson")
    static let index: AddressIndex = try! AddressIndex(layer: GeoJSON.readLayer(atPath: sample))

    func best(_ text: String) throws -> AddressMatch {
        try #require(try Self.index.locate(text).first, "no match for \(text)")
    }

    @Test func everyAddressOfTheSampleFindsItselfExactly() throws {
        let index = Self.index
        #expect(index.count == 434 && index.skippedCount == 0)
        #expect(index.fields.street == "strname" && index.fields.streetCode == "strschl")
        for (i, feature) in index.layer.features.enumerated() {
            let address = try #require(index.fields.address(of: feature))
            let found = try index.locate(address, count: 5)
            let top = try #require(found.first)
            let expectedQuality: MatchQuality = address.houseNumber == nil ? .streetOnly : .exact
            #expect(top.quality == expectedQuality, "\(address)")
            // Its own feature is among the equally good candidates (a street of the same
            // name elsewhere may have the same number).
            #expect(found.contains { $0.featureIndex == i && $0.score == top.score }, "\(address)")
        }
    }

    @Test func spellingVariantsFindTheSameBuilding() throws {
        let expected = try best("Rüttenscheider Str. 3")
        #expect(expected.quality == .exact && expected.score == 1 && expected.address == "Rüttenscheider Str. 3")
        guard case .point(let p) = expected.feature.geometry else { Issue.record("not a point"); return }
        #expect(expected.position == p && p.x > 300_000)  // EPSG:25832, as the layer
        for variant in ["Rüttenscheider Straße 3", "Ruettenscheider Strasse 3", "rüttenscheiderstr 3", "RÜTTENSCHEIDER STR. 3",
                        "Rüttenscheider-Str. 3", "Rüttenscheider Str. 3, 45128 Essen", "45130 Essen, Rüttenscheider Str 3"] {
            let found = try best(variant)
            #expect(found.featureIndex == expected.featureIndex && found.quality == .exact, "\(variant)")
        }
        #expect(try best("Admiral Scheer Straße 12").address == "Admiral-Scheer-Str. 12")
        #expect(try best("St. Ingbert Höhe 2").quality == .exact)
    }

    @Test func typosFindTheStreetByEditDistance() throws {
        let expected = try best("Rüttenscheider Str. 3")
        for typo in ["Rütenscheider Str. 3", "Rüttenschieder Str. 3", "Ruttenscheider Str. 3", "Rüttenscheidre Straße 3", "Rüttenscheider 3"] {
            let found = try best(typo)
            #expect(found.featureIndex == expected.featureIndex && found.quality == .fuzzyStreet, "\(typo)")
            #expect(found.score < 1 && found.score > 0.7, "\(typo): \(found.score)")
        }
        // Too far from every street: nothing, rather than a guess.
        #expect(try AddressIndexTests.index.locate("Hauptstraße 1").isEmpty)
        #expect(try AddressIndexTests.index.locate("Xyz 1").isEmpty)
    }

    @Test func suffixesAndMissingNumbersFallBackAndSaySo() throws {
        let suffixed = Self.index.layer.features.first { $0[property: "hsnrzu"]?.stringValue == "A" && $0[property: "strname"]?.stringValue == "Rüttenscheider Str." }
        let feature = try #require(suffixed)
        let street = feature[property: "strname"]!.stringValue!, number = feature[property: "hsnr"]!.stringValue!
        #expect(try best("\(street) \(number)a").quality == .exact)
        #expect(try best("\(street) \(number) A").quality == .exact)
        let ignored = try best("\(street) \(number)z")
        #expect(ignored.quality == .numberSuffixIgnored && ignored.score == 0.9)

        // A number that does not exist: the nearest on the same side of the street.
        let numbers = Set(Self.index.layer.features.filter { $0[property: "strname"]?.stringValue == "Rüttenscheider Str." }
            .compactMap { $0[property: "hsnr"]?.stringValue.flatMap { Int($0) } })
        let missing = try #require((1...400).first { !numbers.contains($0) && numbers.contains($0 - 2) })
        let nearest = try best("Rüttenscheider Str. \(missing)")
        #expect(nearest.quality == .nearestNumber && nearest.score < 0.8)
        let found = try #require(Int(nearest.feature[property: "hsnr"]!.stringValue!))
        #expect(found % 2 == missing % 2 && abs(found - missing) == 2)

        // No number asked: the street's own point.
        let wholeStreet = try best("Aachener Str.")
        #expect(wholeStreet.quality == .streetOnly && wholeStreet.feature[property: "hsnr"] == nil && wholeStreet.address == "Aachener Str.")
    }

    @Test func twoStreetsOfOneNameAreBothCandidates() throws {
        // Essen has two streets named Vogelsangsberg (street codes 3231 and 3905).
        let both = try Self.index.locate("Vogelsangsberg", count: 5)
        #expect(Set(both.map { $0.feature[property: "strschl"]?.stringValue }) == ["3231", "3905"])
    }

    @Test func postcodeAndPlaceNarrowTheSearch() throws {
        let layer = Layer(name: "two towns", crs: .crs84, features: [
            Feature(geometry: .point(Position(x: 7.0, y: 51.4)), properties: ["strasse": "Hauptstraße", "hausnummer": "1", "plz": "45127", "ort": "Essen"]),
            Feature(geometry: .point(Position(x: 6.9, y: 51.5)), properties: ["strasse": "Hauptstraße", "hausnummer": "1", "plz": "46045", "ort": "Oberhausen"]),
        ])
        let index = try AddressIndex(layer: layer)
        #expect(try index.locate("Hauptstr. 1, 46045 Oberhausen").first?.featureIndex == 1)
        #expect(try index.locate("Hauptstr. 1, Oberhausen").first?.featureIndex == 1)
        #expect(try index.locate("Hauptstr. 1, 45127").first?.featureIndex == 0)
        let ranked = try index.locate("Hauptstr. 1, 45127 Essen", count: 2)
        #expect(ranked.map(\.featureIndex) == [0, 1] && ranked[0].score == 1 && ranked[1].score < 1)
        #expect(ranked[0].geographicPosition == Position(x: 7.0, y: 51.4))
    }

    @Test func geographicPositionsAreTheLayersPointsInLongitudeLatitude() throws {
        let found = try best("Kettwiger Str. 2")
        #expect(abs(found.geographicPosition.x - 7.01) < 0.05 && abs(found.geographicPosition.y - 51.45) < 0.05)
        let transformed = try Transformer(from: "EPSG:25832", to: "OGC:CRS84").transform(Geometry.point(found.position))
        guard case .point(let p) = transformed else { Issue.record("not a point"); return }
        #expect(abs(p.x - found.geographicPosition.x) < 1e-12 && abs(p.y - found.geographicPosition.y) < 1e-12)
    }

    @Test func aLayerWithoutAddressFieldsIsRefusedWithItsFields() throws {
        let layer = Layer(name: "aeds", features: [Feature(geometry: .point(Position(x: 7, y: 51)), properties: ["name": "Rathaus"])])
        #expect(throws: QueryError.self) { try AddressIndex(layer: layer) }
        do { _ = try AddressIndex(layer: layer) } catch { #expect("\(error)".contains("its fields are name")) }
        do { _ = try AddressIndex(layer: layer, fields: AddressFields(street: "strasse")) } catch { #expect("\(error)".contains("has no field \"strasse\"")) }
        #expect(throws: QueryError.self) { try Self.index.locate("Aachener Str. 1", count: 0) }
    }

    @Test func featuresWithoutStreetOrPositionAreCountedNotIndexed() throws {
        let layer = Layer(name: "mixed", features: [
            Feature(geometry: .point(Position(x: 7, y: 51)), properties: ["strasse": "Hauptstraße", "hausnummer": "1"]),
            Feature(geometry: nil, properties: ["strasse": "Hauptstraße", "hausnummer": "2"]),
            Feature(geometry: .point(Position(x: 7, y: 51)), properties: ["strasse": "", "hausnummer": "3"]),
            Feature(geometry: .point(Position(x: 7, y: 51)), properties: ["strasse": "12", "hausnummer": "3"]),
        ])
        let index = try AddressIndex(layer: layer)
        #expect(index.count == 1 && index.skippedCount == 3)
    }
}
