import GeoCore

extension FeatureService {
    /// `/collections/{id}/queryables`: the fields a filter may name, as a JSON Schema
    /// (OGC API – Features Part 3).
    func queryables(of collection: ServedCollection, _ request: ServiceRequest, format: ResponseFormat) -> ServiceResponse {
        if format == .html { return HTMLPages.queryables(collection, service: self, request: request) }
        var properties = JSONObject()
        for field in collection.store.schema.fields {
            properties[field.name] = .object(Self.jsonSchema(of: field))
        }
        let body: JSONValue = [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": .string(request.baseURL + "/collections/\(collection.id)/queryables"),
            "type": "object",
            "title": .string(collection.title),
            "properties": .object(properties),
            "additionalProperties": false,
        ]
        return ServiceResponse(contentType: MediaType.schema, body: JSONText.bytes(body))
    }

    /// A field's type in JSON Schema words.
    static func jsonSchema(of field: Field, titled: Bool = true) -> JSONObject {
        var schema: JSONObject = titled ? ["title": .string(field.name)] : [:]
        switch field.type {
        case .boolean: schema["type"] = "boolean"
        case .integer: schema["type"] = "integer"
        case .real: schema["type"] = "number"
        case .string, .null: schema["type"] = "string"
        case .date:
            schema["type"] = "string"
            schema["format"] = "date"
        case .dateTime:
            schema["type"] = "string"
            schema["format"] = "date-time"
        case .json: schema["type"] = .array(["object", "array"])
        }
        return schema
    }
}
