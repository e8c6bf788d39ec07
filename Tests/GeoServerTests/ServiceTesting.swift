import Foundation
import GeoKit
import GeoServer
import TestSupport

/// A service over fixtures, and helpers to ask it things.
enum ServiceTesting {
    /// The conformance layer (400 points in EPSG:25832, values of every kind) as
    /// `points`, and Cologne's AED register (CRS84) as `aed`.
    static let service: FeatureService = {
        let aed = try! GeoJSON.readLayer(atPath: Paths.fixture("aed/koeln_aed_register.geojson"))
        return try! FeatureService(collections: [
            ServedCollection(id: "points", store: LayerStore(StoreConformance.layer), title: "Grid points", description: "400 points on a 1 km grid"),
            ServedCollection(id: "aed", store: LayerStore(aed), title: "Defibrillators in Cologne"),
        ], configuration: .init(title: "Test service", language: "de", maximumLimit: 100))
    }()

    static func get(_ target: String, accept: String? = nil, method: String = "GET", on service: FeatureService = service) async -> ServiceResponse {
        await service.respond(to: ServiceRequest(method: method, target: target, accept: accept, baseURL: "http://test.example:8080"))
    }

    /// The body as a JSON object.
    static func json(_ response: ServiceResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    /// The `href` of the first link with this relation (and type, when given).
    static func link(_ rel: String, type: String? = nil, in document: [String: Any]) -> String? {
        let links = document["links"] as? [[String: Any]] ?? []
        return links.first { $0["rel"] as? String == rel && (type == nil || $0["type"] as? String == type) }?["href"] as? String
    }

    /// A link's path and query, for asking the service again.
    static func target(of href: String) -> String {
        href.hasPrefix("http://test.example:8080") ? String(href.dropFirst("http://test.example:8080".count)) : href
    }
}
