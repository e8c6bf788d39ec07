#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses GeoJSON objects (RFC 7946) from bytes held by a `JSONScanner`.
///
/// Member order is free in JSON, so each object's members are collected first and
/// checked against its `type` at the closing brace. Rules enforced (each failure names
/// what was expected): `type` present and spelled exactly; coordinates nested as the type
/// requires; lines of 2+ positions; closed rings of 4+ positions; `id` a string or number;
/// `bbox` of 2×n numbers; Features with `geometry` and `properties` members; no member
/// that changes an object's semantics (RFC 7946 §7.1).
/// Accepted with a warning: rings against the right-hand rule, foreign members,
/// positions with more than 3 numbers, nested or single-member GeometryCollections, and
/// the legacy `crs` member (which is read into the layer's CRS).
package struct GeoJSONParser: ~Copyable {
    package var scanner: JSONScanner
    package var warnings = WarningLog()
    /// Index of the feature being parsed, for messages.
    package var featureIndex: Int?
    /// Where the scanner's buffer sits in the input, for turning offsets into locations.
    package let origin: TextOrigin
    /// The property keys of the previous feature, shared when the next repeats them.
    package var previousPropertyKeys: [String]?
    /// The legacy `crs` member of the top-level object, if any.
    package var legacyCRS: CRSReference?
    /// The `name` member of the top-level object, if any.
    package var name: String?

    package init(scanner: consuming JSONScanner, origin: TextOrigin) {
        self.scanner = scanner
        self.origin = origin
    }

    /// The file, line and column of a buffer offset.
    package func location(of offset: Int, featureIndex: Int?) -> SourceLocation {
        origin.location(of: offset, in: scanner.bytes, featureIndex: featureIndex)
    }

    mutating func warn(_ message: String, at offset: Int, severity: ReadWarning.Severity = .warning) {
        // The line and column cost a scan of the text: only the first occurrence of a
        // message gets them (later ones are counted).
        if warnings.repeatIfKnown(message) { return }
        let location = location(of: offset, featureIndex: featureIndex)
        warnings.add(message, at: location, severity: severity)
    }

    package enum Expected {
        case any, geometry, feature
    }

    package enum TypeName: Equatable {
        case geometry(GeometryType)
        case feature
        case featureCollection
    }

    private static let typeNames: [(String, TypeName)] = GeometryType.allCases.map { ($0.rawValue, .geometry($0)) }
        + [("Feature", .feature), ("FeatureCollection", .featureCollection)]

    private static let typeNameBytes: [([UInt8], TypeName)] = typeNames.map { (Array($0.0.utf8), $0.1) }

    /// Parses the value of a `type` member.
    private mutating func parseTypeName() throws(ParseFailure) -> TypeName {
        let at = scanner.index
        scanner.skipWhitespace()
        guard scanner.peek() == UInt8(ascii: "\"") else {
            let found: String
            switch scanner.peek() {
            case UInt8(ascii: "{"): found = "an object"
            case UInt8(ascii: "["): found = "an array"
            default: found = scanner.describeByte(at: scanner.index)
            }
            throw scanner.failure("\"type\" member must be a string, found \(found)", at: at)
        }
        let (start, end, escaped) = try scanner.scanString()
        // The names compared as bytes, without making a String (two per feature).
        if !escaped {
            let base = scanner.bytes.baseAddress! + start
            for (name, type) in Self.typeNameBytes where name.count == end - start && memcmp(base, name, name.count) == 0 {
                return type
            }
        }
        let text = try scanner.makeString(start: start, end: end, escaped: escaped)
        for (name, type) in Self.typeNames where name == text { return type }
        if let (name, _) = Self.typeNames.first(where: { $0.0.lowercased() == text.lowercased() }) {
            throw scanner.failure("unknown type \"\(text)\": expected \"\(name)\" (type names are case sensitive)", at: at)
        }
        throw scanner.failure("unknown type \"\(text)\": expected one of Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon, GeometryCollection, Feature, FeatureCollection", at: at)
    }

    /// Parses one GeoJSON object (the scanner is before its `{`).
    package mutating func parseObject(expected: Expected, nesting: Int = 0) throws(ParseFailure) -> GeoJSONObject {
        scanner.skipWhitespace()
        let objectStart = scanner.index
        guard scanner.peek() == UInt8(ascii: "{") else {
            if expected == .any {
                throw scanner.failure("the root of a GeoJSON text must be an object, found \(scanner.describeByte(at: scanner.index))")
            }
            throw scanner.failure("expected a \(expected == .feature ? "Feature" : "geometry") object, found \(scanner.describeByte(at: scanner.index))")
        }
        scanner.index += 1
        try scanner.enterContainer()
        defer { scanner.leaveContainer() }

        var type: TypeName?
        var typeOffset = objectStart
        var coordinates: CoordinateArray?
        var coordinatesOffset = objectStart
        var geometries: [Geometry]?
        var geometry: Geometry??
        var properties: JSONObject??
        var features: [Feature]?
        var id: FeatureID?
        var bbox: BoundingBox?
        var seen = MemberSet()

        if scanner.peek() != UInt8(ascii: "}") {
            repeat {
                let (keyStart, keyEnd, escaped) = try scanner.scanString()
                let member: MemberName?
                var foreignKey = ""
                if !escaped, let known = MemberName(scanner.bytes, from: keyStart, to: keyEnd) {
                    member = known
                } else {
                    foreignKey = try scanner.makeString(start: keyStart, end: keyEnd, escaped: escaped)
                    member = MemberName(rawValue: foreignKey)
                }
                if let member {
                    if seen.contains(member) {
                        throw scanner.failure("duplicate member \"\(member.rawValue)\" in an object (parsing would be ambiguous)", at: keyStart - 1)
                    }
                    seen.insert(member)
                } else {
                    if seen.contains(foreignKey) {
                        throw scanner.failure("duplicate member \"\(foreignKey)\" in an object (parsing would be ambiguous)", at: keyStart - 1)
                    }
                    seen.insert(foreignKey)
                }
                try scanner.expect(UInt8(ascii: ":"), "':' after a member name")
                scanner.skipWhitespace()
                let valueStart = scanner.index
                switch member {
                case .type:
                    typeOffset = valueStart
                    type = try parseTypeName()
                case .coordinates:
                    coordinatesOffset = valueStart
                    coordinates = try parseCoordinates()
                case .geometries:
                    geometries = try parseGeometryList(nesting: nesting)
                case .geometry:
                    if scanner.peek() == UInt8(ascii: "n") {
                        _ = try scanner.parseLiteral("null", value: .null)
                        geometry = .some(nil)
                    } else {
                        guard case .geometry(let g) = try parseObject(expected: .geometry) else { fatalError("unreachable") }
                        geometry = .some(g)
                    }
                case .properties:
                    switch scanner.peek() {
                    case UInt8(ascii: "n"):
                        _ = try scanner.parseLiteral("null", value: .null)
                        properties = .some(nil)
                    case UInt8(ascii: "{"):
                        let object = try scanner.parseObject(previousKeys: previousPropertyKeys)
                        previousPropertyKeys = object.keys
                        properties = .some(object)
                    default:
                        throw scanner.failure("\"properties\" member must be an object or null, found \(kind(of: try scanner.parseValue()))", at: valueStart)
                    }
                case .features:
                    features = try parseFeatureList()
                case .id:
                    id = try parseID()
                case .bbox:
                    bbox = try parseBoundingBox()
                case .crs where nesting == 0 && expected == .any:
                    let value = try scanner.parseValue()
                    legacyCRS = try legacyCRSReference(from: value, at: valueStart)
                case .name where nesting == 0 && expected == .any:
                    let value = try scanner.parseValue()
                    if case .string(let s) = value { name = s }
                default:
                    _ = try scanner.parseValue()
                    warn("foreign member \"\(member?.rawValue ?? foreignKey)\" ignored", at: keyStart - 1)
                }
            } while try scanner.continueAfterElement(closing: UInt8(ascii: "}"), in: "an object")
        } else {
            scanner.index += 1
        }

        guard let type else {
            throw scanner.failure("\"type\" member required", at: objectStart)
        }
        func forbid(_ names: [MemberName], in what: String) throws(ParseFailure) {
            for n in names where seen.contains(n) {
                throw scanner.failure("\(what) object cannot contain a \"\(n.rawValue)\" member (RFC 7946 §7.1)", at: objectStart)
            }
        }
        switch type {
        case .featureCollection:
            guard expected == .any else {
                throw scanner.failure("expected a \(expected == .feature ? "Feature" : "geometry"), found a FeatureCollection", at: typeOffset)
            }
            try forbid([.coordinates, .geometries, .geometry, .properties], in: "FeatureCollection")
            guard let features else { throw scanner.failure("\"features\" member required in a FeatureCollection", at: objectStart) }
            return .featureCollection(FeatureCollection(features: features, declaredBoundingBox: bbox))
        case .feature:
            guard expected != .geometry else {
                throw scanner.failure("expected a geometry, found a Feature", at: typeOffset)
            }
            try forbid([.coordinates, .geometries, .features], in: "Feature")
            guard let geometry else { throw scanner.failure("\"geometry\" member required in a Feature (use null for none)", at: objectStart) }
            // RFC 7946 requires "properties"; GDAL, Fiona and GeoPandas read a Feature
            // without it as one without properties, and so does GeoKit, with a warning.
            guard let properties else {
                warn("a Feature without a \"properties\" member is read with no properties", at: objectStart)
                return .feature(Feature(id: id, geometry: geometry, properties: JSONObject(), declaredBoundingBox: bbox))
            }
            return .feature(Feature(id: id, geometry: geometry, properties: properties ?? JSONObject(), declaredBoundingBox: bbox))
        case .geometry(let geometryType):
            if expected == .feature {
                throw scanner.failure("expected a Feature, found a \(geometryType.rawValue) (features must have \"type\": \"Feature\")", at: typeOffset)
            }
            try forbid([.properties, .geometry, .features], in: "geometry")
            let result = try assembleGeometry(geometryType, coordinates: coordinates, coordinatesOffset: coordinatesOffset,
                                              geometries: geometries, objectStart: objectStart)
            return .geometry(result)
        }
    }

    private func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a Boolean"
        case .integer, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    private mutating func assembleGeometry(_ type: GeometryType, coordinates: CoordinateArray?, coordinatesOffset: Int,
                                           geometries: [Geometry]?, objectStart: Int) throws(ParseFailure) -> Geometry {
        if type == .geometryCollection {
            guard let geometries else {
                throw scanner.failure("\"geometries\" member required in a GeometryCollection", at: objectStart)
            }
            if geometries.count == 1 {
                warn("GeometryCollection with a single member (RFC 7946 §3.1.8 prefers the member itself)", at: objectStart)
            }
            return .geometryCollection(geometries)
        }
        guard let coordinates else {
            throw scanner.failure("\"coordinates\" member required in a \(type.rawValue)", at: objectStart)
        }
        let needed: Int
        switch type {
        case .point: needed = 1
        case .multiPoint, .lineString: needed = 2
        case .multiLineString, .polygon: needed = 3
        case .multiPolygon, .geometryCollection: needed = 4
        }
        if coordinates.depth != 0 && coordinates.depth != needed {
            let what = ["", "a position", "an array of positions", "an array of arrays of positions", "an array of polygons (4 levels)"]
            throw scanner.failure("\(type.rawValue) coordinates must be \(what[needed]), found \(what[coordinates.depth])", at: coordinatesOffset)
        }
        let geometry: Geometry
        switch (type, coordinates) {
        case (.point, .empty): geometry = .point(.empty)
        case (.point, .position(let p)): geometry = .point(p)
        case (.multiPoint, .empty): geometry = .multiPoint([])
        case (.multiPoint, .positions(let ps)): geometry = .multiPoint(ps)
        case (.lineString, .empty): geometry = .lineString([])
        case (.lineString, .positions(let ps)): geometry = .lineString(ps)
        case (.multiLineString, .empty): geometry = .multiLineString([])
        case (.multiLineString, .lines(let ls)): geometry = .multiLineString(ls)
        case (.polygon, .empty): geometry = .polygon([])
        case (.polygon, .lines(let rings)): geometry = .polygon(rings)
        case (.multiPolygon, .empty): geometry = .multiPolygon([])
        case (.multiPolygon, .polygons(let ps)): geometry = .multiPolygon(ps)
        default: throw scanner.failure("\(type.rawValue) coordinates have the wrong nesting", at: coordinatesOffset)
        }
        if let problem = geometry.structuralProblem {
            throw scanner.failure("invalid \(type.rawValue): \(problem)", at: coordinatesOffset)
        }
        switch geometry {
        case .polygon(let rings) where !GeometryStructure.followsRightHandRule(rings):
            warn("polygon rings do not follow the right-hand rule (exterior counterclockwise, holes clockwise; RFC 7946 §3.1.6)", at: coordinatesOffset, severity: .notice)
        case .multiPolygon(let polygons) where !polygons.allSatisfy(GeometryStructure.followsRightHandRule):
            warn("polygon rings do not follow the right-hand rule (exterior counterclockwise, holes clockwise; RFC 7946 §3.1.6)", at: coordinatesOffset, severity: .notice)
        default: break
        }
        return geometry
    }

    private mutating func parseGeometryList(nesting: Int) throws(ParseFailure) -> [Geometry] {
        let at = scanner.index
        guard scanner.peek() == UInt8(ascii: "[") else {
            throw scanner.failure("\"geometries\" member must be an array, found \(scanner.describeByte(at: scanner.index))", at: at)
        }
        scanner.index += 1
        try scanner.enterContainer()
        defer { scanner.leaveContainer() }
        var result: [Geometry] = []
        if scanner.peek() == UInt8(ascii: "]") {
            scanner.index += 1
            return result
        }
        repeat {
            let memberStart = scanner.index
            guard scanner.peek() == UInt8(ascii: "{") else {
                throw scanner.failure("the geometries array of a GeometryCollection must contain only geometry objects, found \(scanner.describeByte(at: scanner.index))")
            }
            guard case .geometry(let g) = try parseObject(expected: .geometry, nesting: nesting + 1) else { fatalError("unreachable") }
            if case .geometryCollection = g {
                warn("nested GeometryCollection (RFC 7946 §3.1.8 says to avoid them)", at: memberStart)
            }
            result.append(g)
        } while try scanner.continueAfterElement(closing: UInt8(ascii: "]"), in: "the geometries array")
        return result
    }

    private mutating func parseFeatureList() throws(ParseFailure) -> [Feature] {
        let at = scanner.index
        guard scanner.peek() == UInt8(ascii: "[") else {
            throw scanner.failure("\"features\" member must be an array, found \(scanner.describeByte(at: scanner.index))", at: at)
        }
        scanner.index += 1
        var result: [Feature] = []
        if scanner.peek() == UInt8(ascii: "]") {
            scanner.index += 1
            return result
        }
        let outer = featureIndex
        var i = 0
        repeat {
            featureIndex = i
            guard case .feature(let f) = try parseObject(expected: .feature, nesting: 1) else { fatalError("unreachable") }
            result.append(f)
            i += 1
        } while try scanner.continueAfterElement(closing: UInt8(ascii: "]"), in: "the features array")
        featureIndex = outer
        return result
    }

    private mutating func parseID() throws(ParseFailure) -> FeatureID {
        let at = scanner.index
        switch try scanner.parseValue() {
        case .string(let s): return .string(s)
        case .integer(let i): return .integer(i)
        case .double(let d): return .double(d)
        case let other:
            throw scanner.failure("Feature \"id\" member must be a string or a number, found \(kind(of: other))", at: at)
        }
    }

    private mutating func parseBoundingBox() throws(ParseFailure) -> BoundingBox {
        let at = scanner.index
        guard case .array(let values) = try scanner.parseValue() else {
            throw scanner.failure("\"bbox\" member must be an array of 4 or 6 numbers", at: at)
        }
        var numbers: [Double] = []
        for v in values {
            guard let d = v.doubleValue else { throw scanner.failure("\"bbox\" member must contain only numbers", at: at) }
            numbers.append(d)
        }
        guard let box = BoundingBox(geoJSONArray: numbers) else {
            throw scanner.failure("\"bbox\" member must have 4 (2D) or 6 (3D) numbers, found \(numbers.count)", at: at)
        }
        return box
    }

    /// Parses the value of one top-level `crs`, `name` or `bbox` member on its own, with
    /// the checks a whole document gets (what the streaming reader meets around the
    /// features): `legacyCRS` and `name` are set from it.
    /// - Throws: `ParseFailure` for a bad value or data after it.
    package mutating func parseTopLevelMemberValue(named key: String) throws(ParseFailure) {
        let valueStart = scanner.index
        switch key {
        case "crs": legacyCRS = try legacyCRSReference(from: try scanner.parseValue(), at: valueStart)
        case "name": if case .string(let s) = try scanner.parseValue() { name = s }
        case "bbox": _ = try parseBoundingBox()
        default: _ = try scanner.parseValue()
        }
        if scanner.peek() != nil { throw scanner.failure("unexpected data after the \"\(key)\" member's value") }
    }

    /// Reads a GeoJSON 2008 `crs` member: `{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25832"}}`
    /// or the older `{"type":"EPSG","properties":{"code":25832}}`.
    private mutating func legacyCRSReference(from value: JSONValue, at offset: Int) throws(ParseFailure) -> CRSReference? {
        if value.isNull { return nil }
        guard case .object(let object) = value, let properties = object["properties"]?.objectValue else {
            throw scanner.failure("\"crs\" member must be an object with \"type\" and \"properties\" (GeoJSON 2008)", at: offset)
        }
        let reference: CRSReference
        if let name = properties["name"]?.stringValue {
            reference = CRSReference(parsing: name)
        } else if let code = properties["code"]?.integerValue {
            reference = .epsg(Int(code))
        } else {
            throw scanner.failure("\"crs\" member has neither properties.name nor properties.code", at: offset)
        }
        warn("legacy \"crs\" member (GeoJSON 2008) read: coordinates are in \(reference.identifier)", at: offset, severity: .notice)
        return reference
    }
}
