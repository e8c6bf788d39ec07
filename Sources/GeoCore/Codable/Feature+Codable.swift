/// JSON values encode as themselves.
extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? container.decode(Int64.self) {
            self = .integer(i)
        } else if let d = try? container.decode(Double.self) {
            self = .double(d)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let a = try? container.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try container.decode(JSONObject.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .integer(let i): try container.encode(i)
        case .double(let d): try container.encode(d)
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }
}

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// An object encodes as a JSON object. Decoding keeps the order the decoder reports
/// (Foundation's `JSONDecoder` does not promise source order; `GeoJSON` does).
extension JSONObject: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        self.init()
        for key in container.allKeys { self[key.stringValue] = try container.decode(JSONValue.self, forKey: key) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        for (k, v) in self { try container.encode(v, forKey: AnyKey(stringValue: k)) }
    }
}

extension FeatureID: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let i = try? container.decode(Int64.self) {
            self = .integer(i)
        } else if let d = try? container.decode(Double.self) {
            self = .double(d)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let s): try container.encode(s)
        case .integer(let i): try container.encode(i)
        case .double(let d): try container.encode(d)
        }
    }
}

/// Features encode as GeoJSON Feature objects.
extension Feature: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, id, bbox, properties, geometry
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        guard type == "Feature" else {
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "expected \"Feature\", found \"\(type)\"")
        }
        id = try container.decodeIfPresent(FeatureID.self, forKey: .id)
        declaredBoundingBox = try container.decodeIfPresent(BoundingBox.self, forKey: .bbox)
        properties = try container.decodeIfPresent(JSONObject.self, forKey: .properties) ?? JSONObject()
        geometry = try container.decodeIfPresent(Geometry.self, forKey: .geometry)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("Feature", forKey: .type)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encodeIfPresent(declaredBoundingBox, forKey: .bbox)
        try container.encode(properties, forKey: .properties)
        if let geometry { try container.encode(geometry, forKey: .geometry) } else { try container.encodeNil(forKey: .geometry) }
    }
}

/// Collections encode as GeoJSON FeatureCollection objects.
extension FeatureCollection: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, bbox, features
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        guard type == "FeatureCollection" else {
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "expected \"FeatureCollection\", found \"\(type)\"")
        }
        declaredBoundingBox = try container.decodeIfPresent(BoundingBox.self, forKey: .bbox)
        features = try container.decode([Feature].self, forKey: .features)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("FeatureCollection", forKey: .type)
        try container.encodeIfPresent(declaredBoundingBox, forKey: .bbox)
        try container.encode(features, forKey: .features)
    }
}
