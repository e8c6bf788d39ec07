extension ByteWriter {
    /// Writes a GeoJSON position `[x,y]` or `[x,y,z]`.
    @inline(__always)
    mutating func writeGeoJSON(position p: Position) throws(WriteError) {
        guard p.isFinite else {
            throw WriteError(message: "coordinate \(p) is not a finite number; GeoJSON cannot hold it")
        }
        write(UInt8(ascii: "["))
        write(number: p.x)
        write(UInt8(ascii: ","))
        write(number: p.y)
        if let z = p.z {
            write(UInt8(ascii: ","))
            write(number: z)
        }
        write(UInt8(ascii: "]"))
    }

    mutating func writeGeoJSON(positions: [Position]) throws(WriteError) {
        write(UInt8(ascii: "["))
        for (i, p) in positions.enumerated() {
            if i > 0 { write(UInt8(ascii: ",")) }
            try writeGeoJSON(position: p)
        }
        write(UInt8(ascii: "]"))
    }

    mutating func writeGeoJSON(lines: [[Position]]) throws(WriteError) {
        write(UInt8(ascii: "["))
        for (i, l) in lines.enumerated() {
            if i > 0 { write(UInt8(ascii: ",")) }
            try writeGeoJSON(positions: l)
        }
        write(UInt8(ascii: "]"))
    }

    /// Writes a geometry object.
    mutating func writeGeoJSON(geometry: Geometry) throws(WriteError) {
        write("{\"type\":\"")
        write(raw: geometry.type.rawValue)
        switch geometry {
        case .point(let p):
            write("\",\"coordinates\":")
            if p.isEmpty { write("[]") } else { try writeGeoJSON(position: p) }
        case .multiPoint(let ps), .lineString(let ps):
            write("\",\"coordinates\":")
            try writeGeoJSON(positions: ps)
        case .multiLineString(let ls), .polygon(let ls):
            write("\",\"coordinates\":")
            try writeGeoJSON(lines: ls)
        case .multiPolygon(let polygons):
            write("\",\"coordinates\":[")
            for (i, p) in polygons.enumerated() {
                if i > 0 { write(UInt8(ascii: ",")) }
                try writeGeoJSON(lines: p)
            }
            write(UInt8(ascii: "]"))
        case .geometryCollection(let members):
            write("\",\"geometries\":[")
            for (i, g) in members.enumerated() {
                if i > 0 { write(UInt8(ascii: ",")) }
                try writeGeoJSON(geometry: g)
            }
            write(UInt8(ascii: "]"))
        }
        write(UInt8(ascii: "}"))
    }

    /// Writes any JSON value; non-finite numbers become `null` (JSON has no NaN).
    package mutating func writeJSON(value: JSONValue) {
        switch value {
        case .null: write("null")
        case .bool(let b): if b { write("true") } else { write("false") }
        case .integer(let i): write(integer: i)
        case .double(let d): if d.isFinite { write(number: d) } else { write("null") }
        case .string(let s): write(jsonString: s)
        case .array(let a):
            write(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { write(UInt8(ascii: ",")) }
                writeJSON(value: v)
            }
            write(UInt8(ascii: "]"))
        case .object(let o): writeJSON(object: o)
        }
    }

    package mutating func writeJSON(object: JSONObject) {
        write(UInt8(ascii: "{"))
        let keys = object.keys, values = object.values
        for i in 0..<keys.count {
            if i > 0 { write(UInt8(ascii: ",")) }
            write(jsonString: keys[i])
            write(UInt8(ascii: ":"))
            writeJSON(value: values[i])
        }
        write(UInt8(ascii: "}"))
    }

    mutating func writeGeoJSON(boundingBox box: BoundingBox) {
        write(UInt8(ascii: "["))
        for (i, v) in box.geoJSONArray.enumerated() {
            if i > 0 { write(UInt8(ascii: ",")) }
            write(number: v)
        }
        write(UInt8(ascii: "]"))
    }

    /// Writes a Feature object.
    package mutating func writeGeoJSON(feature: Feature) throws(WriteError) {
        write("{\"type\":\"Feature\"")
        if let id = feature.id {
            write(",\"id\":")
            switch id {
            case .string(let s): write(jsonString: s)
            case .integer(let i): write(integer: i)
            case .double(let d): write(number: d)
            }
        }
        if let box = feature.declaredBoundingBox {
            write(",\"bbox\":")
            writeGeoJSON(boundingBox: box)
        }
        write(",\"properties\":")
        writeJSON(object: feature.properties)
        write(",\"geometry\":")
        if let g = feature.geometry { try writeGeoJSON(geometry: g) } else { write("null") }
        write(UInt8(ascii: "}"))
    }

    /// Writes the opening of a FeatureCollection up to `"features":[`.
    mutating func writeGeoJSONCollectionHeader(name: String?, crs: CRSReference?) {
        write("{\"type\":\"FeatureCollection\"")
        if let name {
            write(",\"name\":")
            write(jsonString: name)
        }
        if let crs, !crs.isWGS84Geographic {
            // RFC 7946 has no CRS member; GDAL and German portals use the 2008 one for
            // projected data, and GeoKit reads it back.
            write(",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":")
            write(jsonString: crs.urn)
            write("}}")
        }
        write(",\"features\":[\n")
    }
}

extension GeoJSON {
    /// Encodes a geometry as a GeoJSON geometry object (UTF-8 bytes).
    /// - Throws: `WriteError` when a coordinate is NaN or infinite.
    public static func encode(_ geometry: Geometry) throws(WriteError) -> [UInt8] {
        var writer = ByteWriter()
        try writer.writeGeoJSON(geometry: geometry)
        return writer.bytes
    }

    /// Encodes a feature as a GeoJSON Feature object (UTF-8 bytes).
    /// - Throws: `WriteError` when a coordinate is NaN or infinite.
    public static func encode(_ feature: Feature) throws(WriteError) -> [UInt8] {
        var writer = ByteWriter()
        try writer.writeGeoJSON(feature: feature)
        return writer.bytes
    }

    /// Encodes a layer as a FeatureCollection, one feature per line. A layer whose CRS is
    /// not WGS 84 gets the legacy `crs` member so that GDAL and GeoKit read it back right.
    /// - Throws: `WriteError` naming the feature index of a non-finite coordinate.
    public static func encode(_ layer: Layer) throws(WriteError) -> [UInt8] {
        var writer = ByteWriter(capacity: layer.features.count * 128)
        writer.writeGeoJSONCollectionHeader(name: layer.name, crs: layer.crs)
        for (i, f) in layer.features.enumerated() {
            if i > 0 { writer.write(",\n") }
            do { try writer.writeGeoJSON(feature: f) } catch {
                throw WriteError(featureIndex: i, message: error.message)
            }
        }
        writer.write("\n]}\n")
        return writer.bytes
    }

    /// Encodes a geometry, feature or layer as a `String` (see the byte variants).
    public static func encodeString(_ geometry: Geometry) throws(WriteError) -> String {
        String(decoding: try encode(geometry), as: UTF8.self)
    }

    /// Encodes a feature as a `String`.
    public static func encodeString(_ feature: Feature) throws(WriteError) -> String {
        String(decoding: try encode(feature), as: UTF8.self)
    }
}

extension JSONValue {
    /// The value as compact JSON text (`{"a":1}`, `[1,2]`, `"text"`), as table formats
    /// store nested values in a text column.
    public var jsonText: String {
        var json = ByteWriter()
        json.writeJSON(value: self)
        return String(decoding: json.bytes, as: UTF8.self)
    }
}
