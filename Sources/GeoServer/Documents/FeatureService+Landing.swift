import GeoCore
import GeoPROJ

/// The OGC API conformance classes the service implements.
enum Conformance {
    static let classes = [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
        "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    ]
}

extension FeatureService {
    /// A link to a path of this service.
    func link(_ request: ServiceRequest, _ path: String, rel: String, type: String, title: String? = nil) -> JSONValue {
        ServiceLink(href: path, rel: rel, type: type, title: title).json(baseURL: request.baseURL)
    }

    /// `self` in the format asked, `alternate` in the other one.
    func selfLinks(_ request: ServiceRequest, _ path: String, format: ResponseFormat, jsonType: String = MediaType.json) -> [JSONValue] {
        let json = link(request, path + "?f=json", rel: format == .json ? "self" : "alternate", type: jsonType, title: "This document as JSON")
        let html = link(request, path + "?f=html", rel: format == .html ? "self" : "alternate", type: MediaType.html, title: "This document as HTML")
        return format == .json ? [json, html] : [html, json]
    }

    func landingPage(_ request: ServiceRequest, format: ResponseFormat) -> ServiceResponse {
        if format == .html { return HTMLPages.landing(self, request) }
        var links = selfLinks(request, "/", format: format)
        links.append(link(request, "/api", rel: "service-desc", type: MediaType.openAPI, title: "The API definition (OpenAPI 3.0)"))
        links.append(link(request, "/api?f=html", rel: "service-doc", type: MediaType.html, title: "The API documentation"))
        links.append(link(request, "/conformance", rel: "conformance", type: MediaType.json, title: "Conformance classes"))
        links.append(link(request, "/collections", rel: "data", type: MediaType.json, title: "The collections"))
        links += configuration.links.map { $0.json(baseURL: request.baseURL) }
        let body: JSONValue = ["title": .string(configuration.title), "description": .string(configuration.description), "links": .array(links)]
        return ServiceResponse(contentType: MediaType.json, body: JSONText.bytes(body))
    }

    func conformance(_ request: ServiceRequest, format: ResponseFormat) -> ServiceResponse {
        if format == .html { return HTMLPages.conformance(self, request) }
        let body: JSONValue = ["conformsTo": .array(Conformance.classes.map(JSONValue.string))]
        return ServiceResponse(contentType: MediaType.json, body: JSONText.bytes(body))
    }

    func collectionsPage(_ request: ServiceRequest, format: ResponseFormat) -> ServiceResponse {
        if format == .html { return HTMLPages.collections(self, request) }
        var links = selfLinks(request, "/collections", format: format)
        links += configuration.links.map { $0.json(baseURL: request.baseURL) }
        // INSPIRE download services: the metadata records of the data sets, at the top.
        links += collections.flatMap { $0.downloadLinks.filter { $0.rel == "describedby" } }.map { $0.json(baseURL: request.baseURL) }
        let body: JSONValue = [
            "links": .array(links),
            "collections": .array(collections.map { description(of: $0, request) }),
            "crs": .array(ServiceCRSList.offered.map { .string($0.uri) }),
        ]
        return ServiceResponse(contentType: MediaType.json, body: JSONText.bytes(body))
    }

    func collectionPage(_ collection: ServedCollection, _ request: ServiceRequest, format: ResponseFormat) async throws(ServiceProblem) -> ServiceResponse {
        if format == .html { return try await HTMLPages.collection(collection, self, request) }
        var body = description(of: collection, request).objectValue!
        var links = selfLinks(request, "/collections/\(collection.id)", format: format)
        links += body["links"]?.arrayValue?.filter { $0.objectValue?["rel"] != "self" } ?? []
        body["links"] = .array(links)
        return ServiceResponse(contentType: MediaType.json, body: JSONText.bytes(.object(body)))
    }

    /// A collection as `/collections` lists it and `/collections/{id}` shows it.
    func description(of collection: ServedCollection, _ request: ServiceRequest) -> JSONValue {
        let schema = collection.store.schema
        let storage = schema.crs ?? .crs84
        let base = "/collections/\(collection.id)"
        var links: [JSONValue] = [
            link(request, base, rel: "self", type: MediaType.json, title: "This collection"),
            link(request, base + "/items?f=json", rel: "items", type: MediaType.geoJSON, title: "Its features as GeoJSON"),
            link(request, base + "/items?f=html", rel: "items", type: MediaType.html, title: "Its features as HTML"),
            link(request, base + "/queryables", rel: "http://www.opengis.net/def/rel/ogc/1.0/queryables", type: MediaType.schema, title: "What its features can be filtered by"),
            // The field types as a JSON Schema: GDAL's OGC API driver types its columns by it
            // instead of guessing from the first page.
            link(request, base + "/queryables", rel: "describedby", type: MediaType.schema, title: "The schema of its features"),
        ]
        if schema.hasGeometry {
            links.append(link(request, base + "/nearest?f=html", rel: "related", type: MediaType.html, title: "The features nearest to a place"))
        }
        links += (collection.links + collection.downloadLinks).map { $0.json(baseURL: request.baseURL) }
        var object: JSONObject = ["id": .string(collection.id), "title": .string(collection.title)]
        if let description = collection.description { object["description"] = .string(description) }
        object["links"] = .array(links)
        if let extent = geographicExtent(of: collection) {
            object["extent"] = [
                "spatial": ["bbox": .array([.array([extent.minX, extent.minY, extent.maxX, extent.maxY].map(JSONValue.double))]),
                            "crs": .string(CRSReference.crs84.uri)],
            ]
        }
        object["itemType"] = "feature"
        object["crs"] = .array(crsList.offered(storage: storage).map { .string($0.uri) })
        object["storageCrs"] = .string(storage.uri)
        return .object(object)
    }

    /// The collection's extent in CRS84, from what its store records.
    func geographicExtent(of collection: ServedCollection) -> BoundingBox? {
        let schema = collection.store.schema
        guard let extent = schema.extent else { return nil }
        guard let crs = schema.crs, !crs.isWGS84Geographic else { return extent }
        return try? Transformer.cached(from: crs, to: .crs84).transformBounds(extent)
    }
}
