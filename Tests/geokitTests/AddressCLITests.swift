import Foundation
import GeoKit
import TestSupport
import Testing

/// `geokit locate`, `geokit geocode` and `nearest --address` end to end.
@Suite struct AddressCLITests {
    static let addresses = Paths.fixture("addresses/essen_hauskoordinaten_sample.geojson")
    static let places = Paths.fixture("addresses/essen_places_to_geocode.csv")

    @Test func locatePrintsTheCandidateWithItsQualityAndPosition() throws {
        let result = try run(CLITests.geokit, ["locate", "Rüttenscheider Straße 3, 45128 Essen", "--addresses", Self.addresses])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("exact") && result.stdout.contains("Rüttenscheider Str. 3"), "\(result.stdout)")
        #expect(result.stdout.contains("361515.55, 5700957.64 in EPSG:25832"), "\(result.stdout)")

        let json = try run(CLITests.geokit, ["locate", "Rütenscheider Str. 3", "--addresses", Self.addresses, "--json", "-k", "2"])
        #expect(json.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.first?["quality"] as? String == "fuzzy-street" && rows.first?["x"] as? Double == 361515.551)
        #expect((rows.first?["properties"] as? [String: Any])?["objectid"] as? String == "81130")
    }

    @Test func anAddressThatIsNotThereExitsOne() throws {
        let result = try run(CLITests.geokit, ["locate", "Nirgendwostraße 5", "--addresses", Self.addresses])
        #expect(result.status == 1 && result.stderr.contains("no street in") && result.stderr.contains("Nirgendwostraße 5"), "\(result.stderr)")
    }

    @Test func usageErrorsExitTwo() throws {
        for arguments in [["locate", "12", "--addresses", Self.addresses],
                          ["locate", "Aachener Str. 1"],
                          ["locate", "Aachener Str. 1", "--addresses", Self.addresses, "--addresses-fields", "strasse"],
                          ["nearest", Paths.fixture("aed/koeln_aed_register.geojson"), "--address", "Aachener Str. 1"],
                          ["nearest", Paths.fixture("aed/koeln_aed_register.geojson"), "--address", "Aachener Str. 1", "--at", "7,51", "--addresses", Self.addresses],
                          ["geocode", Self.places, "--addresses", Self.addresses, "-o", "/tmp/x.unknown"]] {
            let result = try run(CLITests.geokit, arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
        }
        // An address layer without address fields: a data error naming its fields.
        let aeds = try run(CLITests.geokit, ["locate", "Aachener Str. 1", "--addresses", Paths.fixture("aed/koeln_osm_aed.geojson")])
        #expect(aeds.status == 1 && aeds.stderr.contains("its fields are"), "\(aeds.stderr)")
    }

    @Test func geocodePlacesEveryRowItCanAndKeepsTheOthers() throws {
        let folder = try temporaryDirectory()
        let output = folder + "/places.geojson"
        let result = try run(CLITests.geokit, ["geocode", Self.places, "--addresses", Self.addresses, "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("6 of 8 placed (4 exact, 1 number-suffix-ignored, 1 nearest-number), positions in EPSG:25832"), "\(result.stderr)")
        #expect(result.stderr.contains("1 address matches no street") && result.stderr.contains("1 row names no street"))
        let layer = try GeoJSON.readLayer(atPath: output)
        #expect(layer.crs == .epsg(25832) && layer.features.count == 8)
        #expect(layer.features.map { $0[property: "match_quality"]?.stringValue } ==
                ["nearest-number", "exact", "exact", "number-suffix-ignored", "exact", "exact", nil, nil])
        #expect(layer.features[1].geometry == .point(Position(x: 361515.551, y: 5700957.643)))
        #expect(layer.features[6].geometry == nil && layer.features[6][property: "name"]?.stringValue == "Fahrradladen")
        // Existing output is not replaced without --overwrite.
        let again = try run(CLITests.geokit, ["geocode", Self.places, "--addresses", Self.addresses, "-o", output])
        #expect(again.status == 1 && again.stderr.contains("--overwrite"))
        if GDAL.tools(for: #function) != nil {
            #expect(try GDAL.summary(of: output)?.count == 8)
        }
    }

    @Test func geocodeWithNamedColumnsAndAGeoPackage() throws {
        let folder = try temporaryDirectory()
        let output = folder + "/places.gpkg"
        let result = try run(CLITests.geokit, ["geocode", Self.places, "--addresses", Self.addresses, "-o", output,
                                               "--address-column", "Straße und Hausnummer", "--postcode-column", "Postleitzahl"])
        #expect(result.status == 0, "\(result.stderr)")
        let layer = try LayerIO.read(path: output).layer
        #expect(layer.features.count == 8 && layer.crs == .epsg(25832))
        let missing = try run(CLITests.geokit, ["geocode", Self.places, "--addresses", Self.addresses, "-o", folder + "/x.geojson",
                                                "--street-column", "Strasse"])
        #expect(missing.status == 1 && missing.stderr.contains("has no field \"Strasse\""), "\(missing.stderr)")
    }

    @Test func nearestTakesAnAddress() throws {
        let result = try run(CLITests.geokit, ["nearest", Self.addresses, "--address", "Kettwiger Str. 2", "--addresses", Self.addresses, "-k", "2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Kettwiger Str. 2 → Kettwiger Str. 2 (exact, score 1.000)"), "\(result.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        // The address itself is nearest, at 0 m; Kettwiger Str. 4 and 10 share its point.
        #expect(rows.count == 2 && rows[0]["distanceMetres"] as? Double == 0)
    }

    @Test func aSavedIndexIsUsedUntilTheLayerChanges() throws {
        let folder = try temporaryDirectory()
        let layer = folder + "/hk.geojson"
        try FileManager.default.copyItem(atPath: Self.addresses, toPath: layer)
        let save = try run(CLITests.geokit, ["locate", "Kettwiger Str. 2", "--addresses", layer, "--save-index"])
        #expect(save.status == 0 && save.stderr.contains("saved the index of 434 addresses to \(layer).addressindex"), "\(save.stderr)")
        let expected = save.stdout
        let again = try run(CLITests.geokit, ["locate", "Kettwiger Str. 2", "--addresses", layer])
        #expect(again.status == 0 && again.stdout == expected && again.stderr.isEmpty, "\(again.stderr)")
        // The saved index alone, without the layer.
        let direct = try run(CLITests.geokit, ["locate", "Kettwiger Str. 2", "--addresses", layer + ".addressindex"])
        #expect(direct.status == 0 && direct.stdout == expected)
        // A changed layer: said, and the index is built again.
        let handle = try #require(FileHandle(forWritingAtPath: layer))
        handle.seekToEndOfFile()
        handle.write(Data("\n".utf8))
        try handle.close()
        let changed = try run(CLITests.geokit, ["locate", "Kettwiger Str. 2", "--addresses", layer])
        #expect(changed.status == 0 && changed.stdout == expected && changed.stderr.contains("build the index again"), "\(changed.stderr)")
        // A file that is not an index: exit 1 with what it is not.
        try Data("not an index".utf8).write(to: URL(fileURLWithPath: folder + "/bad.addressindex"))
        let bad = try run(CLITests.geokit, ["locate", "Kettwiger Str. 2", "--addresses", folder + "/bad.addressindex"])
        #expect(bad.status == 1 && bad.stderr.contains("not a GeoKit address index"), "\(bad.stderr)")
    }
}
