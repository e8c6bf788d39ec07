import GeoCore

extension FeatureService {
    /// `/api`: the OpenAPI 3.0 definition of every path and parameter, with one path per
    /// collection so that each collection's fields are described as filter parameters.
    func openAPI(_ request: ServiceRequest, format: ResponseFormat) -> ServiceResponse {
        if format == .html { return HTMLPages.openAPI(self, request) }
        return ServiceResponse(contentType: MediaType.openAPI, body: JSONText.bytes(openAPIDocument(request)))
    }

    func openAPIDocument(_ request: ServiceRequest) -> JSONValue {
        var paths = JSONObject()
        paths["/"] = operation("getLandingPage", "The landing page", tag: "Capabilities", parameters: [Self.formatParameter])
        paths["/conformance"] = operation("getConformance", "The conformance classes", tag: "Capabilities", parameters: [Self.formatParameter])
        paths["/api"] = operation("getAPI", "This API definition", tag: "Capabilities", parameters: [Self.formatParameter],
                                  mediaType: MediaType.openAPI)
        paths["/collections"] = operation("getCollections", "The collections", tag: "Capabilities", parameters: [Self.formatParameter])
        for collection in collections {
            let base = "/collections/\(collection.id)"
            let tag = collection.title
            let fields = collection.store.schema.fields.map { field -> JSONValue in
                ["name": .string(field.name), "in": "query", "required": false, "style": "form", "explode": false,
                 "description": .string("Only features whose \(field.name) is this value."),
                 "schema": .object(Self.jsonSchema(of: field, titled: false))]
            }
            paths[base] = operation("describe_\(collection.id)", "The collection \(collection.title)", tag: tag, parameters: [Self.formatParameter], notFound: true)
            paths[base + "/queryables"] = operation("queryables_\(collection.id)", "What \(collection.title) can be filtered by", tag: tag,
                                                    parameters: [Self.formatParameter], mediaType: MediaType.schema, notFound: true)
            paths[base + "/items"] = operation("items_\(collection.id)", "The features of \(collection.title)", tag: tag,
                                               parameters: Self.itemsParameters + fields, mediaType: MediaType.geoJSON, notFound: true)
            paths[base + "/items/{featureId}"] = operation("item_\(collection.id)", "One feature of \(collection.title)", tag: tag,
                                                           parameters: [Self.featureIDParameter, Self.crsParameter, Self.formatParameter],
                                                           mediaType: MediaType.geoJSON, notFound: true)
            if collection.store.schema.hasGeometry {
                paths[base + "/nearest"] = operation("nearest_\(collection.id)", "The features of \(collection.title) nearest to a place, with geodesic distances in metres",
                                                     tag: tag, parameters: Self.nearestParameters, mediaType: MediaType.geoJSON, notFound: true)
            }
        }
        return [
            "openapi": "3.0.3",
            "info": ["title": .string(configuration.title), "description": .string(configuration.description), "version": "1.0.0"],
            "servers": [["url": .string(request.baseURL)]],
            "tags": .array([["name": "Capabilities"]] + collections.map { ["name": .string($0.title)] }),
            "paths": .object(paths),
            "components": [
                "schemas": ["exception": [
                    "type": "object", "required": ["title", "status"],
                    "properties": ["type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"],
                                   "detail": ["type": "string"], "instance": ["type": "string"]],
                ]],
                "responses": [
                    "InvalidParameter": ["description": "A parameter is unknown or its value is invalid.",
                                         "content": [MediaType.problem: ["schema": ["$ref": "#/components/schemas/exception"]]]],
                    "NotFound": ["description": "There is no such collection or feature.",
                                 "content": [MediaType.problem: ["schema": ["$ref": "#/components/schemas/exception"]]]],
                    "ServerError": ["description": "The store failed.",
                                    "content": [MediaType.problem: ["schema": ["$ref": "#/components/schemas/exception"]]]],
                ],
            ],
        ]
    }

    private func operation(_ id: String, _ summary: String, tag: String, parameters: [JSONValue], mediaType: String = MediaType.json,
                           notFound: Bool = false) -> JSONValue {
        var responses: JSONObject = [
            "200": ["description": .string(summary), "content": [
                mediaType: ["schema": ["type": "object"]], MediaType.html: ["schema": ["type": "string"]],
            ]],
            "400": ["$ref": "#/components/responses/InvalidParameter"],
            "500": ["$ref": "#/components/responses/ServerError"],
        ]
        if notFound { responses["404"] = ["$ref": "#/components/responses/NotFound"] }
        return ["get": ["operationId": .string(id), "summary": .string(summary), "tags": [.string(tag)],
                        "parameters": .array(parameters), "responses": .object(responses)]]
    }

    private static func query(_ name: String, _ description: String, _ schema: JSONValue, explode: Bool? = nil) -> JSONValue {
        var parameter: JSONObject = ["name": .string(name), "in": "query", "required": false, "description": .string(description), "schema": schema]
        if let explode {
            parameter["style"] = "form"
            parameter["explode"] = .bool(explode)
        }
        return .object(parameter)
    }

    static let formatParameter = query("f", "The format of the answer: json or html (else the Accept header decides).",
                                       ["type": "string", "enum": ["json", "html"]])
    static let crsParameter = query("crs", "The CRS of the coordinates in the answer (one of the collection's crs list; CRS84 by default).",
                                    ["type": "string", "format": "uri"])
    static let featureIDParameter: JSONValue = ["name": "featureId", "in": "path", "required": true,
                                                "description": "The id of a feature.", "schema": ["type": "string"]]
    static let itemsParameters: [JSONValue] = [
        query("limit", "How many features a page holds (1 to the service's maximum; larger values are served as the maximum).",
              ["type": "integer", "minimum": 1, "default": 10], explode: false),
        query("offset", "How many matching features to skip (the prev links use it).", ["type": "integer", "minimum": 0]),
        query("cursor", "Where the previous page ended (the next links carry it).", ["type": "string"]),
        query("bbox", "Only features whose envelope intersects this box: minx,miny,maxx,maxy (or 6 numbers with heights), in bbox-crs.",
              ["type": "array", "minItems": 4, "maxItems": 6, "items": ["type": "number"]], explode: false),
        query("bbox-crs", "The CRS of bbox (CRS84 by default).", ["type": "string", "format": "uri"]),
        crsParameter,
        query("datetime", "Only features whose date lies at this instant or in this interval (start/end, .. for an open end).",
              ["type": "string"], explode: false),
        query("filter", "A CQL2 text filter on the queryables: comparisons, IN, LIKE, BETWEEN, IS NULL, AND, OR, NOT; text in single quotes.", ["type": "string"]),
        query("filter-lang", "The language of filter: cql2-text.", ["type": "string", "enum": ["cql2-text"], "default": "cql2-text"]),
        query("filter-crs", "The CRS of coordinates in filter.", ["type": "string", "format": "uri"]),
        formatParameter,
    ]
    static let nearestParameters: [JSONValue] = [
        query("lon", "Longitude of the place, WGS 84 degrees.", ["type": "number", "minimum": -180, "maximum": 180]),
        query("lat", "Latitude of the place, WGS 84 degrees.", ["type": "number", "minimum": -90, "maximum": 90]),
        query("address", "An address instead of lon and lat, looked up in the service's house coordinates.", ["type": "string"]),
        query("k", "How many features.", ["type": "integer", "minimum": 1, "default": 1]),
        query("within", "Only features within this many metres.", ["type": "number", "minimum": 0]),
        query("open-now", "Only features open and public now (OSM opening_hours and access).", ["type": "boolean", "default": false]),
        formatParameter,
    ]
}
