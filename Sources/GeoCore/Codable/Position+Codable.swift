/// A position encodes as a GeoJSON position array: `[x, y]` or `[x, y, z]`.
extension Position: Codable {
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        guard let count = container.count, count >= 2 || count == 0 else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a position needs at least 2 numbers")
        }
        if count == 0 {
            self = .empty
            return
        }
        let x = try container.decode(Double.self)
        let y = try container.decode(Double.self)
        let z = container.isAtEnd ? nil : try container.decode(Double.self)
        self.init(x: x, y: y, z: z)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        if isEmpty { return }
        try container.encode(x)
        try container.encode(y)
        if let z { try container.encode(z) }
    }
}

/// A bounding box encodes as a GeoJSON `bbox` array.
extension BoundingBox: Codable {
    public init(from decoder: any Decoder) throws {
        let numbers = try [Double](from: decoder)
        guard let box = BoundingBox(geoJSONArray: numbers) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a bbox needs 4 or 6 numbers, found \(numbers.count)"))
        }
        self = box
    }

    public func encode(to encoder: any Encoder) throws {
        try geoJSONArray.encode(to: encoder)
    }
}

/// A CRS reference encodes as its identifier text (`EPSG:25832`).
extension CRSReference: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(parsing: try String(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try identifier.encode(to: encoder)
    }
}
