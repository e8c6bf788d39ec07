@testable import GeoQuery
import TestSupport
import Testing

@Suite struct AddressParsingTests {
    @Test(arguments: [
        ("Rüttenscheider Str.", "ruettenscheiderstr"),
        ("Rüttenscheider Straße", "ruettenscheiderstr"),
        ("Ruettenscheider Strasse", "ruettenscheiderstr"),
        ("Rüttenscheiderstraße", "ruettenscheiderstr"),
        ("Rüttenscheider Strase", "ruettenscheiderstr"),
        ("RÜTTENSCHEIDER STR", "ruettenscheiderstr"),
        ("Admiral-Scheer-Str.", "admiralscheerstr"),
        ("Admiral Scheer Straße", "admiralscheerstr"),
        ("Auf'm Steinacker", "aufmsteinacker"),
        ("Marktpl.", "marktplatz"),
        ("Markt Pl.", "marktplatz"),
        ("Essen Hbf", "essenhauptbahnhof"),
        ("St.-Ingbert-Höhe", "sanktingberthoehe"),
        ("Sankt Ingbert Höhe", "sanktingberthoehe"),
        ("Straße des 17. Juni", "strdes17juni"),
        ("Rue de l’Église", "ruedeleglise"),
    ])
    func streetNamesThatNameOneStreetHaveOneKey(name: String, key: String) {
        #expect(StreetKey.of(name) == key)
    }

    @Test func streetKeysKeepWhatTellsStreetsApart() {
        #expect(StreetKey.of("Rüttenscheider Str.") != StreetKey.of("Rüttenscheider Platz"))
        #expect(StreetKey.of("Kloster") == "kloster")   // a word ending in -ster is not a street type
        #expect(StreetKey.of(" - . ").isEmpty)
    }

    @Test(arguments: [
        ("12", HouseNumber(12)),
        ("12a", HouseNumber(12, suffix: "a")),
        ("12 A", HouseNumber(12, suffix: "a")),
        ("12-14", HouseNumber(12, rangeEnd: 14)),
        ("12 – 14", HouseNumber(12, rangeEnd: 14)),
        ("12/1", HouseNumber(12, suffix: "1")),
        ("  7b-c", HouseNumber(7, suffix: "b")),
    ])
    func houseNumbersAreReadAsPeopleWriteThem(text: String, number: HouseNumber) {
        #expect(HouseNumber(parsing: text) == number)
    }

    @Test func whatIsNotAHouseNumberIsRefused() {
        #expect(HouseNumber(parsing: "") == nil)
        #expect(HouseNumber(parsing: "a12") == nil)
        #expect(HouseNumber(parsing: "1234567") == nil)
        #expect(HouseNumber(parsing: "14-12")?.rangeEnd == nil)   // a backwards range is a single number
        #expect(HouseNumber(12, suffix: "a").description == "12a" && HouseNumber(12, suffix: "1").description == "12/1")
        #expect(HouseNumber(12) < HouseNumber(12, suffix: "a") && HouseNumber(12, suffix: "b") < HouseNumber(13))
    }

    @Test func rangesCoverTheirNumbers() {
        let range = HouseNumber(12, rangeEnd: 14)
        #expect(range.covers(HouseNumber(13)) && range.covers(HouseNumber(14)) && !range.covers(HouseNumber(15)))
        #expect(!HouseNumber(12).covers(HouseNumber(12, suffix: "a")))
    }

    @Test(arguments: [
        ("Rüttenscheider Str. 12, 45128 Essen", "Rüttenscheider Str.", "12", "45128", "Essen"),
        ("Rüttenscheider Str. 12 45128 Essen", "Rüttenscheider Str.", "12", "45128", "Essen"),
        ("45128 Essen, Rüttenscheider Str. 12a", "Rüttenscheider Str.", "12a", "45128", "Essen"),
        ("Rüttenscheider Str. 12 A, Essen", "Rüttenscheider Str.", "12a", nil, "Essen"),
        ("Straße des 17. Juni 5", "Straße des 17. Juni", "5", nil, nil),
        ("Straße des 17. Juni", "Straße des 17. Juni", nil, nil, nil),
        ("Hauptstr. 12 - 14", "Hauptstr.", "12-14", nil, nil),
        ("Am Ring", "Am Ring", nil, nil, nil),
        ("An de 3", "An de", "3", nil, nil),
    ])
    func oneLineAddressesAreSplitIntoTheirParts(text: String, street: String, number: String?, postcode: String?, place: String?) throws {
        let address = try PostalAddress(parsing: text)
        #expect(address.street == street)
        #expect(address.houseNumber?.description == number)
        #expect(address.postcode == postcode)
        #expect(address.place == place)
    }

