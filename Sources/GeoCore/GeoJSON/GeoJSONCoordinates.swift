/// Coordinate arrays as read, before the geometry type (which may come later in the
/// object) says how many levels of nesting they must have.
package enum CoordinateArray {
    case empty
    case position(Position)
    case positions([Position])
    case lines([[Position]])
    case polygons([[[Position]]])

    var depth: Int {
        switch self {
        case .empty: 0
        case .position: 1
        case .positions: 2
        case .lines: 3
        case .polygons: 4
        }
    }
}

extension GeoJSONParser {
    /// Parses a `coordinates` value of any nesting depth (1 to 4).
    mutating func parseCoordinates() throws(ParseFailure) -> CoordinateArray {
        let start = scanner.index
        // Count the opening brackets to learn the nesting depth.
        var probe = scanner.index
        var depth = 0
        let bytes = scanner.bytes
        while probe < bytes.count {
            let b = bytes[probe]
            if b == UInt8(ascii: "[") {
                depth += 1
                if depth > 4 {
                    throw scanner.failure("coordinates nested deeper than 4 levels (a MultiPolygon has 4)", at: probe)
                }
            } else if !(b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09) {
                break
            }
            probe += 1
        }
        if depth == 0 {
            throw scanner.failure("\"coordinates\" must be an array, found \(scanner.describeByte(at: probe))", at: start)
        }
        if probe < bytes.count, bytes[probe] == UInt8(ascii: "]"), depth == 1 {
            scanner.index = probe + 1
            return .empty
        }
        switch depth {
        case 1: return .position(try parsePosition())
        case 2: return .positions(try parsePositions())
        case 3: return .lines(try parseLines())
        default: return .polygons(try parsePolygons())
        }
    }

    @inline(__always)
    mutating func parsePosition() throws(ParseFailure) -> Position {
        scanner.skipWhitespace()
        let open = scanner.index
        guard open < scanner.bytes.count, scanner.bytes[open] == UInt8(ascii: "[") else {
            if open < scanner.bytes.count, isNumberStart(scanner.bytes[open]) {
                throw scanner.failure("a number was found where a position array was expected (coordinates need one more level of nesting)")
            }
            throw scanner.failure("expected a position (an array of 2 or 3 numbers), found \(scanner.describeByte(at: open))")
        }
        scanner.index += 1
        let x = try coordinateNumber()
        guard try scanner.continueAfterElement(closing: UInt8(ascii: "]"), in: "a position") else {
            throw scanner.failure("a position needs at least 2 numbers, found 1", at: open)
        }
        let y = try coordinateNumber()
        guard try scanner.continueAfterElement(closing: UInt8(ascii: "]"), in: "a position") else {
            return Position(x: x, y: y)
        }
        let z = try coordinateNumber()
        if try scanner.continueAfterElement(closing: UInt8(ascii: "]"), in: "a position") {
            warn("position with more than 3 numbers: the extra values (such as M) were dropped", at: open)
            repeat { _ = try coordinateNumber() } while try scanner.continueAfterElement(closing: UInt8(ascii: "]"), in: "a position")
        }
        return Position(x: x, y: y, z: z)
    }

    @inline(__always)
    private func isNumberStart(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "-") || (b >= 0x30 && b <= 0x39)
    }

    @inline(__always)
    private mutating func coordinateNumber() throws(ParseFailure) -> Double {
        scanner.skipWhitespace()
        let at = scanner.index
        guard at < scanner.bytes.count, isNumberStart(scanner.bytes[at]) else {
            if at < scanner.bytes.count, scanner.bytes[at] == UInt8(ascii: "[") {
                throw scanner.failure("an array was found where a number of a position was expected (coordinates nested too deeply)")
            }
            throw scanner.failure("expected a number in a position, found \(scanner.describeByte(at: at))")
        }
        let value = try scanner.parseDouble()
        guard value.isFinite else {
            throw scanner.failure("coordinate out of range of a 64-bit float", at: at)
        }
        return value
    }

    mutating func parsePositions() throws(ParseFailure) -> [Position] {
        try scanner.expect(UInt8(ascii: "["), "'[' starting a list of positions")
        var result: [Position] = []
        if scanner.peek() == UInt8(ascii: "]") {
            scanner.index += 1
            return result
        }
        repeat { result.append(try parsePosition()) } while try scanner.continueAfterElement(closing: UInt8(ascii: "]"), in: "a list of positions")
        return result
    }

    mutating func parseLines() throws(ParseFailure) -> [[Position]] {
        try scanner.expect(UInt8(ascii: "["), "'[' starting a list of lines or rings")
        var result: [[Position]] = []
        if scanner.peek() == UInt8(ascii: "]") {
            scanner.index += 1
            return result
        }
        repeat { result.append(try parsePositions()) } while try scanner.continueAfterElement(closing: UInt8(ascii: "]"), in: "a list of lines or rings")
        return result
    }

    mutating func parsePolygons() throws(ParseFailure) -> [[[Position]]] {
        try scanner.expect(UInt8(ascii: "["), "'[' starting a list of polygons")
        var result: [[[Position]]] = []
        if scanner.peek() == UInt8(ascii: "]") {
            scanner.index += 1
            return result
        }
        repeat { result.append(try parseLines()) } while try scanner.continueAfterElement(closing: UInt8(ascii: "]"), in: "a list of polygons")
        return result
    }
}
