import Foundation
import GeoKit
@testable import GeoServer
import TestSupport
import Testing

/// `/collections/{id}/items` and `/items/{featureId}`: paging, boxes, CRSs, filters and
/// every way a request can be wrong.
@Suite struct ServiceItemsTests {
    typealias T = ServiceTesting

    static func ids(_ document: [String: Any]) -> [Int] {
        (document["features"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
    }

    @Test func followingNextLinksVisitsEveryFeatureOnceAndPrevGoesBack() async throws {
        var target = "/collections/points/items?limit=37"
        var seen: [Int] = []
        var pages = 0
        while true {
            let page = T.json(await T.get(target))
            #expect(page["numberMatched"] as? Int == 400)
            #expect(page["numberReturned"] as? Int == Self.ids(page).count)
            seen += Self.ids(page)
            pages += 1
            if pages == 2 {
                let previous = T.json(await T.get(T.target(of: try #require(T.link("prev", in: page)))))
                #expect(Self.ids(previous) == Array(1...37))
            }
            guard let next = T.link("next", in: page) else { break }
            target = T.target(of: next)
        }
        #expect(seen == Array(1...400) && pages == 11)
    }

    @Test func aLimitAboveTheMaximumIsServedAsTheMaximum() async {
        let page = T.json(await T.get("/collections/points/items?limit=5000"))
        #expect(page["numberReturned"] as? Int == 100)
        #expect(T.json(await T.get("/collections/points/items"))["numberReturned"] as? Int == 10)
    }

    @Test func aBoxInTheStorageCRSSelectsWhatTheStoreSelects() async throws {
        for box in StoreConformance.boxes {
            let text = "\(box.minX),\(box.minY),\(box.maxX),\(box.maxY)"
            let page = T.json(await T.get("/collections/points/items?limit=100&bbox=\(text)&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/25832"))
            let expected = StoreConformance.expected(FeatureQuery(boundingBox: box)).compactMap { $0.id }
            #expect(Self.ids(page).map { FeatureID.integer(Int64($0)) } == Array(expected.prefix(100)))
            #expect(page["numberMatched"] as? Int == expected.count)
        }
    }

    @Test func aBoxInEPSG4326IsLatitudeFirst() async {
        let crs84 = T.json(await T.get("/collections/aed/items?limit=100&bbox=6.90,50.90,6.99,50.96"))
        let epsg4326 = T.json(await T.get("/collections/aed/items?limit=100&bbox=50.90,6.90,50.96,6.99&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326"))
        #expect(!Self.ids(crs84).isEmpty && Self.ids(crs84) == Self.ids(epsg4326))
        #expect((crs84["numberMatched"] as? Int ?? 0) < 121)
        let swapped = T.json(await T.get("/collections/aed/items?limit=100&bbox=6.90,50.90,6.99,50.96&bbox-crs=EPSG:4326"))
        #expect(Self.ids(swapped).isEmpty)
    }

    @Test func coordinatesComeInTheRequestedCRSAndAxisOrder() async throws {
        func first(_ target: String) async throws -> (point: [Double], crs: String?) {
            let response = await T.get(target)
            let feature = try #require((T.json(response)["features"] as? [[String: Any]])?.first)
            return (try #require((feature["geometry"] as? [String: Any])?["coordinates"] as? [Double]), response.header("Content-Crs"))
        }
        // Stored in EPSG:25832: asked in it, the coordinates are the stored ones exactly.
        let stored = try await first("/collections/points/items?limit=1&crs=http://www.opengis.net/def/crs/EPSG/0/25832")
        #expect(stored.point == [350_000, 5_650_000] && stored.crs == "<http://www.opengis.net/def/crs/EPSG/0/25832>")
        // By default CRS84, as PROJ transforms it.
        let lonLat = try await first("/collections/points/items?limit=1")
        let expected = try Transformer(from: "EPSG:25832", to: "OGC:CRS84").transform(Position(x: 350_000, y: 5_650_000))
        #expect(abs(lonLat.point[0] - expected.x) < 1e-12 && abs(lonLat.point[1] - expected.y) < 1e-12)
        #expect(lonLat.crs == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>")
        // EPSG:4326 and 4258 are latitude first.
        for code in [4326, 4258] {
            let latLon = try await first("/collections/points/items?limit=1&crs=http://www.opengis.net/def/crs/EPSG/0/\(code)")
            #expect(abs(latLon.point[0] - expected.y) < 1e-9 && abs(latLon.point[1] - expected.x) < 1e-9, "\(code)")
        }
        let item = T.json(await T.get("/collections/points/items/1?crs=http://www.opengis.net/def/crs/EPSG/0/3035"))
        let laea = try Transformer(from: "EPSG:25832", to: "EPSG:3035").transform(Position(x: 350_000, y: 5_650_000))
        let coordinates = try #require((item["geometry"] as? [String: Any])?["coordinates"] as? [Double])
        // EPSG:3035's axes are northing, easting: the answer follows the authority.
        #expect(abs(coordinates[0] - laea.y) < 1e-6 && abs(coordinates[1] - laea.x) < 1e-6)
    }

    @Test func cql2TextFiltersSelectWhatThePredicateSelects() async throws {
        for text in StoreConformance.predicates {
            let predicate = try FeaturePredicate(parsing: text)
            let expected = StoreConformance.expected(FeatureQuery(predicate: predicate)).compactMap { $0.id }
            let page = T.json(await T.get("/collections/points/items?limit=100&filter-lang=cql2-text&filter=\(PercentEncoding.encode(text))"))
            #expect(page["numberMatched"] as? Int == expected.count, "\(text)")
            #expect(Self.ids(page).map { FeatureID.integer(Int64($0)) } == Array(expected.prefix(100)), "\(text)")
        }
    }

    @Test func propertyParametersCompareAsTheirFieldsDo() async {
        func matched(_ query: String) async -> Int? { T.json(await T.get("/collections/points/items?\(query)"))["numberMatched"] as? Int }
        let byFilter = await matched("filter=\(PercentEncoding.encode("plz = 04109"))")
        #expect(byFilter != nil && byFilter! > 0)
        #expect(await matched("plz=04109") == byFilter)
        #expect(await matched("count=7") == StoreConformance.expected(FeatureQuery(predicate: try! FeaturePredicate(parsing: "count = 7"))).count)
        #expect(await matched("open=true") == StoreConformance.expected(FeatureQuery(predicate: try! FeaturePredicate(parsing: "open = TRUE"))).count)
        #expect(await matched("name=Dom&count=0") == StoreConformance.expected(FeatureQuery(predicate: try! FeaturePredicate(parsing: "name = 'Dom' AND count = 0"))).count)
    }

    @Test func datetimeFiltersTheFirstDateField() async {
        let features = (1...30).map { day in
            Feature(id: .integer(Int64(day)), geometry: .point(Position(x: 7, y: 51)), properties: ["day": .string(String(format: "2024-04-%02d", day))])
        }
        let layer = Layer(name: "days", crs: .crs84, features: features, fields: [Field(name: "day", type: .date)])
        let service = try! FeatureService(collections: [ServedCollection(id: "days", store: LayerStore(layer))])
        func ids(_ datetime: String) async -> [Int] { Self.ids(T.json(await T.get("/collections/days/items?limit=50&datetime=\(datetime)", on: service))) }
        #expect(await ids("2024-04-03") == [3])
        #expect(await ids("2024-04-28/..") == [28, 29, 30])
        #expect(await ids("../2024-04-02") == [1, 2])
        #expect(await ids("2024-04-10T00:00:00Z/2024-04-12") == [11, 12])
        // Without a date field, as OGC API says, every feature matches.
        #expect(T.json(await T.get("/collections/aed/items?datetime=2024-01-01"))["numberMatched"] as? Int == 121)
    }

    @Test func everyBadRequestGetsAProblemNamingTheParameter() async {
        let cases: [(String, Int, String)] = [
            ("/collections/points/items?bbox=1,2,3", 400, "bbox"),
            ("/collections/points/items?bbox=a,b,c,d", 400, "bbox"),
            ("/collections/points/items?bbox=7,52,8,51", 400, "bbox"),
            ("/collections/points/items?bbox-crs=EPSG:25832", 400, "bbox-crs"),
            ("/collections/points/items?bbox=1,2,3,4&bbox-crs=EPSG:9999", 400, "bbox-crs"),
            ("/collections/points/items?crs=EPSG:2056", 400, "crs"),
            ("/collections/points/items?filter=name%20%3D", 400, "filter"),
            ("/collections/points/items?filter=nosuchfield%20%3D%201", 400, "nosuchfield"),
            ("/collections/points/items?filter-lang=cql2-json", 400, "filter-lang"),
            ("/collections/points/items?filter=name%20%3D%20Dom", 400, "quote text as 'Dom'"),
            ("/collections/points/items?filter=S_INTERSECTS(geometry%2C%20POINT(7%2051))", 400, "filter"),
            ("/collections/points/items?datetime=yesterday", 400, "datetime"),
            ("/collections/points/items?limit=0", 400, "limit"),
            ("/collections/points/items?limit=ten", 400, "limit"),
            ("/collections/points/items?offset=-3", 400, "offset"),
            ("/collections/points/items?cursor=garbage", 400, "cursor"),
            ("/collections/points/items?cursor=5.nonsense", 400, "cursor"),
            ("/collections/points/items?limit=1&limit=2", 400, "more than once"),
            ("/collections/points/items?color=red", 400, "color"),
            ("/collections/points/items?f=xml", 400, "f"),
            ("/collections/points?limit=3", 400, "limit"),
            ("/collections/points/items/99999", 404, "99999"),
            ("/collections/points/items/1?bbox=1,2,3,4", 400, "bbox"),
            ("/collections/nothing/items", 404, "nothing"),
            ("/collections/points/other", 404, "/collections/points/other"),
            ("/../../etc/passwd", 404, "no resource"),
            ("/collections/aed/nearest", 400, "lon"),
            ("/collections/aed/nearest?lon=200&lat=50", 400, "lon"),
            ("/collections/aed/nearest?lon=7", 400, "lon"),
            ("/collections/aed/nearest?lon=7&lat=51&k=0", 400, "k"),
            ("/collections/aed/nearest?address=Domkloster%204", 400, "address"),
            ("/collections/aed/nearest?lon=7&lat=51&open-now=maybe", 400, "open-now"),
        ]
        for (target, status, mention) in cases {
            let response = await T.get(target)
            #expect(response.status == status, "\(target): \(response.status) \(response.text)")
            #expect(response.header("Content-Type") == "application/problem+json", "\(target)")
            let problem = T.json(response)
            #expect(problem["status"] as? Int == status && (problem["detail"] as? String ?? "").contains(mention), "\(target): \(response.text)")
        }
        let post = await T.get("/collections", method: "POST")
        #expect(post.status == 405)
    }

    @Test func headAnswersWithTheLengthOfGetAndNoBody() async {
        for target in ["/", "/collections/aed/items?limit=3", "/collections/aed/items/5", "/api"] {
            let get = await T.get(target)
            let head = await T.get(target, method: "HEAD")
            #expect(head.status == 200 && head.body.isEmpty && head.header("Content-Length") == String(get.body.count), "\(target)")
        }
    }

    @Test func aFeatureByIDCarriesItsLinksAndIDsMayBeText() async throws {
        let item = T.json(await T.get("/collections/aed/items/7"))
        #expect(item["type"] as? String == "Feature" && item["id"] as? Int == 7)
        #expect(T.link("self", in: item) == "http://test.example:8080/collections/aed/items/7?f=json")
        #expect(T.link("collection", in: item) == "http://test.example:8080/collections/aed")
        let layer = Layer(name: "t", crs: .crs84, inferringFieldsFrom: [
            Feature(id: "DE 05/315 ä", geometry: .point(Position(x: 7, y: 51)), properties: ["n": 1]),
        ])
        let service = try FeatureService(collections: [ServedCollection(id: "t", store: LayerStore(layer))])
        // An encoded slash stays inside its segment; a space and an umlaut decode.
        let found = T.json(await T.get("/collections/t/items/DE%2005%2F315%20%C3%A4", on: service))
        #expect(found["id"] as? String == "DE 05/315 ä")
        #expect(T.link("self", in: found) == "http://test.example:8080/collections/t/items/DE%2005%2F315%20%C3%A4?f=json")
    }

    /// What the store noticed reading a page (a geometry it could not read, arcs made
    /// segments) reaches the client: a `warnings` member and notes on the HTML page.
    @Test func whatTheStoreNoticedIsSaidNotHidden() async throws {
        let store = try GeoPackageStore(path: Paths.fixture("geopackage/odd_geometries.gpkg"))
        let service = try FeatureService(collections: [ServedCollection(id: "shapes", store: store)])
        let page = T.json(await T.get("/collections/shapes/items?limit=10", on: service))
        let warnings = try #require(page["warnings"] as? [[String: Any]])
        #expect(warnings.contains { ($0["message"] as? String)?.contains("kept without geometry") == true && $0["feature"] as? Int == 2 }, "\(warnings)")
        #expect(!(warnings.map { "\($0)" }.joined().contains("/Fixtures/")), "no server path in what clients read")
        let item = T.json(await T.get("/collections/shapes/items/2", on: service))
        #expect((item["warnings"] as? [[String: Any]])?.first?["severity"] as? String == "warning")
        #expect(item["geometry"] is NSNull)
        let html = await T.get("/collections/shapes/items?f=html&limit=10", on: service)
        #expect(html.text.contains("Notes on these features") && html.text.contains("kept without geometry"))
        let clean = T.json(await T.get("/collections/aed/items?limit=3"))
        #expect(clean["warnings"] == nil)
    }
}
