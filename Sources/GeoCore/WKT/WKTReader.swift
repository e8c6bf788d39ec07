/// Well-known text (OGC Simple Features / ISO SQL-MM): `POINT (7.1 50.9)`,
/// `POLYGON Z ((…))`, `MULTIPOINT ((1 2), (3 4))` or `MULTIPOINT (1 2, 3 4)`, `EMPTY`,
/// and PostGIS's `SRID=4326;` prefix. Keywords are case-insensitive. M values (`POINT M`,
/// `POINT ZM`) are read and dropped, since GeoKit's model has no measures.
public enum WKT {
    /// Parses WKT text into a geometry.
    /// - Throws: `ReadError` with the line and column of the first problem and what was
    ///   expected there.
    public static func decode(_ text: String) throws(ReadError) -> Geometry {
        try decodeWithSRID(text).geometry
    }

    /// Parses WKT or PostGIS EWKT, returning the `SRID=` prefix when there is one.
    public static func decodeWithSRID(_ text: String) throws(ReadError) -> (geometry: Geometry, srid: Int?) {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer throws(ReadError) in
            var reader = WKTParser(bytes: buffer)
            do throws(ParseFailure) {
                let srid = try reader.parseSRIDPrefix()
                let g = try reader.parseGeometry(depth: 0)
                reader.skipSpace()
                if reader.index < buffer.count {
                    throw reader.failure("unexpected text after the geometry: \(reader.describe())")
                }
                if let problem = g.structuralProblem {
                    throw ParseFailure(offset: 0, message: "invalid \(g.type.wktName): \(problem)")
                }
                return (g, srid)
            } catch {
                let (line, column) = TextPositionResolver().lineAndColumn(of: error.offset, in: buffer)
                throw ReadError(format: "WKT", location: SourceLocation(line: line, column: column, byteOffset: error.offset), message: error.message)
            }
        }
    }
}

