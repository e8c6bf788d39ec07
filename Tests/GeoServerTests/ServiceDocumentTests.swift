import Foundation
import GeoKit
@testable import GeoServer
import TestSupport
import Testing

/// The landing page, conformance, collections, queryables and the API definition.
@Suite struct ServiceDocumentTests {
    typealias T = ServiceTesting

    @Test func theLandingPageLinksEverythingAClientNeeds() async {
        let response = await T.get("/")
        #expect(response.status == 200 && response.header("Content-Type") == "application/json")
        #expect(response.header("Content-Language") == "de")
        let landing = T.json(response)
        #expect(landing["title"] as? String == "Test service")
        for rel in ["self", "alternate", "service-desc", "service-doc", "conformance", "data"] {
            #expect(T.link(rel, in: landing)?.hasPrefix("http://test.example:8080/") == true, "\(rel)")
        }
    }

    @Test func conformanceNamesTheClassesOfPartsOneToThree() async {
        let classes = T.json(await T.get("/conformance"))["conformsTo"] as? [String] ?? []
        for part in ["ogcapi-features-1/1.0/conf/core", "ogcapi-features-1/1.0/conf/geojson", "ogcapi-features-1/1.0/conf/html",
                     "ogcapi-features-1/1.0/conf/oas30", "ogcapi-features-2/1.0/conf/crs", "ogcapi-features-3/1.0/conf/filter",
                     "cql2/1.0/conf/cql2-text"] {
            #expect(classes.contains("http://www.opengis.net/spec/\(part)"), "\(part)")
        }
    }

    @Test func collectionsCarryExtentCRSListAndStorageCRS() async throws {
        let document = T.json(await T.get("/collections"))
        let collections = try #require(document["collections"] as? [[String: Any]])
        #expect(collections.map { $0["id"] as? String } == ["points", "aed"])
        let points = collections[0]
        #expect(points["storageCrs"] as? String == "http://www.opengis.net/def/crs/EPSG/0/25832")
        let crs = points["crs"] as? [String] ?? []
        #expect(crs.first == "http://www.opengis.net/def/crs/OGC/1.3/CRS84" && crs.contains("http://www.opengis.net/def/crs/EPSG/0/3035"))
        // The extent is in CRS84: the UTM grid lies near 6.9° E, 51° N.
        let bbox = try #require(((points["extent"] as? [String: Any])?["spatial"] as? [String: Any])?["bbox"] as? [[Double]])
        #expect(bbox[0][0] > 6.8 && bbox[0][0] < 7 && bbox[0][1] > 50.9 && bbox[0][1] < 51.1 && bbox[0][2] > bbox[0][0])
        #expect(T.link("items", type: "application/geo+json", in: points) == "http://test.example:8080/collections/points/items?f=json")

        let one = T.json(await T.get("/collections/aed"))
        #expect(one["id"] as? String == "aed" && one["title"] as? String == "Defibrillators in Cologne")
        #expect(T.link("self", in: one) == "http://test.example:8080/collections/aed?f=json")
    }

    @Test func queryablesAreAJSONSchemaOfTheFields() async throws {
        let response = await T.get("/collections/points/queryables")
        #expect(response.header("Content-Type") == "application/schema+json")
        let schema = T.json(response)
        let properties = try #require(schema["properties"] as? [String: [String: Any]])
        #expect(Set(properties.keys) == ["name", "plz", "count", "share", "open"])
        #expect(properties["count"]?["type"] as? String == "integer" && properties["share"]?["type"] as? String == "number")
        #expect(properties["open"]?["type"] as? String == "boolean")
        #expect(schema["$id"] as? String == "http://test.example:8080/collections/points/queryables")
    }

    @Test func theAPIDefinitionDescribesEveryPathAndFieldParameter() async throws {
        let response = await T.get("/api")
        #expect(response.header("Content-Type")?.hasPrefix("application/vnd.oai.openapi+json") == true)
        let api = T.json(response)
        #expect(api["openapi"] as? String == "3.0.3")
        let paths = try #require(api["paths"] as? [String: [String: Any]])
        for path in ["/", "/conformance", "/api", "/collections", "/collections/points", "/collections/points/items",
                     "/collections/points/items/{featureId}", "/collections/points/queryables", "/collections/aed/nearest"] {
            #expect(paths[path] != nil, "\(path)")
        }
        let items = try #require((paths["/collections/points/items"]?["get"] as? [String: Any])?["parameters"] as? [[String: Any]])
        let names = Set(items.compactMap { $0["name"] as? String })
        #expect(names.isSuperset(of: ["limit", "bbox", "bbox-crs", "crs", "datetime", "filter", "filter-lang", "plz", "open"]))
    }

    @Test func htmlIsChosenByFormatOrByABrowsersAcceptHeader() async {
        let browser = await T.get("/collections", accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
        #expect(browser.header("Content-Type") == "text/html; charset=utf-8")
        #expect(browser.text.contains("<html lang=\"de\">") && browser.text.contains("Defibrillators in Cologne"))
        let client = await T.get("/collections", accept: "application/json")
        #expect(client.header("Content-Type") == "application/json")
        let anything = await T.get("/collections", accept: "*/*")
        #expect(anything.header("Content-Type") == "application/json")
        let forced = await T.get("/collections?f=html", accept: "application/json")
        #expect(forced.header("Content-Type") == "text/html; charset=utf-8")
        for path in ["/", "/conformance", "/api", "/collections/points", "/collections/points/items", "/collections/points/items/3",
                     "/collections/aed/queryables", "/collections/aed/nearest", "/collections/aed/nearest?lon=6.9583&lat=50.9413&k=3"] {
            let page = await T.get(path + (path.contains("?") ? "&" : "?") + "f=html")
            #expect(page.status == 200 && page.text.hasPrefix("<!DOCTYPE html>") && page.text.contains("</html>"), "\(path): \(page.status)")
        }
    }

    @Test func pagesEscapeWhatTheDataSays() async {
        let layer = Layer(name: "x", crs: .crs84, inferringFieldsFrom: [
            Feature(id: "a", geometry: .point(Position(x: 7, y: 51)), properties: ["name": "<script>alert(1)</script>"]),
        ])
        let service = try! FeatureService(collections: [ServedCollection(id: "x", store: LayerStore(layer), title: "\"><b>title")])
        let items = await T.get("/collections/x/items?f=html", on: service)
        #expect(!items.text.contains("<script>alert") && items.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let collections = await T.get("/collections?f=html", on: service)
        #expect(!collections.text.contains("\"><b>title") && collections.text.contains("&quot;&gt;&lt;b&gt;title"))
    }

    @Test func theMapOfAPageDrawsItsFeatures() async {
        let page = await T.get("/collections/aed/items?f=html&limit=5")
        #expect(page.text.components(separatedBy: "<circle ").count - 1 == 5)
        #expect(page.text.contains("<svg class=\"map\" role=\"img\""))
    }

    @Test func collectionIDsAreMadeURLSafe() {
        #expect(ServedCollection.identifier(for: "Schulen Köln (2024)") == "schulen_koeln_2024")
        #expect(ServedCollection.identifier(for: "Straßen") == "strassen")
        #expect(ServedCollection.identifier(for: "???") == "layer")
        let store = LayerStore(Layer(name: "a", features: [], fields: []))
        #expect(throws: ServiceProblem.self) { try FeatureService(collections: [ServedCollection(id: "a/b", store: store)]) }
        #expect(throws: ServiceProblem.self) {
            try FeatureService(collections: [ServedCollection(id: "a", store: store), ServedCollection(id: "a", store: store)])
        }
    }
}
