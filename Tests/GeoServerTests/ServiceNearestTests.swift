import Foundation
import GeoKit
@testable import GeoServer
import TestSupport
import Testing

/// `/collections/{id}/nearest`: the same neighbours, distances and azimuths as GeoQuery.
@Suite struct ServiceNearestTests {
    typealias T = ServiceTesting

    @Test func theNearestDefibrillatorsAreGeoQuerysWithTheirDistances() async throws {
        let layer = try GeoJSON.readLayer(atPath: Paths.fixture("aed/koeln_aed_register.geojson"))
        let cathedral = Position(x: 6.9583, y: 50.9413)
        let expected = try GeoIndex(layer).nearest(to: cathedral, count: 5)
        let response = await T.get("/collections/aed/nearest?lon=6.9583&lat=50.9413&k=5")
        #expect(response.status == 200 && response.header("Content-Type") == "application/geo+json")
        let features = try #require(T.json(response)["features"] as? [[String: Any]])
        #expect(features.count == 5)
        for (feature, neighbor) in zip(features, expected) {
            let properties = try #require(feature["properties"] as? [String: Any])
            #expect(feature["id"] as? Int == Int(neighbor.feature.id!.description))
            #expect(abs((properties["distance_m"] as? Double ?? -1) - neighbor.distance) <= 0.0005)
            #expect(abs((properties["azimuth_deg"] as? Double ?? -1000) - neighbor.azimuth) <= 0.05)
            #expect(properties["name"] as? String == neighbor.feature.properties["name"]?.stringValue)
        }
        let within = T.json(await T.get("/collections/aed/nearest?lon=6.9583&lat=50.9413&k=50&within=500"))
        let distances = (within["features"] as? [[String: Any]] ?? []).compactMap { ($0["properties"] as? [String: Any])?["distance_m"] as? Double }
        #expect(!distances.isEmpty && distances.allSatisfy { $0 <= 500 } && distances == distances.sorted())
        #expect(distances.count == (try GeoIndex(layer).features(within: 500, of: cathedral)).count)
    }

    @Test func measuresNeverReplaceAFeaturesOwnProperties() {
        #expect(FeatureService.measureNames(avoiding: ["name": "x"]) == ("distance_m", "azimuth_deg"))
        #expect(FeatureService.measureNames(avoiding: ["distance_m": 3]) == ("nearest_distance_m", "nearest_azimuth_deg"))
    }

    @Test func anAddressIsLookedUpInTheHouseCoordinates() async throws {
        let houses = try GeoJSON.readLayer(atPath: Paths.fixture("addresses/essen_hauskoordinaten_sample.geojson"))
        let index = try AddressIndex(layer: houses)
        let schools = Layer(name: "s", crs: .crs84, inferringFieldsFrom: [
            Feature(id: 1, geometry: .point(Position(x: 7.0, y: 51.44)), properties: ["name": "far"]),
            Feature(id: 2, geometry: .point(Position(x: 7.0090, y: 51.4443)), properties: ["name": "near"]),
        ])
        let service = try FeatureService(collections: [ServedCollection(id: "s", store: LayerStore(schools), addresses: index)])
        let answer = T.json(await T.get("/collections/s/nearest?address=R%C3%BCttenscheider%20Stra%C3%9Fe%203", on: service))
        let query = try #require(answer["query"] as? [String: Any])
        #expect((query["address"] as? String)?.contains("Rüttenscheider Str. 3") == true)
        let match = try index.locate("Rüttenscheider Straße 3")[0].geographicPosition
        #expect(abs((query["lon"] as? Double ?? 0) - match.x) < 1e-9 && abs((query["lat"] as? Double ?? 0) - match.y) < 1e-9)
        let unknown = await T.get("/collections/s/nearest?address=Nirgendwostra%C3%9Fe%205", on: service)
        #expect(unknown.status == 404 && unknown.text.contains("Nirgendwostraße"))
        let both = await T.get("/collections/s/nearest?address=x&lon=7&lat=51", on: service)
        #expect(both.status == 400)
    }

    @Test func openNowLeavesOutWhatIsClosedOrPrivate() async throws {
        let features = [
            Feature(id: 1, geometry: .point(Position(x: 7.0001, y: 51)), properties: ["access": "private", "opening_hours": "24/7"]),
            Feature(id: 2, geometry: .point(Position(x: 7.0002, y: 51)), properties: ["access": "yes", "opening_hours": "24/7"]),
        ]
        let service = try FeatureService(collections: [ServedCollection(id: "a", store: LayerStore(Layer(name: "a", crs: .crs84, inferringFieldsFrom: features)))])
        let all = T.json(await T.get("/collections/a/nearest?lon=7&lat=51&k=2", on: service))
        #expect(ServiceItemsTests.ids(all) == [1, 2])
        let open = T.json(await T.get("/collections/a/nearest?lon=7&lat=51&k=2&open-now=true", on: service))
        #expect(ServiceItemsTests.ids(open) == [2])
    }

    @Test func theHostHeaderReachesLinksOnlyWhenItIsAPlainHost() {
        let server = FeatureServer(service: T.service, host: "127.0.0.1", port: 8080)
        #expect(server.baseURL(authority: "geo.example.org:8443") == "http://geo.example.org:8443")
        #expect(server.baseURL(authority: "[::1]:8080") == "http://[::1]:8080")
        #expect(server.baseURL(authority: "evil\"><script>") == "http://127.0.0.1:8080")
        #expect(server.baseURL(authority: nil) == "http://127.0.0.1:8080")
    }
}
