import GeoCore

/// Simple-feature geometries of GML 3.2, 3.1 and 2 read into GeoKit's model: points,
/// line strings (also curves of line-string segments), polygons (also surfaces of
/// polygon patches) and their multi forms, with `pos`, `posList`, `coordinates` and
/// `coord`. Positions come out longitude/easting first.
struct GMLGeometryReader {
    var file: String
    /// The srsName of the enclosing element, used when a geometry names none.
    var inherited: GMLSpatialReference?
    /// Every srsName met, in order (the first one names the layer's CRS).
    private(set) var references: [GMLSpatialReference] = []
    /// The srsName of the last geometry read.
    private(set) var lastReference: GMLSpatialReference?

    static let gmlNamespaces: Set<String> = ["http://www.opengis.net/gml/3.2", "http://www.opengis.net/gml"]
    static let geometryNames: Set<String> = [
        "Point", "LineString", "LinearRing", "Curve", "Polygon", "Surface", "MultiPoint", "MultiLineString",
        "MultiCurve", "MultiPolygon", "MultiSurface", "MultiGeometry", "CompositeCurve", "CompositeSurface",
    ]

    /// Whether an element is a GML geometry.
    static func isGeometry(_ element: XMLElementNode) -> Bool {
        gmlNamespaces.contains(element.namespace) && geometryNames.contains(element.name)
    }

    private func failure(_ message: String, _ element: XMLElementNode) -> ReadError {
        ReadError(format: "GML", location: SourceLocation(file: file, line: element.line), message: message, code: .malformed)
    }

    /// Reads a geometry element.
    /// - Throws: `ReadError` with the element's line for what cannot be read.
    mutating func geometry(_ element: XMLElementNode) throws(ReadError) -> Geometry {
        let saved = inherited
        defer { inherited = saved }
        if let name = element.attributes["srsName"] {
            // Resolving a CRS opens PROJ's database: once per name.
            if let known = references.first(where: { $0.srsName == name }) {
                inherited = known
            } else {
                let reference = try GMLSpatialReference(srsName: name, file: file, line: element.line)
                references.append(reference)
                inherited = reference
            }
        }
        lastReference = inherited
        let dimension = Int(element.attributes["srsDimension"] ?? "") ?? 2
        switch element.name {
        case "Point":
            let positions = try self.positions(in: element, dimension: dimension)
            guard positions.count == 1 else { throw failure("a Point needs one position, found \(positions.count)", element) }
            return .point(positions[0])
        case "LineString", "LinearRing":
            return .lineString(try line(element, dimension: dimension))
        case "Curve", "CompositeCurve":
            return .lineString(try line(element, dimension: dimension))
        case "Polygon", "Surface", "CompositeSurface":
            return .polygon(try polygon(element, dimension: dimension))
        case "MultiPoint":
            var points: [Position] = []
            for member in members(of: element, single: "pointMember", plural: "pointMembers") {
                guard case .point(let p) = try geometry(member) else { throw failure("a MultiPoint member is not a Point", member) }
                points.append(p)
            }
            return .multiPoint(points)
        case "MultiLineString", "MultiCurve":
            var lines: [[Position]] = []
            for member in members(of: element, single: element.name == "MultiCurve" ? "curveMember" : "lineStringMember", plural: "curveMembers") {
                guard case .lineString(let l) = try geometry(member) else { throw failure("a \(element.name) member is not a line", member) }
                lines.append(l)
            }
            return .multiLineString(lines)
        case "MultiPolygon", "MultiSurface":
            var polygons: [[[Position]]] = []
            for member in members(of: element, single: element.name == "MultiSurface" ? "surfaceMember" : "polygonMember", plural: "surfaceMembers") {
                guard case .polygon(let p) = try geometry(member) else { throw failure("a \(element.name) member is not a polygon", member) }
                polygons.append(p)
            }
            return .multiPolygon(polygons)
        case "MultiGeometry":
            var parts: [Geometry] = []
            for member in members(of: element, single: "geometryMember", plural: "geometryMembers") { parts.append(try geometry(member)) }
            return .geometryCollection(parts)
        default:
            throw failure("gml:\(element.name) is not a geometry GeoKit reads", element)
        }
    }