    @Test func addressesAndFieldsDescribeThemselves() throws {
        #expect(try PostalAddress(parsing: "45128 Essen, Rüttenscheider Str. 12 A").description == "Rüttenscheider Str. 12a, 45128 Essen")
        #expect(PostalAddress(street: "Am Ring").description == "Am Ring")
        #expect(AddressFields(street: "strname", houseNumber: "hsnr", streetCode: "strschl").description == "street=strname, number=hsnr, street code=strschl")
    }

    @Test func anAddressWithoutAStreetIsRefusedWithAnExample() {
        for text in ["", "45128 Essen", " , ", "12"] {
            #expect(throws: QueryError.self) { try PostalAddress(parsing: text) }
        }
        do {
            _ = try PostalAddress(parsing: "45128")
        } catch {
            #expect("\(error)".contains("names no street") && "\(error)".contains("45128"))
        }
    }

    @Test func addressFieldsAreRecognisedByTheirGermanNames() {
        let essen = AddressFields.detect(in: ["objectid", "strschl", "hsnr", "hsnrzu", "adresse", "strname", "x", "y"])
        #expect(essen == AddressFields(street: "strname", houseNumber: "hsnr", houseNumberSuffix: "hsnrzu", combined: "adresse", streetCode: "strschl"))
        let nrw = AddressFields.detect(in: ["Schulnummer", "Straße und Hausnummer", "Postleitzahl", "Ort"])
        #expect(nrw == AddressFields(postcode: "Postleitzahl", place: "Ort", combined: "Straße und Hausnummer"))
        let osm = AddressFields.detect(in: ["name", "addr:street", "addr:housenumber", "addr:postcode", "addr:city"])
        #expect(osm == AddressFields(street: "addr:street", houseNumber: "addr:housenumber", postcode: "addr:postcode", place: "addr:city"))
        #expect(AddressFields.detect(in: ["name", "x", "y"]) == nil)
    }
}

/// The filters in front of the edit distance (letter counts, shared letter pairs) never
/// rule out a street that is within the allowed edits: the same answers as comparing
/// every key.
@Suite struct StreetSpellingsTests {
    @Test func theFiltersLoseNoStreetThatIsCloseEnough() {
        var random = RandomStream(seed: 7)
        let alphabet = Array("aeinrstuloh".utf8)   // few letters: many near neighbours
        func word(_ length: Int) -> [UInt8] { (0..<length).map { _ in alphabet[Int(random.next() * Double(alphabet.count))] } }
        var keys: [String: [Int32]] = [:]
        for n in 0..<3_000 { keys[String(decoding: word(5 + Int(random.next() * 14)), as: UTF8.self), default: []].append(Int32(n)) }
        let spellings = StreetSpellings(keys)
        let all = keys.keys.map { Array($0.utf8) }
        var compared = 0, matched = 0
        for _ in 0..<300 {
            // A key with one to three random edits, or a new word.
            var query = all[Int(random.next() * Double(all.count))]
            for _ in 0..<(1 + Int(random.next() * 3)) {
                let at = Int(random.next() * Double(query.count - 1))
                switch Int(random.next() * 4) {
                case 0: query.swapAt(at, at + 1)
                case 1: query.remove(at: at)
                case 2: query.insert(alphabet[Int(random.next() * Double(alphabet.count))], at: at)
                default: query[at] = alphabet[Int(random.next() * Double(alphabet.count))]
                }
            }
            let allowed = StreetSpellings.allowedEdits(forLength: query.count)
            var rows = ([Int](repeating: 0, count: 40), [Int](repeating: 0, count: 40), [Int](repeating: 0, count: 40))
            var expected: [String: Int] = [:]
            for key in all {
                let d = query.withUnsafeBufferPointer { q in key.withUnsafeBufferPointer { k in
                    StreetSpellings.distance(q, k, limit: allowed, rows: &rows.0, &rows.1, &rows.2)
                } }
                if let d, allowed > 0 { expected[String(decoding: key, as: UTF8.self)] = d }
            }
            let found = spellings.closest(to: String(decoding: query, as: UTF8.self), limit: 10_000)
            let foundKeys = Dictionary(uniqueKeysWithValues: found.map { hit in (keys.first { $0.value == hit.streets }!.key, hit.edits) })
            #expect(foundKeys == expected, "\(String(decoding: query, as: UTF8.self))")
            compared += 1
            matched += expected.count
        }
        #expect(compared == 300 && matched > 150, "\(matched)")
    }
}