struct WKTParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var hasZ = false
    var hasM = false

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    func failure(_ message: String, at offset: Int? = nil) -> ParseFailure {
        ParseFailure(offset: offset ?? index, message: message)
    }

    func describe() -> String {
        guard index < bytes.count else { return "end of text" }
        var end = index
        while end < bytes.count, end - index < 12, bytes[end] != 0x20 { end += 1 }
        return "\"\(String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self))\""
    }

    mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    /// Reads a keyword (letters) in upper case, or "" when none.
    mutating func word() -> String {
        skipSpace()
        let start = index
        while index < bytes.count, (bytes[index] | 0x20) >= 0x61 && (bytes[index] | 0x20) <= 0x7A { index += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self).uppercased()
    }

    mutating func parseSRIDPrefix() throws(ParseFailure) -> Int? {
        skipSpace()
        let save = index
        guard word() == "SRID" else {
            index = save
            return nil
        }
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { throw failure("expected '=' after SRID") }
        index += 1
        let start = index
        while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
        guard let srid = Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) else {
            throw failure("expected an integer SRID", at: start)
        }
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ";") else { throw failure("expected ';' after the SRID") }
        index += 1
        return srid
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(ParseFailure) {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { throw failure("expected \(what), found \(describe())") }
        index += 1
    }

    /// Consumes `(` and returns true, or consumes `EMPTY` and returns false.
    mutating func openOrEmpty() throws(ParseFailure) -> Bool {
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "(") {
            index += 1
            return true
        }
        let at = index
        if word() == "EMPTY" { return false }
        index = at
        throw failure("expected '(' or EMPTY, found \(describe())")
    }

    /// After an element: consumes `,` and returns true, or `)` and returns false.
    mutating func more() throws(ParseFailure) -> Bool {
        skipSpace()
        if index < bytes.count {
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                return true
            }
            if bytes[index] == UInt8(ascii: ")") {
                index += 1
                return false
            }
        }
        throw failure("expected ',' or ')', found \(describe())")
    }

    mutating func number() throws(ParseFailure) -> Double {
        skipSpace()
        let start = index
        while index < bytes.count {
            let b = bytes[index]
            if (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".")
                || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                index += 1
            } else {
                break
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if start == index {
            // NaN and Inf are written by some tools; accept them only as words.
            let w = word()
            if w == "NAN" { return .nan }
            if w == "INF" || w == "INFINITY" { return .infinity }
            index = start
            throw failure("expected a number, found \(describe())")
        }
        guard let value = Double(text) else { throw failure("\"\(text)\" is not a number", at: start) }
        return value
    }

    mutating func position() throws(ParseFailure) -> Position {
        let start = index
        let x = try number()
        let y = try number()
        var values: [Double] = []
        while true {
            skipSpace()
            guard index < bytes.count else { break }
            let b = bytes[index]
            if b == UInt8(ascii: ",") || b == UInt8(ascii: ")") { break }
            values.append(try number())
            if values.count > 2 { throw failure("a position has at most 4 numbers (x y z m)", at: start) }
        }
        guard x.isFinite, y.isFinite, values.count < 2 || hasM || values[0].isFinite, values.count != 1 || hasM && !hasZ || values[0].isFinite else {
            throw failure("a coordinate is not a finite number", at: start)
        }
        switch (values.count, hasZ, hasM) {
        case (0, false, false): return Position(x: x, y: y)
        case (1, true, false): return Position(x: x, y: y, z: values[0])
        case (1, false, true): return Position(x: x, y: y)
        case (1, false, false): return Position(x: x, y: y, z: values[0])  // implicit Z, as GEOS reads it
        case (2, _, _): return Position(x: x, y: y, z: values[0])
        default:
            let expected = 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0)
            throw failure("a position here needs \(expected) numbers, found \(values.count + 2)", at: start)
        }
    }

    mutating func positions() throws(ParseFailure) -> [Position] {
        guard try openOrEmpty() else { return [] }
        var result: [Position] = []
        repeat { result.append(try position()) } while try more()
        return result
    }

    mutating func lines() throws(ParseFailure) -> [[Position]] {
        guard try openOrEmpty() else { return [] }
        var result: [[Position]] = []
        repeat { result.append(try positions()) } while try more()
        return result
    }

    mutating func parseDimensions() {
        let save = index
        switch word() {
        case "Z": hasZ = true
        case "M": hasM = true
        case "ZM": (hasZ, hasM) = (true, true)
        default: index = save
        }
    }

    mutating func parseGeometry(depth: Int) throws(ParseFailure) -> Geometry {
        guard depth <= Geometry.maximumCollectionNesting else { throw failure("geometry collections nested deeper than \(Geometry.maximumCollectionNesting) levels") }
        skipSpace()
        let at = index
        var keyword = word()
        // "POINTZ" and friends, as some writers spell them.
        for suffix in ["ZM", "Z", "M"] where keyword.count > suffix.count && keyword.hasSuffix(suffix)
            && GeometryType.allCases.contains(where: { $0.wktName == String(keyword.dropLast(suffix.count)) })
        {
            keyword = String(keyword.dropLast(suffix.count))
            hasZ = suffix.contains("Z")
            hasM = suffix.contains("M")
        }
        if keyword == "LINEARRING" {
            // GEOS writes rings on their own; GeoKit models them as closed line strings.
            let outerZ = hasZ, outerM = hasM
            parseDimensions()
            defer { (hasZ, hasM) = (outerZ, outerM) }
            let ring = try positions()
            if let problem = GeometryStructure.ringProblem(ring) { throw failure("invalid LINEARRING: \(problem)", at: at) }
            return .lineString(ring)
        }
        guard let type = GeometryType.allCases.first(where: { $0.wktName == keyword }) else {
            index = at
            throw failure(keyword.isEmpty ? "expected a geometry keyword (POINT, LINESTRING, POLYGON…), found \(describe())"
                                          : "unknown geometry type \"\(keyword)\"")
        }
        let outerZ = hasZ, outerM = hasM
        parseDimensions()
        defer { (hasZ, hasM) = (outerZ, outerM) }
        switch type {
        case .point:
            guard try openOrEmpty() else { return .point(.empty) }
            let p = try position()
            try expect(UInt8(ascii: ")"), "')' closing the point")
            return .point(p)
        case .lineString: return .lineString(try positions())
        case .polygon: return .polygon(try lines())
        case .multiLineString: return .multiLineString(try lines())
        case .multiPoint:
            guard try openOrEmpty() else { return .multiPoint([]) }
            var result: [Position] = []
            repeat {
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "(") {
                    index += 1
                    result.append(try position())
                    try expect(UInt8(ascii: ")"), "')' closing a point")
                } else {
                    let save = index
                    if word() == "EMPTY" { result.append(.empty) } else {
                        index = save
                        result.append(try position())
                    }
                }
            } while try more()
            return .multiPoint(result)
        case .multiPolygon:
            guard try openOrEmpty() else { return .multiPolygon([]) }
            var result: [[[Position]]] = []
            repeat { result.append(try lines()) } while try more()
            return .multiPolygon(result)
        case .geometryCollection:
            guard try openOrEmpty() else { return .geometryCollection([]) }
            var result: [Geometry] = []
            repeat { result.append(try parseGeometry(depth: depth + 1)) } while try more()
            return .geometryCollection(result)
        }
    }
}
