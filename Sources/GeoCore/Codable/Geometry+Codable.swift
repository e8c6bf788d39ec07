/// Geometries encode as GeoJSON geometry objects, so that they can sit inside a user's own
/// `Codable` payloads (`JSONEncoder`/`JSONDecoder`). For bulk data use `GeoJSON`, which
/// is much faster.
extension Geometry: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, coordinates, geometries
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .type)
        guard let type = GeometryType(rawValue: name) else {
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown geometry type \"\(name)\"")
        }
        switch type {
        case .point: self = .point(try container.decode(Position.self, forKey: .coordinates))
        case .multiPoint: self = .multiPoint(try container.decode([Position].self, forKey: .coordinates))
        case .lineString: self = .lineString(try container.decode([Position].self, forKey: .coordinates))
        case .multiLineString: self = .multiLineString(try container.decode([[Position]].self, forKey: .coordinates))
        case .polygon: self = .polygon(try container.decode([[Position]].self, forKey: .coordinates))
        case .multiPolygon: self = .multiPolygon(try container.decode([[[Position]]].self, forKey: .coordinates))
        case .geometryCollection: self = .geometryCollection(try container.decode([Geometry].self, forKey: .geometries))
        }
        if let problem = structuralProblem {
            throw DecodingError.dataCorruptedError(forKey: .coordinates, in: container, debugDescription: "invalid \(name): \(problem)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type.rawValue, forKey: .type)
        switch self {
        case .point(let p): try container.encode(p, forKey: .coordinates)
        case .multiPoint(let ps), .lineString(let ps): try container.encode(ps, forKey: .coordinates)
        case .multiLineString(let ls), .polygon(let ls): try container.encode(ls, forKey: .coordinates)
        case .multiPolygon(let ps): try container.encode(ps, forKey: .coordinates)
        case .geometryCollection(let gs): try container.encode(gs, forKey: .geometries)
        }
    }
}
