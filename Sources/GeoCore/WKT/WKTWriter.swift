extension WKT {
    /// Writes a geometry as WKT: `POINT (7.1 50.9)`, `POLYGON Z ((…))`, `POINT EMPTY`.
    /// Numbers use the shortest text that reads back exactly; integral values are written
    /// without a fraction (`POINT (1 2)`), as GEOS writes them.
    public static func encode(_ geometry: Geometry) -> String {
        var writer = ByteWriter(capacity: 64)
        writer.writeWKT(geometry, tagged: true)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

extension ByteWriter {
    mutating func writeWKT(number: Double) {
        if number.isFinite, number == number.rounded(), abs(number) < 1e15 {
            write(integer: Int64(number))
        } else if number.isNaN {
            write("NaN")
        } else {
            write(number: number)
        }
    }

    mutating func writeWKT(position p: Position) {
        writeWKT(number: p.x)
        write(UInt8(ascii: " "))
        writeWKT(number: p.y)
        if let z = p.z {
            write(UInt8(ascii: " "))
            writeWKT(number: z)
        }
    }

    mutating func writeWKT(positions: [Position]) {
        if positions.isEmpty {
            write("EMPTY")
            return
        }
        write(UInt8(ascii: "("))
        for (i, p) in positions.enumerated() {
            if i > 0 { write(", ") }
            writeWKT(position: p)
        }
        write(UInt8(ascii: ")"))
    }

    mutating func writeWKT(lines: [[Position]]) {
        if lines.isEmpty {
            write("EMPTY")
            return
        }
        write(UInt8(ascii: "("))
        for (i, l) in lines.enumerated() {
            if i > 0 { write(", ") }
            writeWKT(positions: l)
        }
        write(UInt8(ascii: ")"))
    }

    mutating func writeWKT(_ geometry: Geometry, tagged: Bool) {
        write(raw: geometry.type.wktName)
        if geometry.hasZ { write(" Z") }
        write(UInt8(ascii: " "))
        switch geometry {
        case .point(let p):
            if p.isEmpty { write("EMPTY") } else {
                write(UInt8(ascii: "("))
                writeWKT(position: p)
                write(UInt8(ascii: ")"))
            }
        case .multiPoint(let ps):
            if ps.isEmpty { write("EMPTY") } else {
                write(UInt8(ascii: "("))
                for (i, p) in ps.enumerated() {
                    if i > 0 { write(", ") }
                    if p.isEmpty { write("EMPTY") } else {
                        write(UInt8(ascii: "("))
                        writeWKT(position: p)
                        write(UInt8(ascii: ")"))
                    }
                }
                write(UInt8(ascii: ")"))
            }
        case .lineString(let ps): writeWKT(positions: ps)
        case .multiLineString(let ls), .polygon(let ls): writeWKT(lines: ls)
        case .multiPolygon(let polygons):
            if polygons.isEmpty { write("EMPTY") } else {
                write(UInt8(ascii: "("))
                for (i, p) in polygons.enumerated() {
                    if i > 0 { write(", ") }
                    writeWKT(lines: p)
                }
                write(UInt8(ascii: ")"))
            }
        case .geometryCollection(let members):
            if members.isEmpty { write("EMPTY") } else {
                write(UInt8(ascii: "("))
                for (i, g) in members.enumerated() {
                    if i > 0 { write(", ") }
                    writeWKT(g, tagged: true)
                }
                write(UInt8(ascii: ")"))
            }
        }
    }
}