    /// The geometry elements inside `member` and `members` wrappers.
    private func members(of element: XMLElementNode, single: String, plural: String) -> [XMLElementNode] {
        var result: [XMLElementNode] = []
        for child in element.children where child.name == single || child.name == plural {
            result += child.children.filter(Self.isGeometry)
        }
        return result
    }

    private mutating func line(_ element: XMLElementNode, dimension: Int) throws(ReadError) -> [Position] {
        if element.name == "Curve" || element.name == "CompositeCurve" {
            // Segments (LineStringSegment) or member curves, joined end to start.
            var joined: [Position] = []
            let parts = element.child("segments")?.children ?? element.children("curveMember").flatMap(\.children)
            for part in parts {
                var positions = part.name == "LineStringSegment" ? try self.positions(in: part, dimension: dimension) : try line(part, dimension: dimension)
                if let last = joined.last, positions.first == last { positions.removeFirst() }
                joined += positions
            }
            return joined
        }
        return try positions(in: element, dimension: dimension)
    }

    private mutating func polygon(_ element: XMLElementNode, dimension: Int) throws(ReadError) -> [[Position]] {
        if element.name == "Surface" || element.name == "CompositeSurface" {
            let patches = element.child("patches")?.children ?? element.children("surfaceMember").flatMap(\.children)
            guard patches.count == 1, let patch = patches.first else {
                throw failure("a \(element.name) of \(patches.count) patches: GeoKit reads surfaces of one polygon patch", element)
            }
            return try polygon(patch, dimension: dimension)
        }
        var rings: [[Position]] = []
        for child in element.children where ["exterior", "interior", "outerBoundaryIs", "innerBoundaryIs"].contains(child.name) {
            guard let ring = child.children.first(where: Self.isGeometry) else { throw failure("gml:\(child.name) holds no ring", child) }
            rings.append(try line(ring, dimension: dimension))
        }
        guard !rings.isEmpty else { throw failure("a Polygon without an exterior ring", element) }
        return rings
    }

    /// The positions of `pos`, `posList`, `coordinates` or `coord` children, in GeoKit's
    /// order (x = longitude/easting).
    private func positions(in element: XMLElementNode, dimension: Int) throws(ReadError) -> [Position] {
        var numbers: [[Double]] = []
        for child in element.children {
            switch child.name {
            case "pos":
                let values = try self.numbers(child.text, child)
                numbers.append(values)
            case "posList":
                let size = Int(child.attributes["srsDimension"] ?? "") ?? dimension
                let values = try self.numbers(child.text, child)
                guard size >= 2, size <= 3, values.count % size == 0 else {
                    throw failure("posList of \(values.count) numbers is not a list of \(size)-dimensional positions", child)
                }
                numbers += stride(from: 0, to: values.count, by: size).map { Array(values[$0..<($0 + size)]) }
            case "coordinates":
                // GML 2: tuples separated by spaces, numbers by commas.
                for tuple in child.text.split(whereSeparator: \.isWhitespace) {
                    numbers.append(try self.numbers(tuple.replacingOccurrences(of: ",", with: " "), child))
                }
            case "coord":
                var values: [Double] = []
                for axis in ["X", "Y", "Z"] {
                    if let element = child.child(axis) { values.append(try self.numbers(element.text, element)[0]) }
                }
                numbers.append(values)
            default:
                continue
            }
        }
        let swap = inherited?.northingFirst ?? false
        var result: [Position] = []
        result.reserveCapacity(numbers.count)
        for values in numbers {
            guard values.count == 2 || values.count == 3 else { throw failure("a position of \(values.count) numbers", element) }
            let (x, y) = swap ? (values[1], values[0]) : (values[0], values[1])
            result.append(Position(x: x, y: y, z: values.count == 3 ? values[2] : nil))
        }
        return result
    }

    private func numbers(_ text: String, _ element: XMLElementNode) throws(ReadError) -> [Double] {
        var values: [Double] = []
        for token in text.split(whereSeparator: \.isWhitespace) {
            guard let value = Double(token), value.isFinite else {
                throw failure("\"\(token.prefix(40))\" in gml:\(element.name) is not a finite number", element)
            }
            values.append(value)
        }
        guard !values.isEmpty else { throw failure("gml:\(element.name) holds no numbers", element) }
        return values
    }
}
